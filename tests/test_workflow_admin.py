"""The workflow in the admin: buttons, confirmation pages, history and the waiting list."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from issues import services
from issues.models import Issue

pytestmark = pytest.mark.usefixtures("fake_pdf")

Status = Issue.Status


def change_url(issue):
    return reverse("admin:issues_issue_change", args=[issue.pk])


def step_url(issue, step):
    return reverse("admin:issues_issue_transition", args=[issue.pk, step])


def buttons(page) -> list[str]:
    return re.findall(r'class="workflow-button workflow-([a-z-]+)"', page.text)


class TestButtons:
    def test_an_editor_sees_submit_on_a_draft(self, client, make_issue, editor):
        client.force_login(editor)
        page = client.get(change_url(make_issue()))
        assert buttons(page) == ["submit"]
        assert reverse("admin:issues_issue_pdf_preview", args=[page.context["original"].pk]) in (
            page.text
        )

    def test_the_approver_sees_return_and_sign_off(self, client, make_issue, editor, approver):
        issue = services.submit(make_issue(), editor)
        client.force_login(approver)
        assert buttons(client.get(change_url(issue))) == ["return", "take-back", "sign-off"]
        client.force_login(editor)
        assert buttons(client.get(change_url(issue))) == ["withdraw"]

    def test_publish_then_nothing_but_revoke_for_the_administrator(
        self, client, make_issue, move_issue_to, approver, superuser
    ):
        issue = move_issue_to(make_issue(), Status.SIGNED_OFF)
        client.force_login(approver)
        page = client.get(change_url(issue))
        assert buttons(page) == ["publish"]
        assert reverse("admin:issues_issue_official_pdf", args=[issue.pk]) in page.text
        services.publish(issue, approver)
        assert buttons(client.get(change_url(issue))) == []
        client.force_login(superuser)
        assert buttons(client.get(change_url(issue))) == ["revoke"]

    def test_the_change_page_shows_what_keeps_a_draft_from_being_submitted(
        self, client, make_issue, editor
    ):
        """A missing date was refused only on the confirmation page; now the form says so."""
        issue = make_issue(issue_date=None)
        client.force_login(editor)
        page = client.get(change_url(issue))
        warning = page.text.split('id="submission-problems"')[1].split("</ul>")[0]
        assert "本期尚不能提交审核" in warning and "1. 本期没有填写日期。" in warning
        assert buttons(page) == ["submit"]
        assert 'title="尚不能提交审核： 本期没有填写日期。"' in page.text
        assert "提交审核（尚有1处待补）" in page.text
        issue.issue_date = datetime.date(2026, 3, 2)
        issue.save()
        page = client.get(change_url(issue))
        assert 'id="submission-problems"' not in page.text and "待补" not in page.text

    def test_only_a_draft_is_checked_for_submission(self, client, make_issue, editor, approver):
        issue = services.submit(make_issue(), editor)
        Issue.objects.filter(pk=issue.pk).update(issue_date=None)  # as an import might leave it
        client.force_login(approver)
        assert "submission-problems" not in client.get(change_url(issue)).text


class TestConfirmationPages:
    def test_submit_lists_the_problems_and_offers_no_confirm(self, client, make_issue, editor):
        issue = make_issue(articles=0, issue_date=None)
        client.force_login(editor)
        page = client.get(step_url(issue, "submit"))
        assert page.status_code == 200
        assert page.context["problems"] == ["本期没有文章。", "本期没有填写日期。"]
        assert 'name="confirm"' not in page.text
        response = client.post(step_url(issue, "submit"), follow=True)
        assert "本期没有文章。" in response.text
        assert Issue.objects.get(pk=issue.pk).status == Status.DRAFT

    def test_return_needs_a_comment_which_the_editor_then_reads(
        self, client, make_issue, editor, approver
    ):
        issue = services.submit(make_issue(), editor)
        client.force_login(approver)
        page = client.post(step_url(issue, "return"), {"comment": ""})
        assert page.status_code == 200
        assert page.context["form"].errors["comment"]
        assert client.post(step_url(issue, "return"), {"comment": "请补充数据"}).status_code == 302
        client.force_login(editor)
        page = client.get(change_url(issue))
        assert "请补充数据" in page.text
        assert 'class="returned-notice' in page.text

    def test_sign_off_then_publish_at_a_later_time(self, client, make_issue, editor, approver):
        issue = services.submit(make_issue(), editor)
        client.force_login(approver)
        response = client.post(step_url(issue, "sign-off"), follow=True)
        assert "2026年第1期（总第290期）" in response.text
        later = timezone.localtime() + datetime.timedelta(days=1)
        response = client.post(
            step_url(issue, "publish"), {"publish_at": later.strftime("%Y-%m-%dT%H:%M")}
        )
        assert response.status_code == 302
        issue.refresh_from_db()
        assert issue.status == Status.PUBLISHED
        assert issue.is_scheduled
        assert issue.published_at == later.replace(second=0, microsecond=0)

    def test_a_publish_time_in_the_past_is_refused_by_the_form(
        self, client, make_issue, move_issue_to, approver
    ):
        issue = move_issue_to(make_issue(), Status.SIGNED_OFF)
        client.force_login(approver)
        page = client.post(step_url(issue, "publish"), {"publish_at": "2020-01-01T08:00"})
        assert page.context["form"].errors["publish_at"]
        assert Issue.objects.get(pk=issue.pk).status == Status.SIGNED_OFF

    def test_a_step_the_user_may_not_take_is_refused_with_a_message(
        self, client, make_issue, editor
    ):
        issue = services.submit(make_issue(), editor)
        client.force_login(editor)
        response = client.post(step_url(issue, "sign-off"), follow=True)
        assert response.redirect_chain[-1][0] == change_url(issue)
        assert "Sign off" in response.text or "签发" in response.text
        assert Issue.objects.get(pk=issue.pk).status == Status.IN_REVIEW

    def test_unknown_steps_and_issues_are_not_found(self, client, make_issue, editor):
        client.force_login(editor)
        assert client.get(step_url(make_issue(), "explode")).status_code == 404
        url = reverse("admin:issues_issue_transition", args=[999999, "submit"])
        assert client.get(url).status_code == 404


def test_history_is_shown_newest_first(client, make_issue, editor, approver):
    issue = services.submit(make_issue(), editor)
    services.return_to_draft(issue, approver, "第一次退回")
    services.submit(issue, editor)
    client.force_login(editor)
    page = client.get(change_url(issue))
    assert [e.action for e in page.context["history"]] == ["submit", "return", "submit"]
    assert page.text.count('class="workflow-event"') == 3


def test_events_are_read_only_in_the_admin(client, superuser, make_issue, editor):
    issue = services.submit(make_issue(), editor)
    event = issue.events.get()
    client.force_login(superuser)
    assert client.get(reverse("admin:issues_issueevent_add")).status_code == 403
    url = reverse("admin:issues_issueevent_change", args=[event.pk])
    page = client.get(url)
    assert not page.context["has_change_permission"]
    assert client.post(url, {"comment": "改"}).status_code == 403
    delete_url = reverse("admin:issues_issueevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403


class TestIndex:
    def test_approvers_see_what_waits_for_sign_off(self, client, make_issue, editor, approver):
        issue = services.submit(make_issue(), editor)
        client.force_login(approver)
        page = client.get(reverse("admin:index"))
        assert "waiting-for-you" in page.text
        assert issue.get_admin_url() in page.text

    def test_editors_see_their_returned_drafts_with_the_comment(
        self, client, make_issue, editor, other_editor, approver
    ):
        mine = services.submit(make_issue(), editor)
        services.return_to_draft(mine, approver, "请核对日期")
        theirs = services.submit(make_issue(created_by=other_editor), other_editor)
        services.return_to_draft(theirs, approver, "别人的")
        resubmitted = services.submit(make_issue(), editor)
        services.return_to_draft(resubmitted, approver, "已改")
        services.submit(resubmitted, editor)
        client.force_login(editor)
        page = client.get(reverse("admin:index"))
        assert page.text.count("请核对日期") == 1
        assert "别人的" not in page.text
        assert page.context["work"].returned_drafts == [mine]

    def test_nothing_waiting_shows_nothing(self, client, editor):
        client.force_login(editor)
        assert "waiting-for-you" not in client.get(reverse("admin:index")).text

    def test_queries_do_not_grow_with_the_issues(
        self, client, make_issue, editor, approver, django_assert_num_queries
    ):
        def waiting_issues(count):
            for _ in range(count):
                services.submit(make_issue(), editor)
                services.return_to_draft(services.submit(make_issue(), editor), approver, "改")

        client.force_login(approver)
        waiting_issues(1)
        client.get(reverse("admin:index"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("admin:index"))
        waiting_issues(6)
        with django_assert_num_queries(len(few)):
            page = client.get(reverse("admin:index"))
        assert len(page.context["work"].in_review) == 7


def test_the_changelist_makes_the_same_queries_for_2_and_12_issues(
    client, make_issue, move_issue_to, editor, approver, superuser, django_assert_num_queries
):
    def issues_of_every_state(count):
        states = [Status.DRAFT, Status.IN_REVIEW, Status.SIGNED_OFF, Status.PUBLISHED]
        for index in range(count):
            move_issue_to(make_issue(), states[index % len(states)])

    client.force_login(approver)
    issues_of_every_state(2)
    client.get(reverse("admin:issues_issue_changelist"))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("admin:issues_issue_changelist")).status_code == 200
    issues_of_every_state(10)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("admin:issues_issue_changelist"))
    assert response.context["cl"].result_count == 12
