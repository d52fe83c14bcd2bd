from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from issues.models import Issue
from organisations.models import Organisation


class Receipt(models.Model):
    """签收: an organisation on the list has the issue, by the first of these ways."""

    class Method(models.TextChoices):
        DOWNLOAD = "download", _("downloaded the PDF")
        BUTTON = "button", _("acknowledged with 签收")
        READING = "reading", _("read it online")

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("issue")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    method = models.CharField(
        _("how"), max_length=10, choices=Method.choices, default=Method.DOWNLOAD
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "organisation"], name="one_receipt_per_issue_and_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.issue}"
