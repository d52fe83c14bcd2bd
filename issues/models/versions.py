"""What the workflow keeps of an issue's content: a version at each step, comments on articles.

The versions are what an approver compares, what the optimistic lock checks
and who counts as an author for the four-eyes rule (issues.workflow).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from issues.models.articles import Article
from issues.models.issue import Issue


class IssueVersion(models.Model):
    """One stored version of an issue with its articles and recipients (a reversion Revision).

    The revision holds the content, who made it and when; this row says which
    issue it belongs to and at which step it was taken.
    """

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        IMPORTED = "imported", _("Articles imported from Word")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned for changes")
        TAKEN_BACK = "taken_back", _("Taken back to draft by an approver")
        SIGNED_OFF = "signed_off", _("Signed off")

    # The steps at which an approver reviewed the content.
    REVIEWED_KINDS = (Kind.RETURNED, Kind.TAKEN_BACK)
    # The steps that change the content (the others record it as it stood).
    EDITING_KINDS = (Kind.SAVED, Kind.IMPORTED)

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="issue_version", verbose_name=_("revision")
    )
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="versions", verbose_name=_("issue")
    )
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["issue", "-pk"]
        indexes = [models.Index(fields=["issue", "-id"], name="issue_version_latest")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.revision.date_created:%Y-%m-%d %H:%M})"

    @property
    def user(self):
        return self.revision.user

    @property
    def at(self):
        return self.revision.date_created


class ArticleCommentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at=None)


class ArticleComment(models.Model):
    """An approver's remark on an article, or on a passage of it, made while returning the issue."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="article_comments", verbose_name=_("issue")
    )
    # Kept when the article is deleted: the comment belongs to the version it was made on.
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("article"),
    )
    headline = models.CharField(_("headline"), max_length=200)
    version = models.ForeignKey(
        IssueVersion,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("version commented on"),
    )
    passage = models.TextField(_("passage"), blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = ArticleCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment on an article")
        verbose_name_plural = _("comments on articles")
        ordering = ["issue", "created_at", "pk"]

    def __str__(self):
        return self.text[:50]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
