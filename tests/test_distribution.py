"""Receipts by button and by reading, 补发, finding issues by number, filters per viewer, roles."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from issues import roles, services
from issues.exceptions import TransitionNotAllowed, WorkflowPermissionDenied
from issues.models import IssueEvent
from organisations.models import Contact, Membership, Organisation
from portal.models import Receipt
from tests.portal_fixtures import issue_path, make_published_issue, make_recipient


def test_the_receipt_button_acknowledges_for_the_organisation(
    client, recipient, restricted_issue, bureau
):
    restricted_issue.series.receipt_on_reading = False
    restricted_issue.series.save()
    client.force_login(recipient)
    page = client.get(issue_path(restricted_issue))
    assert "button--receipt" in page.text  # not received yet: the button is offered
    assert not Receipt.objects.exists()
    response = client.post(issue_path(restricted_issue, "receipt/"))
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert (receipt.organisation, receipt.user, receipt.method) == (
        bureau,
        recipient,
        Receipt.Method.BUTTON,
    )
    page = client.get(issue_path(restricted_issue))
    assert "button--receipt" not in page.text
    assert "bureau-reader" in page.text  # when and by whom


def test_reading_online_counts_where_the_series_says_so(
    client, recipient, restricted_issue, other_recipient
):
    client.force_login(recipient)
    client.get(issue_path(restricted_issue))
    assert Receipt.objects.get().method == Receipt.Method.READING
    client.get(issue_path(restricted_issue))
    assert Receipt.objects.count() == 1  # the first one stands


def test_only_organisations_on_the_list_may_acknowledge(
    client, staff, public_series, restricted_issue, other_recipient, outsider_organisation
):
    public_issue = make_published_issue(public_series, recipients=())
    client.force_login(other_recipient)
    assert client.post(issue_path(public_issue, "receipt/")).status_code == 403
    assert client.post(issue_path(restricted_issue, "receipt/")).status_code == 404
    client.force_login(staff)
    assert client.post(issue_path(restricted_issue, "receipt/")).status_code == 403
    assert client.get(issue_path(restricted_issue, "receipt/")).status_code == 405
    assert not Receipt.objects.exists()


def test_the_issue_list_shows_the_receipt_rate(client, approver, restricted_issue, recipient):
    client.force_login(recipient)
    client.get(issue_path(restricted_issue))
    client.force_login(approver)
    page = client.get(reverse("admin:issues_issue_changelist"))
    assert "1/2" in page.text


def test_reissue_adds_the_organisation_records_who_and_sends_the_notice(
    client,
    approver,
    editor,
    restricted_issue,
    outsider_organisation,
    other_recipient,
    django_capture_on_commit_callbacks,
):
    Contact.objects.create(organisation=outsider_organisation, name="李华", email="li@zj.example")
    client.force_login(other_recipient)
    assert client.get(issue_path(restricted_issue)).status_code == 404
    with pytest.raises(WorkflowPermissionDenied):
        services.reissue(restricted_issue, editor, outsider_organisation)
    client.force_login(approver)
    url = reverse("admin:issues_issue_reissue", args=[restricted_issue.pk])
    assert outsider_organisation.name in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"organisation": outsider_organisation.pk, "role": "issue"})
    line = restricted_issue.recipient_snapshot.get(organisation=outsider_organisation)
    assert (line.added_by, line.position) == (approver, 3)
    assert line.added_at is not None
    event = restricted_issue.events.get(action=IssueEvent.Action.REISSUE)
    assert (event.user, event.comment) == (approver, outsider_organisation.name)
    [notice] = mail.outbox
    assert notice.to == ["李华 <li@zj.example>"]
    client.force_login(other_recipient)
    assert client.get(issue_path(restricted_issue)).status_code == 200
    with pytest.raises(TransitionNotAllowed):
        services.reissue(restricted_issue, approver, outsider_organisation)


@pytest.mark.parametrize(
    "query",
    [
        "2020年第26期",
        "2020-26",
        "2020/26",
        "第26期",
        "总第289期",
        "289",
        "2020年第26期（总第289期）",
    ],
)
def test_find_an_issue_by_its_number_in_the_portal_and_the_admin(
    client, staff, approver, restricted_issue, restricted_series, query
):
    other = make_published_issue(restricted_series, year=2021, number=3, cumulative_number=300)
    client.force_login(staff)
    page = client.get("/", {"q": query}).content.decode()
    assert issue_path(restricted_issue) in page
    assert issue_path(other) not in page
    client.force_login(approver)
    results = client.get(reverse("admin:issues_issue_changelist"), {"q": query})
    found = list(results.context["cl"].result_list)
    assert found == [restricted_issue]


def test_a_number_with_the_year_filter(client, staff, restricted_issue, restricted_series):
    make_published_issue(restricted_series, year=2021, number=26, cumulative_number=300)
    client.force_login(staff)
    page = client.get("/", {"q": "第26期", "year": "2020"})
    assert [issue.pk for issue in page.context["page"].object_list] == [restricted_issue.pk]


def test_the_filters_offer_only_what_the_viewer_may_see(
    client, recipient, restricted_issue, public_series, outsider_organisation, bureau
):
    make_published_issue(
        public_series,
        year=2019,
        recipients=(),
        articles=(("公开的一篇", "<p>公开</p>", (outsider_organisation,)),),
    )
    Organisation.objects.create(name="从未供稿的单位")
    anonymous = client.get("/").context["filter"]
    assert dict(anonymous.filters["organisation"].extra["choices"]) == {
        str(outsider_organisation.pk): outsider_organisation.name
    }
    assert [value for value, _ in anonymous.filters["series"].extra["choices"]] == ["gongkai"]
    assert [value for value, _ in anonymous.filters["year"].extra["choices"]] == ["2019"]
    client.force_login(recipient)
    member = client.get("/").context["filter"]
    names = {name for _, name in member.filters["organisation"].extra["choices"]}
    assert bureau.name in names and "从未供稿的单位" not in names
    assert {value for value, _ in member.filters["year"].extra["choices"]} == {"2019", "2020"}


@pytest.mark.parametrize(
    ("role", "is_staff", "is_superuser", "groups"),
    [
        ("editor", True, False, [roles.EDITORS]),
        ("approver", True, False, [roles.APPROVERS]),
        ("administrator", True, True, []),
        ("recipient", False, False, []),
        ("contributor", False, False, [roles.CONTRIBUTORS]),
    ],
)
def test_a_new_user_is_made_with_its_role(
    client, superuser, bureau, role, is_staff, is_superuser, groups
):
    client.force_login(superuser)
    form = {
        "username": "new-user",
        "last_name": "张",
        "first_name": "三",
        "email": "zhang@example.org",
        "role": role,
        "organisation": bureau.pk if role in ("recipient", "contributor") else "",
        "usable_password": "true",
        "password1": "a-long-password-2026",
        "password2": "a-long-password-2026",
    }
    response = client.post(reverse("admin:auth_user_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new-user")
    assert (user.is_staff, user.is_superuser) == (is_staff, is_superuser)
    assert [group.name for group in user.groups.all()] == groups
    assert Membership.objects.filter(user=user, organisation=bureau).exists() == (
        role in ("recipient", "contributor")
    )
    assert (user.last_name, user.first_name, user.email) == ("张", "三", "zhang@example.org")


def test_a_recipient_account_needs_its_organisation(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:auth_user_add"))
    assert "收文单位" in page.text and "签发人" in page.text
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "reader",
            "role": "recipient",
            "usable_password": "true",
            "password1": "a-long-password-2026",
            "password2": "a-long-password-2026",
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="reader").exists()


def test_reminders_go_to_the_contacts_of_those_still_waiting(
    approver, restricted_issue, bureau, association, django_capture_on_commit_callbacks
):
    from portal import services as portal_services

    Receipt.objects.create(issue=restricted_issue, organisation=bureau)
    Contact.objects.create(organisation=association, name="赵六", email="zhao@assoc.example")
    make_recipient("association-reader", association)  # has a contact: not written to
    Contact.objects.create(organisation=bureau, name="已签收", email="done@bureau.example")
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_services.send_receipt_reminders(restricted_issue, approver) == 1
    [reminder] = mail.outbox
    assert reminder.to == ["赵六 <zhao@assoc.example>"]
