"""The cached archive: per audience and language, never older than what it shows."""

import datetime
from unittest import mock

from django.utils import timezone

from issues import services
from issues.models import Issue
from organisations.models import Organisation
from tests.portal_fixtures import issue_path, make_published_issue, make_recipient


def archive_html(client, query=None) -> str:
    response = client.get("/", query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_each_audience_sees_its_own_archive(
    client, recipient, other_recipient, staff, restricted_issue, public_series, bureau
):
    public = make_published_issue(public_series, number=5, recipients=(bureau,))
    seen = {}
    for viewer in (recipient, other_recipient, staff, None):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        archive_html(client)  # the first view fills the cache, the second reads it
        seen[viewer] = archive_html(client)
    assert issue_path(restricted_issue) in seen[recipient]
    assert issue_path(restricted_issue) not in seen[other_recipient]
    assert issue_path(restricted_issue) in seen[staff]
    assert issue_path(restricted_issue) not in seen[None]
    assert all(issue_path(public) in html for html in seen.values())


def test_the_language_chosen_is_the_language_shown(client, recipient, restricted_issue):
    client.force_login(recipient)
    assert "<h1>简报归档</h1>" in archive_html(client)
    client.cookies["django_language"] = "en"
    assert "<h1>Bulletin archive</h1>" in archive_html(client)


def test_a_published_or_revoked_issue_shows_at_once(
    client, recipient, make_user, restricted_issue, restricted_series, bureau
):
    client.force_login(recipient)
    archive_html(client)
    newer = make_published_issue(restricted_series, number=27, recipients=(bureau,))
    assert issue_path(newer) in archive_html(client)
    services.revoke(newer, make_user("admin", is_superuser=True), "重复印发")
    assert "已作废" in archive_html(client)


def test_a_scheduled_issue_appears_at_its_time(client, recipient, restricted_series, bureau):
    due = timezone.now() + datetime.timedelta(minutes=3)
    scheduled = make_published_issue(
        restricted_series, number=28, recipients=(bureau,), published_at=due
    )
    client.force_login(recipient)
    assert issue_path(scheduled) not in archive_html(client)
    assert issue_path(scheduled) not in archive_html(client)
    later = due + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert issue_path(scheduled) in archive_html(client)


def test_a_new_member_of_an_organisation_sees_its_issues(
    client, restricted_issue, association, outsider_organisation
):
    user = make_recipient("moving-reader", outsider_organisation)
    client.force_login(user)
    assert issue_path(restricted_issue) not in archive_html(client)
    user.membership.organisation = association
    user.membership.save()
    assert issue_path(restricted_issue) in archive_html(client)


def test_an_issue_removed_from_the_archive_goes_at_once(client, staff, restricted_series, bureau):
    client.force_login(staff)
    historical = make_published_issue(restricted_series, number=29, recipients=(bureau,))
    assert issue_path(historical) in archive_html(client)
    super(Issue, historical).delete()  # past the freeze guard, as the importer's --replace
    assert issue_path(historical) not in archive_html(client)


def test_search_results_are_kept_per_query(client, recipient, restricted_issue):
    client.force_login(recipient)
    assert issue_path(restricted_issue) in archive_html(client, {"q": "表彰"})
    assert issue_path(restricted_issue) not in archive_html(client, {"q": "没有这个词"})
    assert issue_path(restricted_issue) in archive_html(client, {"q": "表彰"})
    # Any change retires every kept result: a contributor's new name shows at once.
    contributor = Organisation.objects.filter(articles__issue=restricted_issue).first()
    contributor.name = "新单位"
    contributor.save()
    assert "新单位" in archive_html(client, {"q": "表彰"})
