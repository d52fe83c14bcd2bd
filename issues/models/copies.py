"""The official copies of an issue: one file per format, made once at sign-off and never changed.

An issue has at most one copy per format of the registry (issues.copies):
the signed PDF/A-2b today. A copy records what was stored and how it was
signed; verify_pdfs checks the stored file against it. Nothing changes or
deletes a copy, with one exception: deleting a past issue recorded by an
import (issues.services.delete_historical_issue) takes its copies along, by
the database's cascade, and their files once that is committed.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from issues.exceptions import IssueFrozenError
from issues.models.issue import Issue

COPY_IMMUTABLE_MESSAGE = _(
    "An official copy is never changed or deleted; corrections are made by a new issue."
)


def official_copy_upload_to(copy: "OfficialCopy", filename: str) -> str:
    """issues/<format>/<year of storing>/<filename>: issues/pdf/2026/… as Issue.pdf_file had it."""
    return datetime.datetime.now().strftime(f"issues/{copy.format}/%Y/") + filename


class OfficialCopyQuerySet(models.QuerySet):
    """Refuses every bulk change and deletion: copies are added, and never changed."""

    def of_format(self, code: str):
        """The copies in the format `code` of the registry ("pdf")."""
        return self.filter(format=code)

    def update(self, **kwargs):
        raise IssueFrozenError(COPY_IMMUTABLE_MESSAGE)

    def delete(self):
        raise IssueFrozenError(COPY_IMMUTABLE_MESSAGE)

    delete.queryset_only = True

    def bulk_update(self, objs, *args, **kwargs):
        raise IssueFrozenError(COPY_IMMUTABLE_MESSAGE)


class OfficialCopy(models.Model):
    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="official_copies",
        verbose_name=_("issue"),
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        editable=False,
        help_text=_("The code of the format in the registry of official copies, such as “pdf”."),
    )
    file = models.FileField(
        _("file"), upload_to=official_copy_upload_to, max_length=255, editable=False
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    # The office's digital signature in the copy (signatures app), as it was made;
    # blank when no signing certificate was configured at the time.
    signer = models.CharField(_("signed by"), max_length=200, blank=True, editable=False)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True, editable=False)
    certificate_sha256 = models.CharField(
        _("signing certificate SHA-256"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The fingerprint of the certificate the copy was signed with."),
    )
    made_at = models.DateTimeField(_("made at"), editable=False)

    objects = OfficialCopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("official copy")
        verbose_name_plural = _("official copies")
        ordering = ["issue", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "format"],
                name="one_official_copy_per_format",
                violation_error_message=_("This issue has an official copy in this format."),
            )
        ]

    def __str__(self):
        return self.file.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IssueFrozenError(COPY_IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssueFrozenError(COPY_IMMUTABLE_MESSAGE)

    @property
    def copy_format(self):
        """The registry's CopyFormat of this copy (issues.copies.formats)."""
        from issues.copies import formats  # the registry renders issues: it builds on the models

        return formats.get(self.format)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None
