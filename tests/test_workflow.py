"""The workflow services: who may take which step from which state, and what each step records."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone, translation

from issues import selectors, services
from issues.exceptions import (
    IssueIncomplete,
    TransitionNotAllowed,
    WorkflowError,
    WorkflowPermissionDenied,
)
from issues.models import Article, Issue, IssueEvent
from notices.models import Mail
from notices.services import MAX_ATTEMPTS
from organisations.models import Recipient, Role

pytestmark = pytest.mark.usefixtures("fake_pdf")

Status = Issue.Status


@pytest.fixture(autouse=True)
def english():
    """These tests read the English source messages; test_workflow_admin reads the Chinese."""
    with translation.override("en"):
        yield


STATES = [Status.DRAFT, Status.IN_REVIEW, Status.SIGNED_OFF, Status.PUBLISHED, Status.REVOKED]
ACTORS = ["editor", "other_editor", "approver", "superuser", "staff_without_role"]

# (transition, state, actor) that are allowed, for an issue the editor created and submitted;
# every other combination is refused. Approvers hold the drafting permissions as well.
ALLOWED = {
    ("submit", Status.DRAFT, "editor"),
    ("submit", Status.DRAFT, "other_editor"),
    ("submit", Status.DRAFT, "approver"),
    ("submit", Status.DRAFT, "superuser"),
    ("withdraw", Status.IN_REVIEW, "editor"),
    ("return", Status.IN_REVIEW, "approver"),
    ("return", Status.IN_REVIEW, "superuser"),
    ("sign_off", Status.IN_REVIEW, "approver"),
    ("sign_off", Status.IN_REVIEW, "superuser"),
    ("publish", Status.SIGNED_OFF, "approver"),
    ("publish", Status.SIGNED_OFF, "superuser"),
    ("revoke", Status.PUBLISHED, "superuser"),
}

TAKE = {
    "submit": lambda issue, user: services.submit(issue, user),
    "withdraw": lambda issue, user: services.withdraw(issue, user),
    "return": lambda issue, user: services.return_to_draft(issue, user, "请补充数据"),
    "sign_off": lambda issue, user: services.sign_off(issue, user),
    "publish": lambda issue, user: services.publish(issue, user),
    "revoke": lambda issue, user: services.revoke(issue, user, "内容有误"),
}
EXPECTED_STATUS = {
    "submit": Status.IN_REVIEW,
    "withdraw": Status.DRAFT,
    "return": Status.DRAFT,
    "sign_off": Status.SIGNED_OFF,
    "publish": Status.PUBLISHED,
    "revoke": Status.REVOKED,
}


def stored_state(issue):
    issue = Issue.objects.get(pk=issue.pk)
    return (
        model_to_dict(issue),
        list(issue.official_copies.values_list("pk", "file")),
        issue.updated_at,
        list(issue.events.values_list("pk", flat=True)),
        list(issue.recipient_snapshot.values_list("pk", flat=True)),
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(TAKE))
def test_permission_matrix(request, make_issue, move_issue_to, action, state, actor):
    issue = move_issue_to(make_issue(), state)
    user = request.getfixturevalue(actor)
    if (action, state, actor) in ALLOWED:
        TAKE[action](issue, user)
        issue.refresh_from_db()
        assert issue.status == EXPECTED_STATUS[action]
        event = issue.events.first()
        assert (event.action, event.from_status, event.to_status, event.user) == (
            action,
            state,
            issue.status,
            user,
        )
    else:
        before = stored_state(issue)
        assert action not in {t.action for t in selectors.available_transitions(issue, user)}
        with pytest.raises(WorkflowError) as refusal:
            TAKE[action](issue, user)
        assert refusal.value.messages and all(refusal.value.messages)
        assert stored_state(issue) == before


@pytest.mark.parametrize(("action", "state", "actor"), sorted(ALLOWED))
def test_the_admin_offers_exactly_the_allowed_steps(
    request, make_issue, move_issue_to, action, state, actor
):
    issue = move_issue_to(make_issue(), state)
    user = request.getfixturevalue(actor)
    assert action in {t.action for t in selectors.available_transitions(issue, user)}


def test_refusals_are_validation_errors_and_role_refusals_also_permission_denied(
    make_issue, editor, staff_without_role
):
    issue = make_issue()
    with pytest.raises(PermissionDenied):
        services.submit(issue, staff_without_role)
    with pytest.raises(ValidationError):
        services.sign_off(issue, editor)
    with pytest.raises(TransitionNotAllowed):
        services.withdraw(issue, editor)


def test_a_full_round_with_a_return(
    make_issue, editor, approver, django_capture_on_commit_callbacks
):
    issue = make_issue()
    services.submit(issue, editor)
    services.return_to_draft(issue, approver, "第2篇缺少数据")
    assert issue.status == Status.DRAFT
    assert selectors.latest_return(issue).comment == "第2篇缺少数据"

    services.submit(issue, editor)
    assert selectors.latest_return(issue) is None
    services.sign_off(issue, approver)
    services.publish(issue, approver)

    assert issue.status == Status.PUBLISHED
    assert issue.issue_line == "2026年第1期（总第290期）"
    assert issue.is_visible_to_recipients
    assert [e.action for e in selectors.issue_history(issue)] == [
        "publish",
        "sign_off",
        "submit",
        "return",
        "submit",
    ]


def test_a_comment_is_required_to_return(make_issue, editor, approver):
    issue = services.submit(make_issue(), editor)
    with pytest.raises(WorkflowError, match="comment"):
        services.return_to_draft(issue, approver, "   ")
    assert Issue.objects.get(pk=issue.pk).status == Status.IN_REVIEW


def test_submission_lists_every_problem(make_issue, editor, series):
    series.default_distribution_list.recipients.exclude(role=Role.ISSUE).delete()
    issue = make_issue(articles=2, issue_date=None)
    Article.objects.filter(issue=issue, position=1).update(headline=" ")
    Article.objects.filter(issue=issue, position=2).update(body="<p> </p>")
    with pytest.raises(IssueIncomplete) as refusal:
        services.submit(issue, editor)
    assert refusal.value.messages == [
        "Article 1 has no headline.",
        "Article 2 has no body text.",
        "The issue has no issue date.",
        "The distribution list has no 报 or 送 entry.",
    ]
    assert Issue.objects.get(pk=issue.pk).status == Status.DRAFT


def test_an_empty_issue_without_a_list_cannot_be_submitted(make_issue, editor):
    issue = make_issue(articles=0, distribution_list=None)
    assert services.submission_problems(issue) == [
        "The issue has no articles.",
        "The issue has no distribution list.",
    ]


class TestFourEyes:
    def test_an_approver_cannot_sign_off_what_they_submitted(self, make_issue, approver):
        issue = services.submit(make_issue(), approver)
        with pytest.raises(WorkflowPermissionDenied, match="four-eyes"):
            services.sign_off(issue, approver)

    def test_nor_what_they_created(self, make_issue, editor, approver, other_approver):
        issue = services.submit(make_issue(created_by=approver), editor)
        with pytest.raises(WorkflowPermissionDenied):
            services.sign_off(issue, approver)
        assert services.sign_off(issue, other_approver).status == Status.SIGNED_OFF

    def test_superusers_follow_the_same_rule(self, make_issue, superuser):
        issue = services.submit(make_issue(created_by=superuser), superuser)
        with pytest.raises(WorkflowPermissionDenied):
            services.sign_off(issue, superuser)

    def test_the_setting_allows_self_sign_off(self, settings, make_issue, approver):
        settings.BULLETIN_ALLOW_SELF_SIGN_OFF = True
        issue = services.submit(make_issue(created_by=approver), approver)
        assert services.sign_off(issue, approver).status == Status.SIGNED_OFF


def test_only_the_submitter_may_withdraw(make_issue, editor, other_editor):
    issue = services.submit(make_issue(), editor)
    with pytest.raises(WorkflowPermissionDenied):
        services.withdraw(issue, other_editor)
    assert services.withdraw(issue, editor).status == Status.DRAFT
    assert issue.events.first().comment == ""


def test_an_inactive_approver_is_refused(make_issue, editor, approver):
    issue = services.submit(make_issue(), editor)
    approver.is_active = False
    approver.save()
    with pytest.raises(WorkflowPermissionDenied):
        services.sign_off(issue, approver)


class TestPublishing:
    def test_a_scheduled_issue_appears_at_its_time_by_itself(
        self, make_issue, move_issue_to, approver
    ):
        issue = move_issue_to(make_issue(), Status.SIGNED_OFF)
        at = timezone.now() + datetime.timedelta(hours=2)
        services.publish(issue, approver, at=at)
        assert issue.status == Status.PUBLISHED
        assert issue.is_scheduled
        assert not issue.is_visible_to_recipients
        assert not Issue.objects.visible_to_recipients().exists()
        later = at + datetime.timedelta(seconds=1)
        assert list(Issue.objects.visible_to_recipients(at=later)) == [issue]

    def test_signed_off_issues_are_not_visible(self, make_issue, move_issue_to):
        move_issue_to(make_issue(), Status.SIGNED_OFF)
        assert not Issue.objects.visible_to_recipients().exists()

    def test_a_time_in_the_past_is_refused(self, make_issue, move_issue_to, approver):
        issue = move_issue_to(make_issue(), Status.SIGNED_OFF)
        with pytest.raises(TransitionNotAllowed):
            services.publish(issue, approver, at=timezone.now() - datetime.timedelta(days=1))
        assert Issue.objects.get(pk=issue.pk).status == Status.SIGNED_OFF


def test_a_revoked_issue_keeps_its_numbers_and_stays_visible_with_a_mark(
    make_issue, move_issue_to, superuser
):
    issue = move_issue_to(make_issue(), Status.PUBLISHED)
    services.revoke(issue, superuser, "数据有误，以第2期为准")
    assert issue.status == Status.REVOKED
    assert issue.issue_line == "2026年第1期（总第290期）"
    assert issue.revoke_reason == "数据有误，以第2期为准"
    assert issue.revoked_by == superuser
    assert list(Issue.objects.visible_to_recipients()) == [issue]
    with pytest.raises(WorkflowError):
        services.revoke(issue, superuser, "")


def test_a_draft_like_the_2019_seed_becomes_2026_1_290(make_issue, editor, approver):
    """The 2019 seed is an undated draft; dated in 2026 it becomes the series' next issue."""
    draft = make_issue(articles=6, issue_date=None)
    with pytest.raises(IssueIncomplete):
        services.submit(draft, editor)
    draft.issue_date = datetime.date(2026, 1, 15)
    draft.save()
    services.submit(draft, editor)
    services.sign_off(draft, approver)
    assert draft.issue_line == "2026年第1期（总第290期）"


