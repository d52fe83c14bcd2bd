"""Reads for the workflow: what a user may do, what waits for them, what happened.

The rules themselves live in issues.services; these functions ask them
without changing anything.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from issues.exceptions import WorkflowError
from issues.models import Issue, IssueEvent
from issues.services import TRANSITIONS, Transition, check_transition

# The admin index lists at most this many issues per heading.
WAITING_LIST_LENGTH = 20


def available_transitions(issue: Issue, user) -> list[Transition]:
    """The transitions `user` may take on `issue` now, in the order the admin shows them."""
    available = []
    for transition in TRANSITIONS:
        try:
            check_transition(transition, issue, user)
        except WorkflowError:
            continue
        available.append(transition)
    return available


def issue_history(issue: Issue) -> QuerySet[IssueEvent]:
    """The issue's workflow events, newest first."""
    return issue.events.select_related("user").order_by("-at", "-pk")


def latest_return(issue: Issue) -> IssueEvent | None:
    """The return that sent this draft back, while the editor has yet to resubmit it."""
    if issue.status != Issue.Status.DRAFT:
        return None
    latest = issue_history(issue).first()
    return latest if latest and latest.action == IssueEvent.Action.RETURN else None


@dataclass
class WaitingWork:
    in_review: list[Issue]
    returned_drafts: list[Issue]

    def __bool__(self):
        return bool(self.in_review or self.returned_drafts)


def work_waiting_for(user) -> WaitingWork:
    """Issues waiting for `user`: in review for approvers, returned drafts for editors.

    At most two queries, however many issues there are.
    """
    in_review = []
    returned_drafts = []
    if user.has_perm("issues.sign_off_issue"):
        in_review = list(
            Issue.objects.filter(status=Issue.Status.IN_REVIEW)
            .select_related("series", "submitted_by")
            .order_by("submitted_at", "pk")[:WAITING_LIST_LENGTH]
        )
    if user.has_perm("issues.submit_issue"):
        latest_event = IssueEvent.objects.filter(issue=OuterRef("pk")).order_by("-at", "-pk")
        returned_drafts = list(
            Issue.objects.filter(status=Issue.Status.DRAFT)
            .filter(Q(created_by=user) | Q(submitted_by=user))
            .annotate(
                latest_action=Subquery(latest_event.values("action")[:1]),
                return_comment=Subquery(latest_event.values("comment")[:1]),
            )
            .filter(latest_action=IssueEvent.Action.RETURN)
            .select_related("series")
            .order_by("-updated_at", "-pk")[:WAITING_LIST_LENGTH]
        )
    return WaitingWork(in_review=in_review, returned_drafts=returned_drafts)


def official_pdf_problem(issue: Issue) -> str | None:
    """Why the stored official PDF of `issue` cannot be trusted, or None if it is intact."""
    storage = issue.pdf_file.storage
    if not storage.exists(issue.pdf_file.name):
        return _("missing")
    digest = hashlib.sha256()
    size = 0
    with storage.open(issue.pdf_file.name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
    if size != issue.pdf_size or digest.hexdigest() != issue.pdf_sha256:
        return _("altered (SHA-256 or size differs from the one recorded at sign-off)")
    return None


def issues_with_official_pdf() -> QuerySet[Issue]:
    return Issue.objects.exclude(pdf_file="").select_related("series").order_by("pk")


def frozen_issues_without_official_pdf() -> QuerySet[Issue]:
    return (
        Issue.objects.filter(status__in=Issue.FROZEN_STATUSES, pdf_file="")
        .select_related("series", "distribution_list")
        .order_by("pk")
    )
