from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bulletin_office.positions import PositionedQuerySet
from issues.editor import article_body_field
from issues.exceptions import IssueFrozenError
from issues.images import validate_article_image
from issues.sanitizer import sanitize_body
from organisations.models import DistributionList, Organisation, RecipientQuerySet, Role

EVENT_LOG_MESSAGE = _("The workflow history is a permanent record; its entries cannot be changed.")
FROZEN_MESSAGE = _(
    "This issue has been signed off and can no longer be changed; corrections are made "
    "by a new issue."
)


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
    attach_pdf_to_notices = models.BooleanField(
        _("attach the PDF to notices"),
        default=False,
        help_text=_(
            "The e-mail telling recipients of a new issue carries the official PDF; "
            "otherwise only the link to it."
        ),
    )
    receipt_on_reading = models.BooleanField(
        _("reading online counts as receipt"),
        default=True,
        help_text=_(
            "Opening the issue in the portal counts as 签收, as downloading it does; "
            "otherwise recipients acknowledge it with the 签收 button."
        ),
    )
    cumulative_number_start = models.PositiveIntegerField(
        _("cumulative number reached before this system"),
        default=0,
        help_text=_(
            "The 总第 number of the last issue made before this system; the first issue "
            "signed off here gets the next number. It can be corrected only until the "
            "first issue of the series has been numbered."
        ),
    )

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        stored_start = (
            Series.objects.filter(pk=self.pk)
            .values_list("cumulative_number_start", flat=True)
            .first()
        )
        if stored_start != self.cumulative_number_start and self.issues.numbered().exists():
            raise ValidationError(
                {
                    "cumulative_number_start": _(
                        "Issues of this series have already been numbered from this start; "
                        "it can no longer be changed."
                    )
                }
            )

    @property
    def compiler_line(self) -> str:
        return f"{self.compiling_office}编"

    @property
    def title_lines(self) -> list[str]:
        return self.title.split()


class FreezeGuardedQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes that would touch a signed-off issue's rows.

    `issue_prefix` is the lookup path from the queryset's model to its issue.
    """

    issue_prefix = "issue__"

    def frozen(self):
        return self.filter(**{f"{self.issue_prefix}status__in": Issue.FROZEN_STATUSES})

    def refuse_if_frozen(self) -> None:
        if self.frozen().exists():
            raise IssueFrozenError(FROZEN_MESSAGE)

    def update(self, **kwargs):
        self.refuse_if_frozen()
        return super().update(**kwargs)

    def delete(self):
        self.refuse_if_frozen()
        return super().delete()

    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if self.issues_of(objs).filter(status__in=Issue.FROZEN_STATUSES).exists():
            raise IssueFrozenError(FROZEN_MESSAGE)
        return super().bulk_create(objs, *args, **kwargs)

    def issues_of(self, objs) -> "IssueQuerySet":
        """The issues the unsaved rows `objs` would belong to."""
        return Issue.objects.filter(pk__in={obj.issue_id for obj in objs})


class IssueQuerySet(FreezeGuardedQuerySet):
    issue_prefix = ""

    def issues_of(self, objs) -> "IssueQuerySet":
        # New issues start as drafts; an issue's rows are checked as they are added.
        return self.none()

    def with_series(self):
        return self.select_related("series", "distribution_list", "created_by")

    def numbered(self):
        return self.exclude(cumulative_number=None)

    def with_receipt_counts(self):
        """Annotated with the organisations on each issue's list and how many have received it."""
        from portal.models import Receipt  # portal builds on issues

        organisations = (
            IssueRecipient.objects.filter(issue=OuterRef("pk"), organisation__isnull=False)
            .order_by()
            .values("issue")
            .annotate(count=Count("organisation", distinct=True))
            .values("count")
        )
        receipts = (
            Receipt.objects.filter(issue=OuterRef("pk"))
            .order_by()
            .values("issue")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            recipient_organisation_count=Coalesce(Subquery(organisations), 0),
            received_count=Coalesce(Subquery(receipts), 0),
        )

    def visible_to_recipients(self, at=None):
        """Published issues whose publish time has come; scheduled ones appear by themselves."""
        return self.filter(
            status__in=[Issue.Status.PUBLISHED, Issue.Status.REVOKED],
            published_at__lte=at or timezone.now(),
        )


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SIGNED_OFF = "signed_off", _("Signed off")
        PUBLISHED = "published", _("Published")
        REVOKED = "revoked", _("Revoked")

    # From sign-off on, neither the issue nor its articles change.
    FROZEN_STATUSES = (Status.SIGNED_OFF, Status.PUBLISHED, Status.REVOKED)

    # What the workflow services may still record on a frozen issue, through
    # record_on_frozen_issue(): publication, revocation and the official PDF.
    FIELDS_RECORDED_AFTER_SIGN_OFF = frozenset(
        {
            "status",
            "published_at",
            "published_by",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
            "pdf_file",
            "pdf_sha256",
            "pdf_size",
            "pdf_signer",
            "pdf_signed_at",
            "pdf_certificate_sha256",
        }
    )

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
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("编者按 of the whole issue: printed in 楷体 before the first article."),
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

    # Who took each step of the workflow, and when; written only by issues.services.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
        editable=False,
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
        editable=False,
    )
    published_at = models.DateTimeField(
        _("visible to recipients from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("May lie in the future: the issue then appears at that moment."),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True, editable=False)

    # The official PDF, made once at sign-off and never re-rendered in place.
    pdf_file = models.FileField(
        _("official PDF"), upload_to="issues/pdf/%Y/", blank=True, editable=False
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"), null=True, editable=False)
    # The office's digital signature in the official PDF (signatures app), as it
    # was made; blank when no signing certificate was configured at the time.
    pdf_signer = models.CharField(_("PDF signed by"), max_length=200, blank=True, editable=False)
    pdf_signed_at = models.DateTimeField(_("PDF signed at"), null=True, blank=True, editable=False)
    pdf_certificate_sha256 = models.CharField(
        _("signing certificate SHA-256"), max_length=64, blank=True, editable=False
    )

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
        indexes = [
            models.Index(fields=["status", "issue_date"]),
            # The archive lists newest first and stops after one page.
            models.Index(
                fields=["-issue_date", "-cumulative_number", "-id"], name="issue_archive_order"
            ),
            # The portal's cached archive asks when the next scheduled issue appears.
            models.Index(fields=["published_at"], name="issue_published_at"),
        ]
        permissions = [
            ("submit_issue", _("Can submit issues for review")),
            ("sign_off_issue", _("Can return and sign off issues")),
            ("publish_issue", _("Can publish signed-off issues")),
        ]

    def __str__(self):
        if self.is_numbered:
            return f"{self.series.title} {self.issue_line}"
        # A draft has no number yet: its lead headline tells it apart (草稿：…).
        return gettext("%(series)s draft: %(headline)s") % {
            "series": self.series.title,
            "headline": self.lead_headline_text() or gettext("no articles yet"),
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            Issue.objects.filter(pk=self.pk).refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        Issue.objects.filter(pk=self.pk).refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def lead_headline_text(self) -> str:
        """The first article's headline; from the `lead_headline` annotation where a list has it."""
        if "lead_headline" in self.__dict__:
            return self.__dict__["lead_headline"] or ""
        if self.pk is None:
            return ""
        return (
            self.articles.order_by("position", "pk").values_list("headline", flat=True).first()
            or ""
        )

    def record_on_frozen_issue(self, *field_names: str) -> None:
        """Store workflow fields of an issue that is (or is becoming) frozen.

        The one way past the freeze, for issues.services only, and only for
        FIELDS_RECORDED_AFTER_SIGN_OFF: the content and the numbers stay as
        signed off.
        """
        not_allowed = set(field_names) - self.FIELDS_RECORDED_AFTER_SIGN_OFF
        if not_allowed:
            raise IssueFrozenError(FROZEN_MESSAGE)
        # Model.save() itself, past this class's guard in save().
        super().save(update_fields=field_names)

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN_STATUSES

    @property
    def is_numbered(self) -> bool:
        return self.cumulative_number is not None

    @property
    def is_visible_to_recipients(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.REVOKED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_visible_to_recipients

    def recipients_for_print(self):
        """The 报/送/发 lines of this issue in print order.

        A signed-off issue keeps the recipients it was signed off with; until
        then, the distribution list's current entries.
        """
        if self.is_frozen:
            return self.recipient_snapshot.in_print_order()
        if self.distribution_list_id is None:
            return IssueRecipient.objects.none()
        return self.distribution_list.recipients.in_print_order().select_related("organisation")

    @property
    def issue_line(self) -> str:
        """2020年第26期（总第289期）; blanks stand in for numbers not yet assigned."""
        if not self.is_numbered:
            year = self.issue_date.year if self.issue_date else "    "
            return f"{year}年第  期（总第  期）"
        return f"{self.year}年第{self.number}期（总第{self.cumulative_number}期）"

    def get_admin_url(self) -> str:
        return reverse("admin:issues_issue_change", args=[self.pk])


class ArticleQuerySet(FreezeGuardedQuerySet, PositionedQuerySet):
    pass


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
    body = article_body_field(_("body"), blank=True)
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("The author or authors, printed under the headline, e.g. 王某 李某."),
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("编者按: printed in 楷体 after the headline, before the body."),
    )
    source = models.CharField(
        _("source line"),
        max_length=200,
        blank=True,
        help_text=_("Optional; printed under the headline, e.g. the contributing unit or author."),
    )

    objects = ArticleQuerySet.as_manager()

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
        Issue.objects.filter(pk=self.issue_id).refuse_if_frozen()
        if self._state.adding and not self.position:
            self.position = self.issue.articles.next_position()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        Issue.objects.filter(pk=self.issue_id).refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        limit = settings.BULLETIN_ARTICLE_MAX_CHARACTERS
        if len(strip_tags(self.body or "")) > limit:
            raise ValidationError(
                {
                    "body": _(
                        "The body has more than %(limit)s characters, more than one article "
                        "may hold; split it into several articles."
                    )
                    % {"limit": f"{limit:,}"}
                }
            )


@receiver(m2m_changed, sender=Article.organisations.through)
def _refuse_organisation_changes_of_frozen_articles(
    sender, instance, action, reverse, pk_set, **kwargs
):
    if not action.startswith("pre_"):
        return
    if isinstance(instance, Article):
        articles = Article.objects.filter(pk=instance.pk)
    elif pk_set is not None:
        articles = Article.objects.filter(pk__in=pk_set)
    else:
        articles = instance.articles.all()
    articles.refuse_if_frozen()


class ArticleOrganisationQuerySet(FreezeGuardedQuerySet):
    """The through table's rows, written past the related managers.

    Django sends no save or delete signals for an automatic through model, so
    its manager itself refuses rows of frozen articles. (Deleting an
    organisation named on a frozen issue is refused by Organisation itself.)
    """

    issue_prefix = "article__issue__"

    def issues_of(self, objs) -> "IssueQuerySet":
        return Issue.objects.filter(articles__in={obj.article_id for obj in objs})

    def create(self, **kwargs):
        row = self.model(**kwargs)
        if self.issues_of([row]).filter(status__in=Issue.FROZEN_STATUSES).exists():
            raise IssueFrozenError(FROZEN_MESSAGE)
        return super().create(**kwargs)


_article_organisations = Article.organisations.through
_article_organisations._meta.local_managers.clear()
_article_organisations.add_to_class("objects", ArticleOrganisationQuerySet.as_manager())


class IssueRecipientQuerySet(FreezeGuardedQuerySet, RecipientQuerySet):
    pass


class IssueRecipient(models.Model):
    """One 报/送/发 line as it stood when the issue was signed off."""

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="recipient_snapshot",
        verbose_name=_("issue"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As printed, even if the organisation is renamed.")
    )
    position = models.PositiveIntegerField(_("position"))
    # Set for a 补发: an organisation added to the circulation after sign-off.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), null=True, blank=True)

    objects = IssueRecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient of the issue")
        verbose_name_plural = _("recipients of the issue")
        ordering = ["issue", "position", "pk"]
        # "Which issues were sent to this organisation?" — the portal's visibility rule.
        indexes = [
            models.Index(fields=["organisation", "issue"], name="recipient_organisation_issue")
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"

    def save(self, *args, **kwargs):
        Issue.objects.filter(pk=self.issue_id).refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        Issue.objects.filter(pk=self.issue_id).refuse_if_frozen()
        return super().delete(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.name


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


class ArticleImageQuerySet(FreezeGuardedQuerySet):
    issue_prefix = "article__issue__"

    def issues_of(self, objs) -> IssueQuerySet:
        return Issue.objects.filter(articles__in={obj.article_id for obj in objs})


class ArticleImage(models.Model):
    """An image file shown in an article's body, e.g. one embedded in an imported Word file."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    file = models.FileField(
        _("file"), upload_to="issues/images/%Y/%m/", validators=[validate_article_image]
    )

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["article", "pk"]

    def __str__(self):
        return self.file.name

    def save(self, *args, **kwargs):
        Issue.objects.filter(articles=self.article_id).refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        Issue.objects.filter(articles=self.article_id).refuse_if_frozen()
        return super().delete(*args, **kwargs)