class TestRecipientSnapshot:
    def test_later_list_edits_leave_a_signed_off_issue_alone(
        self, make_issue, move_issue_to, distribution_list
    ):
        issue = move_issue_to(make_issue(), Status.SIGNED_OFF)
        distribution_list.recipients.filter(role=Role.SEND).update(free_text="改名后的协会")
        Recipient.objects.create(
            distribution_list=distribution_list, role=Role.REPORT, free_text="新增单位"
        )
        assert [(r.role, r.display_name) for r in issue.recipients_for_print()] == [
            (Role.REPORT, "上海市精神文明建设委员会"),
            (Role.SEND, "上海市快递行业协会"),
            (Role.ISSUE, "各快递企业"),
        ]

    def test_a_draft_shows_the_live_list_in_print_order(self, make_issue, distribution_list):
        issue = make_issue()
        Recipient.objects.create(
            distribution_list=distribution_list,
            role=Role.REPORT,
            free_text="后加的报送单位",
            position=4,
        )
        assert [r.display_name for r in issue.recipients_for_print()] == [
            "上海市精神文明建设委员会",
            "后加的报送单位",
            "上海市快递行业协会",
            "各快递企业",
        ]


class TestNotifications:
    def test_approvers_hear_of_a_submission(
        self,
        make_issue,
        editor,
        approver,
        other_approver,
        make_user,
        django_capture_on_commit_callbacks,
    ):
        make_user("approver-without-mail", "签发人", email="")
        make_user("retired-approver", "签发人", is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            services.submit(make_issue(), editor)
        addresses = sorted(m.to[0] for m in mail.outbox)
        assert addresses == sorted([approver.email, other_approver.email])

    def test_the_submitter_reads_the_comment_of_a_return(
        self, make_issue, editor, approver, django_capture_on_commit_callbacks
    ):
        issue = services.submit(make_issue(), editor)
        with django_capture_on_commit_callbacks(execute=True):
            services.return_to_draft(issue, approver, "标题太长")
        [message] = mail.outbox
        assert message.to == [editor.email]
        assert "标题太长" in message.body

    def test_creator_and_submitter_are_told_the_numbers(
        self, make_issue, editor, other_editor, approver, django_capture_on_commit_callbacks
    ):
        issue = services.submit(make_issue(created_by=other_editor), editor)
        with django_capture_on_commit_callbacks(execute=True):
            services.sign_off(issue, approver)
        assert sorted(m.to[0] for m in mail.outbox) == [other_editor.email, editor.email]
        assert all("2026年第1期（总第290期）" in m.body for m in mail.outbox)

    def test_nothing_is_sent_when_the_step_rolls_back(
        self, make_issue, editor, approver, django_capture_on_commit_callbacks
    ):
        issue = make_issue(articles=0)
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(IssueIncomplete),
        ):
            services.submit(issue, editor)
        assert callbacks == []
        assert mail.outbox == []

    def test_a_failed_mail_is_logged_and_the_step_stands(
        self,
        make_issue,
        editor,
        approver,
        settings,
        monkeypatch,
        caplog,
        django_capture_on_commit_callbacks,
    ):
        def refuse(self, messages):
            raise ConnectionRefusedError("no mail server")

        monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
            issue = services.submit(make_issue(), editor)
        assert Issue.objects.get(pk=issue.pk).status == Status.IN_REVIEW
        # The test settings' queue retries at once, until it gives up; the log shows each try.
        [failed] = Mail.objects.about(issue)
        assert (failed.status, failed.attempts) == (Mail.Status.FAILED, MAX_ATTEMPTS)
        assert "no mail server" in failed.last_error
        assert "failed: no mail server" in caplog.text


def test_record_historical_issue_publishes_an_import_with_its_numbers(make_issue, approver, editor):
    issue = make_issue(issue_date=datetime.date(2020, 7, 20))
    services.record_historical_issue(
        issue, year=2020, number=26, cumulative_number=289, user=approver
    )
    assert issue.status == Status.PUBLISHED
    assert issue.issue_line == "2020年第26期（总第289期）"
    assert issue.recipient_snapshot.count() == 3
    assert issue.events.get().action == IssueEvent.Action.RECORD_HISTORICAL
    with pytest.raises(WorkflowPermissionDenied):
        services.record_historical_issue(
            make_issue(), year=2020, number=27, cumulative_number=290, user=editor
        )
