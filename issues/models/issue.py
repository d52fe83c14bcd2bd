"""The issue, the freeze that guards it from sign-off on, and the recipients it was sent to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from issues.exceptions import IssueFrozenError
from issues.models.series import Series
from organisations.models import DistributionList, Organisation, RecipientQuerySet, Role

FROZEN_MESSAGE = _(
    "This issue has been signed off and can no longer be changed; corrections are made "
    "by a new issue."
)


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

    def with_lead_headline(self):
        """Each issue with its first article's headline (`lead_headline`), in the same query."""
        article = self.model.articles.rel.related_model
        first = article.objects.filter(issue=models.OuterRef("pk")).order_by("position", "pk")
        return self.annotate(lead_headline=models.Subquery(first.values("headline")[:1]))

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
    # record_on_frozen_issue(): publication and revocation. The official copies
    # are records of their own (issues.models.copies.OfficialCopy).
    FIELDS_RECORDED_AFTER_SIGN_OFF = frozenset(
        {
            "status",
            "published_at",
            "published_by",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
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

    # The official copies (the signed PDF, …) are made once at sign-off and kept
    # as records of their own: self.official_copies, issues.models.copies.

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

    def official_copy(self, code: str):
        """The official copy in the format `code` ("pdf"), or None.

        Reads prefetch_related("official_copies") where the query has it, so
        that a list asks once for the copies of all its issues.
        """
        if self.pk is None:
            return None
        return next((copy for copy in self.official_copies.all() if copy.format == code), None)

    @property
    def official_pdf(self):
        """The official PDF copy, or None: official_copy("pdf")."""
        return self.official_copy("pdf")

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
