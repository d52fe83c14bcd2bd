"""State changes of issues. Views, admin and commands call these; they hold the rules.

An issue moves draft → in review → signed off → published (→ revoked). Each
transition locks the issue row, checks the user's permission and the issue's
state, changes the issue and records an IssueEvent, all in one transaction:
a refused transition raises a WorkflowError and changes nothing.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from issues import notifications
from issues.exceptions import (
    IssueIncomplete,
    PdfNotMade,
    TransitionNotAllowed,
    WorkflowError,
    WorkflowPermissionDenied,
)
from issues.models import Issue, IssueEvent, IssueRecipient, Series
from issues.pdf import render as pdf_render
from organisations.models import Role
from signatures import signing

logger = logging.getLogger(__name__)

Status = Issue.Status
Action = IssueEvent.Action


@dataclass(frozen=True)
class Transition:
    """One step of the workflow, as the admin offers it."""

    action: str  # an IssueEvent.Action; also the admin URL's last part
    label: str
    from_status: str
    to_status: str
    # None: superusers only.
    permission: str | None
    needs_comment: bool = False
    offers_publish_time: bool = False

    @property
    def slug(self) -> str:
        return self.action.replace("_", "-")


SUBMIT = Transition(
    Action.SUBMIT,
    gettext_lazy("Submit for review"),
    Status.DRAFT,
    Status.IN_REVIEW,
    "issues.submit_issue",
)
WITHDRAW = Transition(
    Action.WITHDRAW,
    gettext_lazy("Withdraw"),
    Status.IN_REVIEW,
    Status.DRAFT,
    "issues.submit_issue",
)
RETURN = Transition(
    Action.RETURN,
    gettext_lazy("Return for changes"),
    Status.IN_REVIEW,
    Status.DRAFT,
    "issues.sign_off_issue",
    needs_comment=True,
)
SIGN_OFF = Transition(
    Action.SIGN_OFF,
    gettext_lazy("Sign off"),
    Status.IN_REVIEW,
    Status.SIGNED_OFF,
    "issues.sign_off_issue",
)
PUBLISH = Transition(
    Action.PUBLISH,
    gettext_lazy("Publish"),
    Status.SIGNED_OFF,
    Status.PUBLISHED,
    "issues.publish_issue",
    offers_publish_time=True,
)
REVOKE = Transition(
    Action.REVOKE,
    gettext_lazy("Revoke"),
    Status.PUBLISHED,
    Status.REVOKED,
    None,
    needs_comment=True,
)
TRANSITIONS = (SUBMIT, WITHDRAW, RETURN, SIGN_OFF, PUBLISH, REVOKE)


def check_transition(transition: Transition, issue: Issue, user) -> None:
    """Raise a WorkflowError unless `user` may take `transition` on `issue` as it is now."""
    if transition.permission is None:
        if not (user.is_active and user.is_superuser):
            raise WorkflowPermissionDenied(
                _("Only an administrator may take the step “%(action)s”.")
                % {"action": transition.label}
            )
    elif not user.has_perm(transition.permission):
        raise WorkflowPermissionDenied(
            _("Your role does not allow the step “%(action)s”.") % {"action": transition.label}
        )
    if issue.status != transition.from_status:
        raise TransitionNotAllowed(
            _("“%(action)s” is for issues that are “%(expected)s”; this one is “%(actual)s”.")
            % {
                "expected": Status(transition.from_status).label,
                "action": transition.label,
                "actual": issue.get_status_display(),
            }
        )
    if transition is WITHDRAW and issue.submitted_by_id != user.pk:
        raise WorkflowPermissionDenied(_("Only the editor who submitted an issue may withdraw it."))
    own_issue = user.pk in (issue.created_by_id, issue.submitted_by_id)
    if transition is SIGN_OFF and own_issue and not settings.BULLETIN_ALLOW_SELF_SIGN_OFF:
        raise WorkflowPermissionDenied(
            _(
                "Another approver must sign off this issue: you created or submitted it "
                "(four-eyes rule)."
            )
        )


def submission_problems(issue: Issue) -> list[str]:
    """Everything that keeps `issue` from being submitted; empty when it is complete."""
    problems = []
    articles = list(issue.articles.all())
    if not articles:
        problems.append(_("The issue has no articles."))
    for number, article in enumerate(articles, start=1):
        if not article.headline.strip():
            problems.append(_("Article %(number)d has no headline.") % {"number": number})
        if not _has_text(article.body):
            problems.append(_("Article %(number)d has no body text.") % {"number": number})
    if issue.issue_date is None:
        problems.append(_("The issue has no issue date."))
    if issue.distribution_list_id is None:
        problems.append(_("The issue has no distribution list."))
    elif not issue.distribution_list.recipients.filter(role__in=[Role.REPORT, Role.SEND]).exists():
        problems.append(_("The distribution list has no 报 or 送 entry."))
    return problems


def _has_text(body: str) -> bool:
    return bool(strip_tags(body).strip()) or "<img" in body


def _require_complete(issue: Issue) -> None:
    problems = submission_problems(issue)
    if problems:
        raise IssueIncomplete(problems)


def _locked(issue: Issue) -> Issue:
    """The issue's row, locked until the transaction ends, read after the lock was granted."""
    return Issue.objects.select_for_update().get(pk=issue.pk)


