"""The workflow's history of an issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.events import WorkflowEvent
from issues.exceptions import IssueFrozenError
from issues.models.issue import Issue


class IssueEvent(WorkflowEvent):
    """One step of an issue through the workflow; written once, never changed."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        RETURN = "return", _("Returned for changes")
        WITHDRAW = "withdraw", _("Withdrawn")
        TAKE_BACK = "take_back", _("Taken back to draft by an approver")
        SIGN_OFF = "sign_off", _("Signed off")
        PUBLISH = "publish", _("Published")
        REVOKE = "revoke", _("Revoked")
        REISSUE = "reissue", _("Sent to a further organisation (补发)")
        RECORD_HISTORICAL = "record_historical", _("Recorded as a past issue")

    subject_field = "issue"
    change_error = IssueFrozenError

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="events", verbose_name=_("issue")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Issue.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Issue.Status.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        indexes = [models.Index(fields=["issue", "-at"])]
