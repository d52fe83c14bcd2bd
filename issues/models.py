from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from bulletin_office.positions import PositionedQuerySet
from issues.sanitizer import sanitize_body
from organisations.models import DistributionList, Organisation


class Series(models.Model):
    """One bulletin title the office publishes; numbering runs per series."""

    title = models.CharField(
        _("title"),
        max_length=200,
        unique=True,
        help_text=_(
            "As printed in the masthead. A space marks where the title may break onto a "
            "second line, e.g. 上海市快递行业 精神文明创建工作简报."
        ),
    )
    slug = models.SlugField(
        _("short code"),
        max_length=50,
        unique=True,
        help_text=_("Latin letters, digits and hyphens; used in web addresses."),
    )
    compiling_office = models.CharField(
        _("compiling office"),
        max_length=200,
        help_text=_(
            "The office that compiles the bulletin, e.g. 上海市快递行业精神文明创建办公室."
        ),
    )
    default_distribution_list = models.ForeignKey(
        DistributionList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default distribution list"),
        help_text=_("Pre-filled on every new issue of this series."),
    )
    marks = models.CharField(
        _("marks"),
        max_length=100,
        blank=True,
        help_text=_(
            "Printed at the top left of page 1, e.g. 内部资料 注意保存. Separate marks with spaces."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public series can be read by anyone in the archive; restricted ones only by "
            "the recipients on each issue's distribution list."
        ),
    )
    cumulative_number_start = models.PositiveIntegerField(
        _("cumulative number reached before this system"),
        default=0,
        help_text=_(
            "The 总第 number of the last issue made before this system; the first issue "
            "signed off here gets the next number."
        ),
    )

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def compiler_line(self) -> str:
        return f"{self.compiling_office}编"

    @property
    def title_lines(self) -> list[str]:
        return self.title.split()


class IssueQuerySet(models.QuerySet):
    def with_series(self):
        return self.select_related("series", "distribution_list", "created_by")

    def numbered(self):
        return self.exclude(cumulative_number=None)


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SIGNED_OFF = "signed_off", _("Signed off")
        PUBLISHED = "published", _("Published")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="issues", verbose_name=_("series")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Set at sign-off from the issue date.")
    )
    number = models.PositiveIntegerField(
        _("number in year"), null=True, blank=True, help_text=_("第N期; assigned at sign-off.")
    )
    cumulative_number = models.PositiveIntegerField(
        _("cumulative number"), null=True, blank=True, help_text=_("总第M期; assigned at sign-off.")
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    distribution_list = models.ForeignKey(
        DistributionList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("distribution list"),
    )
    print_count = models.PositiveIntegerField(
        _("print count"), null=True, blank=True, help_text=_("共印N份; leave empty if not printed.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The official PDF, made once at sign-off and never re-rendered in place.
    pdf_file = models.FileField(
        _("official PDF"), upload_to="issues/pdf/%Y/", blank=True, editable=False
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"), null=True, editable=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-issue_date", "-cumulative_number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"],
                condition=Q(number__isnull=False),
                name="unique_number_in_year_per_series",
                violation_error_message=_("This series already has an issue with this number."),
            ),
            models.UniqueConstraint(
                fields=["series", "cumulative_number"],
                condition=Q(cumulative_number__isnull=False),
                name="unique_cumulative_number_per_series",
                violation_error_message=_(
                    "This series already has an issue with this cumulative number."
                ),
            ),
            models.CheckConstraint(
                name="numbers_set_together",
                condition=(
                    Q(year__isnull=True, number__isnull=True, cumulative_number__isnull=True)
                    | Q(year__isnull=False, number__isnull=False, cumulative_number__isnull=False)
                ),
                violation_error_message=_(
                    "Year, number and cumulative number are assigned together."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "issue_date"])]
        permissions = [
            ("submit_issue", _("Can submit issues for review")),
            ("sign_off_issue", _("Can return and sign off issues")),
            ("publish_issue", _("Can publish signed-off issues")),
        ]

    def __str__(self):
        return f"{self.series.title} {self.issue_line}"

    @property
    def is_numbered(self) -> bool:
        return self.cumulative_number is not None

    @property
    def issue_line(self) -> str:
        """2020年第26期（总第289期）; blanks stand in for numbers not yet assigned."""
        if not self.is_numbered:
            year = self.issue_date.year if self.issue_date else "    "
            return f"{year}年第  期（总第  期）"
        return f"{self.year}年第{self.number}期（总第{self.cumulative_number}期）"

    def get_admin_url(self) -> str:
        return reverse("admin:issues_issue_change", args=[self.pk])


class Article(models.Model):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="articles", verbose_name=_("issue")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    headline = models.CharField(_("headline"), max_length=200)
    subheadline = models.CharField(
        _("subheadline"),
        max_length=200,
        blank=True,
        help_text=_("A second headline line, printed under the headline."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="articles",
        verbose_name=_("contributing organisations"),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        config={"extensions": settings.BULLETIN_BODY_EXTENSIONS},
        sanitize=sanitize_body,
    )
    source = models.CharField(
        _("source line"),
        max_length=200,
        blank=True,
        help_text=_("Optional; printed under the headline, e.g. the contributing unit or author."),
    )

    objects = PositionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["issue", "position", "pk"]
        indexes = [models.Index(fields=["issue", "position"])]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Sanitise on every save, not only in forms: importers and the shell
        # must not be able to store what the editor could not.
        self.body = sanitize_body(self.body)
        if self._state.adding and not self.position:
            self.position = self.issue.articles.next_position()
        super().save(*args, **kwargs)
