"""After sign-off nothing about an issue changes, by any path but the workflow's own."""

from contextlib import contextmanager

import pytest
from django.contrib.admin.sites import site
from django.db import transaction
from django.urls import reverse

from issues import services
from issues.exceptions import IssueFrozenError
from issues.models import Article, Issue, IssueRecipient
from organisations.models import Organisation

pytestmark = pytest.mark.usefixtures("fake_pdf")

FROZEN = [Issue.Status.SIGNED_OFF, Issue.Status.PUBLISHED, Issue.Status.REVOKED]


@contextmanager
def refused():
    """Expect the freeze error; a savepoint lets the test go on after it."""
    with pytest.raises(IssueFrozenError), transaction.atomic():
        yield


@pytest.fixture(params=FROZEN)
def frozen_issue(request, make_issue, move_issue_to):
    return move_issue_to(make_issue(), request.param)


def test_issue_save_and_delete_are_refused(frozen_issue):
    frozen_issue.print_count = 500
    with refused():
        frozen_issue.save()
    with refused():
        frozen_issue.delete()
    assert Issue.objects.get(pk=frozen_issue.pk).print_count is None


def test_a_stale_instance_cannot_save_over_a_frozen_issue(make_issue, move_issue_to):
    issue = make_issue()
    stale = Issue.objects.get(pk=issue.pk)
    move_issue_to(issue, Issue.Status.SIGNED_OFF)
    with refused():
        stale.save()


def test_issue_queryset_update_and_delete_are_refused(frozen_issue, make_issue):
    draft = make_issue()
    with refused():
        Issue.objects.update(print_count=1)
    with refused():
        Issue.objects.all().delete()
    assert Issue.objects.count() == 2
    assert Issue.objects.filter(pk=draft.pk).update(print_count=3) == 1


def test_articles_cannot_be_changed_added_or_deleted(frozen_issue):
    article = frozen_issue.articles.first()
    article.headline = "改过的标题"
    with refused():
        article.save()
    with refused():
        article.delete()
    with refused():
        Article.objects.create(issue=frozen_issue, headline="新文章", body="<p>x</p>")
    with refused():
        Article.objects.filter(issue=frozen_issue).update(headline="改")
    with refused():
        Article.objects.filter(issue=frozen_issue).delete()
    with refused():
        Article.objects.bulk_update([article], ["headline"])
    assert list(frozen_issue.articles.values_list("headline", flat=True)) == ["第1篇", "第2篇"]


def test_contributing_organisations_cannot_be_changed(frozen_issue):
    organisation = Organisation.objects.create(name="上海市邮政管理局")
    article = frozen_issue.articles.first()
    with refused():
        article.organisations.add(organisation)
    with refused():
        organisation.articles.add(article)
    with refused():
        article.organisations.clear()


def test_the_recipient_snapshot_cannot_be_changed(frozen_issue):
    recipient = frozen_issue.recipient_snapshot.first()
    recipient.name = "别的单位"
    with refused():
        recipient.save()
    with refused():
        IssueRecipient.objects.filter(issue=frozen_issue).delete()


def test_content_and_numbers_are_not_among_the_fields_recorded_after_sign_off(frozen_issue):
    frozen_issue.cumulative_number = 1
    with refused():
        frozen_issue.record_on_frozen_issue("cumulative_number")
    assert Issue.objects.get(pk=frozen_issue.pk).cumulative_number == 290


def test_drafts_stay_editable(make_issue):
    draft = make_issue()
    draft.print_count = 300
    draft.save()
    draft.articles.first().delete()
    draft.delete()
    assert not Issue.objects.exists()


class TestAdmin:
    def test_the_change_page_is_read_only(self, client, approver, frozen_issue):
        client.force_login(approver)
        url = reverse("admin:issues_issue_change", args=[frozen_issue.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
        assert not page.context["has_delete_permission"]
        articles, mails = page.context["inline_admin_formsets"]
        assert not mails.has_add_permission and not mails.has_change_permission
        assert not articles.has_add_permission
        assert not articles.has_change_permission
        assert not articles.has_delete_permission
        assert 'name="articles-0-headline"' not in page.text
        assert "第1篇的正文。" in page.text  # the body, shown as text

        assert client.post(url, {"issue_date": "2027-01-01"}).status_code == 403

    def test_the_delete_page_is_refused(self, client, superuser, frozen_issue):
        client.force_login(superuser)
        url = reverse("admin:issues_issue_delete", args=[frozen_issue.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Issue.objects.filter(pk=frozen_issue.pk).exists()

    def test_bulk_delete_protects_frozen_issues(self, client, superuser, frozen_issue, make_issue):
        draft = make_issue()
        client.force_login(superuser)
        response = client.post(
            reverse("admin:issues_issue_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [frozen_issue.pk, draft.pk],
                "post": "yes",
            },
        )
        assert response.status_code == 200  # the page saying why nothing was deleted
        assert Issue.objects.count() == 2

    def test_a_draft_with_history_can_be_deleted(self, client, editor, approver, make_issue):
        draft = make_issue()
        services.return_to_draft(services.submit(draft, editor), approver, "不用了")
        client.force_login(editor)
        response = client.post(
            reverse("admin:issues_issue_changelist"),
            {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert not Issue.objects.exists()

    def test_bulk_delete_refused_by_the_models_too(self, rf, superuser, frozen_issue):
        request = rf.post("/")
        request.user = superuser
        with refused():
            site._registry[Issue].delete_queryset(request, Issue.objects.all())


def test_nobody_edits_an_issue_in_review_in_the_admin(client, make_issue, editor, approver):
    # An approver who wants to edit takes the issue back to draft first (tests/test_review.py).
    issue = services.submit(make_issue(), editor)
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    for user in (editor, approver):
        client.force_login(user)
        assert not client.get(url).context["has_change_permission"]
