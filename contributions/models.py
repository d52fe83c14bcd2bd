"""Reports (稿件) member organisations send to the office, and what became of them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contributions.exceptions import ReportError
from core.events import WorkflowEvent
from issues.editor import article_body_field
from issues.models import Article, Issue, Series
from issues.sanitizer import sanitize_body
from organisations.models import Organisation


class ReportQuerySet(models.QuerySet):
    def of_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def in_inbox(self):
        """Reports the office has received: everything but contributors' drafts."""
        return self.exclude(status=Report.Status.DRAFT)

    def with_outcome(self):
        """With what the status line needs: the article, its issue and series."""
        return self.select_related("organisation", "series", "author", "article__issue__series")


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Not adopted")

    # A contributor may change the report only in these states.
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("bulletin"),
        help_text=_("The bulletin the report is sent to."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("author"),
        editable=False,
    )
    headline = models.CharField(
        _("headline"), max_length=Article._meta.get_field("headline").max_length
    )
    # The editor the office uses for articles, with the same sanitiser: adopting
    # a report copies its body as it is.
    body = article_body_field(_("text"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    source_document = models.FileField(
        _("Word file"),
        upload_to="contributions/documents/%Y/%m/",
        blank=True,
        editable=False,
        help_text=_("The .docx the text was taken from, kept as it was sent."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("article"),
        editable=False,
        help_text=_("The article the report was adopted into."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted at"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # The inbox: newest first, by status or organisation.
            models.Index(fields=["status", "-submitted_at"], name="report_inbox"),
            models.Index(fields=["organisation", "-created_at"], name="report_organisation"),
            # The statistics count submissions per series and period.
            models.Index(
                fields=["series", "first_submitted_at", "organisation"], name="report_statistics"
            ),
        ]
        permissions = [
            ("handle_report", _("Can adopt, return and decline reports")),
            ("view_report_statistics", _("Can view the reports' statistics")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # As for articles: nothing the editor could not produce is ever stored.
        self.body = sanitize_body(self.body or "")
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def adopted_issue(self) -> Issue | None:
        return self.article.issue if self.article_id else None

    @property
    def is_published(self) -> bool:
        issue = self.adopted_issue
        return issue is not None and issue.is_visible_to_recipients


class ReportImage(models.Model):
    """An image in a report's text, e.g. a photo in the Word file it came from."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="images", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to="contributions/images/%Y/%m/")

    class Meta:
        verbose_name = _("report image")
        verbose_name_plural = _("report images")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.file.name


class ReportEvent(WorkflowEvent):
    """One step of a report; written once, never changed. A step without a user the system took."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Resubmitted")
        RETURN = "return", _("Returned for changes")
        ADOPT = "adopt", _("Adopted")
        DECLINE = "decline", _("Not adopted")
        ARTICLE_DELETED = "article_deleted", _("Back in the inbox: the article was deleted")

    subject_field = "report"
    change_error = ReportError

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Report.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Report.Status.choices)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [models.Index(fields=["report", "-at"])]


class DeclineReason(models.Model):
    """A reason for not adopting a report that the office gives often."""

    text = models.CharField(_("text"), max_length=200, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("standard reason for not adopting")
        verbose_name_plural = _("standard reasons for not adopting")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class PointsRule(models.Model):
    """How the statistics score an organisation's adopted reports; one rule for the office."""

    adoption_points = models.DecimalField(
        _("points per adopted report"), max_digits=5, decimal_places=1, default=Decimal(1)
    )
    lead_points = models.DecimalField(
        _("points per lead article"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(2),
        help_text=_(
            "An adopted report that became the first article of its issue (头条) scores "
            "these points instead of the points per adopted report."
        ),
    )

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rule")

    def __str__(self):
        return str(_("adopted report %(adopted)s point(s), lead article %(lead)s point(s)")) % {
            "adopted": _number(self.adoption_points),
            "lead": _number(self.lead_points),
        }

    @classmethod
    def current(cls) -> "PointsRule":
        """The office's rule; the defaults (采用 1 分，头条 2 分) until it sets one."""
        return cls.objects.order_by("pk").first() or cls()


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"
