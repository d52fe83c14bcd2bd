from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailQuerySet(models.QuerySet):
    def about(self, obj):
        """The mails queued about `obj` (an issue, a contribution…)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )

    def undelivered(self):
        return self.exclude(status=Mail.Status.SENT)


class Mail(models.Model):
    """One e-mail to one recipient, queued in the transaction of the step it reports.

    The row is the record the office reads (who was told what, when, and
    whether it arrived); the task queue only carries its id to the worker.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to_name = models.CharField(_("recipient's name"), max_length=200, blank=True)
    to_address = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    attachment = models.CharField(
        _("attachment"),
        max_length=300,
        blank=True,
        help_text=_("A stored file's name, read when the mail is sent."),
    )
    attachment_filename = models.CharField(_("attachment's file name"), max_length=200, blank=True)

    # What the mail is about, e.g. the issue it announces.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    related_object = GenericForeignKey("content_type", "object_id")

    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("queued by"),
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    send_after = models.DateTimeField(
        _("not before"),
        null=True,
        blank=True,
        help_text=_("A notice of a scheduled issue goes out when the issue appears."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = MailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-queued_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="mail_related_object"),
            models.Index(fields=["status"], name="mail_status"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_address}"

    @property
    def formatted_recipient(self) -> str:
        """王明 <wang@example.org>: Django encodes the name when it sends the mail."""
        name = "".join(c for c in self.to_name if c not in '"<>,;').strip()
        return f"{name} <{self.to_address}>" if name else self.to_address