def _record_event(issue: Issue, transition_action: str, from_status: str, user, comment=""):
    IssueEvent.objects.create(
        issue=issue,
        action=transition_action,
        from_status=from_status,
        to_status=issue.status,
        user=user,
        comment=comment,
    )


def _required_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError(message)
    return text


def submit(issue: Issue, user) -> Issue:
    """Draft → in review, when the issue is complete; approvers are told by e-mail."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(SUBMIT, locked, user)
        _require_complete(locked)
        locked.status = Status.IN_REVIEW
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.save()
        _record_event(locked, Action.SUBMIT, Status.DRAFT, user)
        notifications.notify_submitted(locked)
    issue.refresh_from_db()
    return issue


def withdraw(issue: Issue, user) -> Issue:
    """In review → draft, by the editor who submitted it; no comment needed."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(WITHDRAW, locked, user)
        locked.status = Status.DRAFT
        locked.save()
        _record_event(locked, Action.WITHDRAW, Status.IN_REVIEW, user)
    issue.refresh_from_db()
    return issue


def return_to_draft(issue: Issue, user, comment: str) -> Issue:
    """In review → draft, with the approver's comment for the editor."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(RETURN, locked, user)
        comment = _required_text(comment, _("Say what should be changed: a comment is required."))
        locked.status = Status.DRAFT
        locked.save()
        _record_event(locked, Action.RETURN, Status.IN_REVIEW, user, comment)
        notifications.notify_returned(locked, comment)
    issue.refresh_from_db()
    return issue


def sign_off(issue: Issue, user) -> Issue:
    """In review → signed off: numbers, recipient snapshot and the official PDF, or nothing.

    If anything fails after the PDF was stored, the stored file is deleted
    again as the transaction rolls back.
    """
    stored_files = []
    try:
        with transaction.atomic():
            locked = _locked(issue)
            check_transition(SIGN_OFF, locked, user)
            _require_complete(locked)
            _assign_numbers(locked)
            _snapshot_recipients(locked)
            locked.status = Status.SIGNED_OFF
            locked.signed_off_by = user
            locked.signed_off_at = timezone.now()
            _store_official_pdf(locked, stored_files)
            locked.save()
            _record_event(locked, Action.SIGN_OFF, Status.IN_REVIEW, user)
            notifications.notify_signed_off(locked)
    except BaseException:
        _delete_stored_files(stored_files)
        raise
    issue.refresh_from_db()
    return issue


def _assign_numbers(issue: Issue) -> None:
    """Next number in the issue's year and next cumulative number of its series.

    The series row lock makes concurrent sign-offs of one series take their
    turns; the unique constraints are the last line of defence.
    """
    series = Series.objects.select_for_update().get(pk=issue.series_id)
    numbered = Issue.objects.filter(series=series).numbered()
    year = issue.issue_date.year
    highest = numbered.aggregate(cumulative=Max("cumulative_number"))["cumulative"]
    highest_in_year = numbered.filter(year=year).aggregate(number=Max("number"))["number"]
    issue.year = year
    issue.number = (highest_in_year or 0) + 1
    issue.cumulative_number = (highest or series.cumulative_number_start) + 1


def _snapshot_recipients(issue: Issue) -> None:
    """Copy the distribution list, so later edits of the shared list leave this issue alone."""
    entries = issue.distribution_list.recipients.in_print_order().select_related("organisation")
    IssueRecipient.objects.bulk_create(
        IssueRecipient(
            issue=issue,
            role=entry.role,
            organisation=entry.organisation,
            name=entry.display_name,
            position=position,
        )
        for position, entry in enumerate(entries, start=1)
    )


def _store_official_pdf(issue: Issue, stored_files: list[str]) -> None:
    """Render the numbered issue, sign it and store it; `stored_files` learns the stored name.

    The stored bytes are the signed bytes (unsigned when no office certificate
    is configured): downloads hand out exactly these.
    """
    try:
        pdf, signature = signing.sign_official_pdf(pdf_render.render_issue_pdf(issue))
        issue.pdf_file.save(pdf_render.pdf_filename(issue), ContentFile(pdf), save=False)
    except Exception as error:
        logger.exception("The official PDF of issue %s could not be made.", issue.pk)
        raise PdfNotMade(
            _("The official PDF could not be made, so the issue was not signed off: %(error)s")
            % {"error": error}
        ) from error
    stored_files.append(issue.pdf_file.name)
    issue.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    issue.pdf_size = len(pdf)
    issue.pdf_signer = signature.signer
    issue.pdf_signed_at = signature.signed_at
    issue.pdf_certificate_sha256 = signature.certificate_sha256


def _delete_stored_files(names: list[str]) -> None:
    storage = Issue._meta.get_field("pdf_file").storage
    for name in names:
        storage.delete(name)


def make_missing_official_pdf(issue: Issue) -> bool:
    """Make the official PDF of a signed-off issue that has none (e.g. an imported one).

    Returns whether a PDF was made; an issue that has one keeps it.
    """
    stored_files = []
    try:
        with transaction.atomic():
            locked = _locked(issue)
            if not locked.is_frozen or locked.pdf_file:
                return False
            _store_official_pdf(locked, stored_files)
            locked.record_on_frozen_issue(
                "pdf_file",
                "pdf_sha256",
                "pdf_size",
                "pdf_signer",
                "pdf_signed_at",
                "pdf_certificate_sha256",
            )
    except BaseException:
        _delete_stored_files(stored_files)
        raise
    issue.refresh_from_db()
    return True


def publish(issue: Issue, user, at: datetime.datetime | None = None) -> Issue:
    """Signed off → published: recipients see it from `at` (default now; may be later)."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(PUBLISH, locked, user)
        now = timezone.now()
        if at is not None and at < now:
            raise TransitionNotAllowed(_("The publication time lies in the past."))
        locked.status = Status.PUBLISHED
        locked.published_by = user
        locked.published_at = at or now
        locked.record_on_frozen_issue("status", "published_by", "published_at")
        _record_event(locked, Action.PUBLISH, Status.SIGNED_OFF, user)
    issue.refresh_from_db()
    return issue


