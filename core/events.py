"""The shape of a workflow's history: one row per step, written once and never changed.

An issue's steps (issues.IssueEvent) and a report's (contributions.ReportEvent)
share it. A concrete event names the thing it records (`subject_field`, its
foreign key), its actions and statuses as choices, and the error a change of
the record raises.
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERMANENT_RECORD_MESSAGE = _(
    "The workflow history is a permanent record; its entries cannot be changed."
)


class WorkflowEventQuerySet(models.QuerySet):
    """Append-only: rows are neither updated nor deleted.

    (Deleting the subject takes its events along: Django's cascade does not
    pass through here.)
    """

    def update(self, **kwargs):
        self.model.refuse_change()

    def delete(self):
        self.model.refuse_change()

    delete.queryset_only = True


class WorkflowEvent(models.Model):
    subject_field: ClassVar[str]
    # Raised, with PERMANENT_RECORD_MESSAGE, by any attempt to change a recorded step.
    change_error: ClassVar[type[ValidationError]] = ValidationError

    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = WorkflowEventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.refuse_change()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_change()

    @classmethod
    def record(cls, subject, action: str, from_status: str, user, comment: str = "", **details):
        """Record that `user` (None: the system) took `action` on `subject`, now in its status."""
        return cls.objects.create(
            **{cls.subject_field: subject},
            action=action,
            from_status=from_status,
            to_status=subject.status,
            user=user,
            comment=comment,
            **details,
        )

    @classmethod
    def refuse_change(cls):
        raise cls.change_error(PERMANENT_RECORD_MESSAGE)
