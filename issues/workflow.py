"""The editorial workflow's definition: its steps, who may take them, who wrote an issue.

An issue moves draft → in review → signed off → published (→ revoked). The
services (issues.services) take the steps; the selectors and the admin ask
these rules what a user may do, without changing anything.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from issues import versions
from issues.exceptions import TransitionNotAllowed, WorkflowPermissionDenied
from issues.models import Issue, IssueEvent

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
TAKE_BACK = Transition(
    Action.TAKE_BACK,
    gettext_lazy("Take back to edit"),
    Status.IN_REVIEW,
    Status.DRAFT,
    "issues.sign_off_issue",
    needs_comment=True,
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
TRANSITIONS = (SUBMIT, WITHDRAW, RETURN, TAKE_BACK, SIGN_OFF, PUBLISH, REVOKE)


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
    if (
        transition is SIGN_OFF
        and not settings.BULLETIN_ALLOW_SELF_SIGN_OFF
        and user.pk in authors(issue)
    ):
        raise WorkflowPermissionDenied(
            _(
                "Another approver must sign off this issue: you created, submitted, took "
                "back or changed it (four-eyes rule)."
            )
        )


def authors(issue: Issue) -> set[int]:
    """Ids of everyone who wrote the issue: created, submitted, took it back or changed it.

    An approver who takes an issue back to edit it becomes one of them, so the
    text they changed is signed off by someone else.
    """
    ids = {issue.created_by_id, issue.submitted_by_id}
    ids |= set(
        issue.events.filter(action__in=[Action.SUBMIT, Action.TAKE_BACK]).values_list(
            "user_id", flat=True
        )
    )
    ids |= versions.version_authors(issue)
    ids.discard(None)
    return ids