def revoke(issue: Issue, user, reason: str) -> Issue:
    """Mark a published issue as revoked (作废); it keeps its numbers and stays listed."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(REVOKE, locked, user)
        reason = _required_text(reason, _("Give the reason for revoking the issue."))
        locked.status = Status.REVOKED
        locked.revoked_by = user
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.record_on_frozen_issue("status", "revoked_by", "revoked_at", "revoke_reason")
        _record_event(locked, Action.REVOKE, Status.PUBLISHED, user, reason)
    issue.refresh_from_db()
    return issue


def record_historical_issue(
    issue: Issue, *, year: int, number: int, cumulative_number: int, user
) -> Issue:
    """Record an imported draft as the published past issue it was, with its printed numbers.

    Its official PDF is made afterwards, by `manage.py make_missing_pdfs`.
    """
    with transaction.atomic():
        locked = _locked(issue)
        if not user.has_perm(PUBLISH.permission):
            raise WorkflowPermissionDenied(
                _("Your role does not allow the step “%(action)s”.") % {"action": PUBLISH.label}
            )
        if locked.status != Status.DRAFT or locked.is_numbered:
            raise TransitionNotAllowed(
                _("Only an unnumbered draft can be recorded as a past issue.")
            )
        Series.objects.select_for_update().get(pk=locked.series_id)
        locked.year, locked.number, locked.cumulative_number = year, number, cumulative_number
        if locked.distribution_list_id is not None:
            _snapshot_recipients(locked)
        locked.status = Status.PUBLISHED
        locked.published_by = user
        # A past issue was published on its issue date, not on the day it was imported.
        locked.published_at = (
            timezone.make_aware(datetime.datetime.combine(locked.issue_date, datetime.time()))
            if locked.issue_date
            else timezone.now()
        )
        locked.save()
        _record_event(locked, Action.RECORD_HISTORICAL, Status.DRAFT, user)
    issue.refresh_from_db()
    return issue


def delete_historical_issue(issue: Issue, user) -> None:
    """Delete a past issue recorded by an import, so that a corrected import can replace it.

    The one way to delete a frozen issue, and only this kind: recorded as a past
    issue, never signed off in this system. Its official PDF, if one was made,
    goes once the deletion is committed.
    """
    with transaction.atomic():
        locked = _locked(issue)
        if not user.has_perm(PUBLISH.permission):
            raise WorkflowPermissionDenied(
                _("Your role does not allow the step “%(action)s”.") % {"action": PUBLISH.label}
            )
        actions = set(locked.events.values_list("action", flat=True))
        if Action.RECORD_HISTORICAL not in actions or Action.SIGN_OFF in actions:
            raise TransitionNotAllowed(
                _(
                    "%(issue)s was not imported as a past issue, or was signed off in this "
                    "system; it cannot be replaced."
                )
                % {"issue": locked}
            )
        stored_pdf = locked.pdf_file.name
        super(Issue, locked).delete()  # Model.delete(), past the freeze guard of Issue.delete()
        if stored_pdf:
            transaction.on_commit(lambda: _delete_stored_files([stored_pdf]))


def renumber_articles(issue: Issue) -> None:
    """Keep article positions 1…n in their chosen order, without gaps."""
    issue.articles.renumber()
