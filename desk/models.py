"""What the staff's workplace keeps of its own: the editors' autosaved forms."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from issues.models import Issue


class IssueAutosave(models.Model):
    """An editor's change form of an issue as it last stood on their screen, not yet saved.

    It is the posted form data (the issue's fields and its article formset), not
    a version: the issue, its versions, the optimistic lock and the four-eyes
    rule stay as they are until the editor restores it and saves (desk.services).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="+", verbose_name=_("issue")
    )
    data = models.JSONField(_("form data"))
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("autosaved form")
        verbose_name_plural = _("autosaved forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "issue"], name="issue_autosave_per_user")
        ]

    def __str__(self):
        return f"{self.user} {self.issue_id}"
