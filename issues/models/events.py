"""The workflow's history of an issue."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from issues.exceptions import IssueFrozenError
from issues.models.issue import Issue

EVENT_LOG_MESSAGE = _("The workflow history is a permanent record; its entries cannot be changed.")


class IssueEventQuerySet(models.QuerySet):
    """The event log is append-only: its rows are neither updated nor deleted.

    (Deleting a draft issue, or a past issue with delete_historical_issue,
    takes its events along: Django's cascade does not pass through here.)
    """

    def update(self, **kwargs):
        raise IssueFrozenError(EVENT_LOG_MESSAGE)

    def delete(self):
        raise IssueFrozenError(EVENT_LOG_MESSAGE)

    delete.queryset_only = True


class IssueEvent(models.Model):
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

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="events", verbose_name=_("issue")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Issue.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Issue.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = IssueEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["issue", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IssueFrozenError(EVENT_LOG_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssueFrozenError(EVENT_LOG_MESSAGE)
