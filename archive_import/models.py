"""What each imported file became: its text, its issue, and what the parser guessed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from issues.models import Issue


class ImportRecordQuerySet(models.QuerySet):
    def to_check(self):
        return self.filter(status=ImportRecord.Status.NEEDS_REVIEW)


class ImportRecord(models.Model):
    """One file imported by `import_bulletin`; a re-run skips a file with the same content."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        NEEDS_REVIEW = "needs_review", _("To be checked")
        CHECKED = "checked", _("Checked")

    source_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    original_text = models.TextField(_("original text"))
    issue = models.OneToOneField(
        Issue,
        on_delete=models.CASCADE,
        related_name="import_record",
        verbose_name=_("issue"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    notes = models.JSONField(
        _("findings"), default=list, help_text=_("What the parser found, guessed and missed.")
    )
    # The printed numbers of a file imported as a draft to be checked: recorded on the issue
    # when a clerk confirms it.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number in year"), null=True, blank=True)
    cumulative_number = models.PositiveIntegerField(_("cumulative number"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["status", "-imported_at"])]

    def __str__(self):
        return self.source_name

    def printed_issue_line(self) -> str:
        """The numbers the file printed: kept aside for a draft to check, else the issue's."""
        if self.number is None or self.issue.is_numbered:
            return self.issue.issue_line
        line = f"{self.year}年第{self.number}期"
        return line + (f"（总第{self.cumulative_number}期）" if self.cumulative_number else "")

    def guesses(self) -> list[str]:
        return [note["message"] for note in self.notes if note["kind"] == "guessed"]
