from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from issues import selectors, services
from issues.exceptions import WorkflowError
from issues.importing.admin import WordImportAdminMixin
from issues.models import Article, Issue, IssueEvent, Series
from issues.pdf.admin import PdfPreviewAdminMixin
from issues.pdf.render import ROLE_PREFIXES, pdf_filename
from issues.sanitizer import sanitize_body
from portal.selectors import receipt_status
from portal.services import REMINDER_PERMISSION, send_receipt_reminders


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "compiling_office", "cumulative_number_start"]
    search_fields = ["title", "compiling_office"]
    prepopulated_fields = {}
    autocomplete_fields = ["default_distribution_list"]

    def get_readonly_fields(self, request, obj=None):
        # Numbers already given count on from this start; Series.clean says so too.
        if obj is not None and obj.issues.numbered().exists():
            return ["cumulative_number_start"]
        return []


def issue_is_editable(request, issue: Issue | None) -> bool:
    """Frozen issues are never edited; issues in review only by approvers."""
    if issue is None:
        return True
    if issue.is_frozen:
        return False
    if issue.status == Issue.Status.IN_REVIEW:
        return request.user.has_perm("issues.sign_off_issue")
    return True


class ArticleInline(admin.StackedInline):
    model = Article
    fields = [
        "position",
        "headline",
        "subheadline",
        "byline",
        "organisations",
        "source",
        "editor_note",
        "body",
    ]
    readonly_fields = ["body_as_printed"]
    autocomplete_fields = ["organisations"]
    classes = ["orderable-inline"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj and obj.articles.exists() else 1

    def get_fields(self, request, obj=None):
        if issue_is_editable(request, obj):
            return self.fields
        # Read-only, the body is shown as formatted text instead of its HTML source.
        return [name if name != "body" else "body_as_printed" for name in self.fields]

    def has_add_permission(self, request, obj=None):
        return issue_is_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return issue_is_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return issue_is_editable(request, obj) and super().has_delete_permission(request, obj)

    @admin.display(description=_("body"))
    def body_as_printed(self, article):
        return mark_safe(sanitize_body(article.body))  # sanitised right here


class IssueYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Issue.objects.dates("issue_date", "year", order="DESC")
        return [(str(day.year), f"{day.year}年") for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(issue_date__year=int(self.value()))
        return queryset


class TransitionForm(forms.Form):
    """The confirmation of one transition: a comment where it needs one, a publish time."""

    def __init__(self, transition: services.Transition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if transition is services.RETURN:
            self.fields["comment"] = forms.CharField(
                label=_("What should the editor change?"),
                widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
            )
        if transition is services.REVOKE:
            self.fields["comment"] = forms.CharField(
                label=_("Reason for revoking"),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
            )
        if transition.offers_publish_time:
            self.fields["publish_at"] = forms.DateTimeField(
                label=_("Visible to recipients from"),
                required=False,
                help_text=_("Leave empty to publish now, or choose a later time to schedule it."),
                input_formats=["%Y-%m-%dT%H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
            )

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at is not None and publish_at < timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty."))
        return publish_at


@admin.register(Issue)
class IssueAdmin(PdfPreviewAdminMixin, WordImportAdminMixin, admin.ModelAdmin):
    list_display = [
        "issue_line_display",
        "lead_headline",
        "series",
        "issue_date",
        "status_display",
        "article_count",
    ]
    list_display_links = ["issue_line_display"]
    list_filter = [IssueYearFilter, "status", "series"]
    list_select_related = ["series"]
    search_fields = ["articles__headline", "articles__subheadline", "articles__body"]
    search_help_text = _("Words in headlines or article bodies")
    date_hierarchy = None
    autocomplete_fields = ["distribution_list"]
    readonly_fields = [
        "status_display",
        "numbers_display",
        "created_by",
        "created_at",
        "recipients_display",
        "submitted_by",
        "submitted_at",
        "signed_off_by",
        "signed_off_at",
        "published_by",
        "published_at",
        "revoked_by",
        "revoked_at",
        "revoke_reason",
    ]
    inlines = [ArticleInline]
    fieldsets = [
        (
            None,
            {"fields": ["series", "issue_date", "distribution_list", "print_count", "editor_note"]},
        ),
        (
            _("Status"),
            {"fields": ["status_display", "numbers_display", "created_by", "created_at"]},
        ),
    ]
    change_form_template = "admin/issues/issue/change_form.html"

    class Media:
        js = [reverse_lazy("javascript-catalog"), "issues/admin/orderable-inline.js"]
        css = {"all": ["issues/admin/orderable-inline.css"]}

    def get_queryset(self, request):
        first_article = Article.objects.filter(issue=OuterRef("pk")).order_by("position", "pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles"),
                # Drafts have no numbers yet; their lead headline tells them apart.
                lead_headline=Subquery(first_article.values("headline")[:1]),
            )
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None or (obj.status == Issue.Status.DRAFT and not obj.submitted_by_id):
            return self.fieldsets
        workflow_fields = [
            "submitted_by",
            "submitted_at",
            "signed_off_by",
            "signed_off_at",
            "published_by",
            "published_at",
        ]
        if obj.status == Issue.Status.REVOKED:
            workflow_fields += ["revoked_by", "revoked_at", "revoke_reason"]
        return [
            *self.fieldsets,
            (_("Recipients"), {"fields": ["recipients_display"]}),
            (_("Workflow"), {"fields": workflow_fields}),
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        series = Series.objects.all()[:2]
        if "series" not in initial and len(series) == 1:
            initial["series"] = series[0].pk
        return initial

    def has_change_permission(self, request, obj=None):
        return issue_is_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        deletable = obj is None or not obj.is_frozen
        return deletable and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's history goes with the draft, although nobody may delete events
        # on their own.
        perms_needed.discard(IssueEvent._meta.verbose_name)
        # The bulk "delete selected" action lists signed-off issues as protected
        # and so deletes nothing; the models would refuse anyway.
        frozen = [str(issue) for issue in objs if issue.is_frozen]
        return deleted, model_count, perms_needed, [*protected, *frozen]

    @admin.display(description=_("issue"), ordering="cumulative_number")
    def issue_line_display(self, obj):
        return obj.issue_line

    @admin.display(description=_("lead article"))
    def lead_headline(self, obj):
        return obj.lead_headline or "—"

    @admin.display(description=_("numbers"))
    def numbers_display(self, obj):
        return obj.issue_line if obj.is_numbered else _("Assigned at sign-off")

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        if obj.is_scheduled:
            return format_html(
                "{} <span class='workflow-note'>{}</span>",
                obj.get_status_display(),
                gettext("visible from %(time)s")
                % {"time": timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")},
            )
        if obj.status == Issue.Status.REVOKED:
            return format_html("<strong class='revoked-mark'>{}</strong>", gettext("Revoked"))
        return obj.get_status_display()

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description=_("recipients"))
    def recipients_display(self, obj):
        return format_html_join(
            mark_safe("<br>"),
            "{}{}",
            ((ROLE_PREFIXES[r.role], r.display_name) for r in obj.recipients_for_print()),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.distribution_list_id is None:
            obj.distribution_list = obj.series.default_distribution_list
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.renumber_articles(form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, unquote(object_id))
        if issue is not None:
            extra_context = {
                **(extra_context or {}),
                "transitions": selectors.available_transitions(issue, request.user),
                "history": selectors.issue_history(issue),
                "latest_return": selectors.latest_return(issue),
                "receipts": receipt_status(issue) if issue.is_visible_to_recipients else None,
                "may_remind": request.user.has_perm(REMINDER_PERMISSION),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        workflow_urls = [
            path(
                "<path:object_id>/workflow/<slug:step>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path(
                "<path:object_id>/receipt-reminders/",
                self.admin_site.admin_view(self.receipt_reminders_view),
                name=f"{prefix}_receipt_reminders",
            ),
            path(
                "<path:object_id>/official-pdf/",
                self.admin_site.admin_view(self.official_pdf_view),
                name=f"{prefix}_official_pdf",
            ),
        ]
        # Before the admin's own URLs, whose last pattern catches every <object_id>/….
        return [*workflow_urls, *super().get_urls()]

    def _viewable_issue(self, request, object_id) -> Issue:
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return issue

    @method_decorator(require_POST)
    def receipt_reminders_view(self, request, object_id):
        issue = self._viewable_issue(request, object_id)
        issue_url = request.build_absolute_uri(
            reverse("portal:issue", args=[issue.series.slug, issue.year, issue.number])
        )
        try:
            sent = send_receipt_reminders(issue, request.user, issue_url=issue_url)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
                % {"count": sent},
                messages.SUCCESS if sent else messages.WARNING,
            )
        return redirect(reverse("admin:issues_issue_change", args=[issue.pk]))

    def transition_view(self, request, object_id, step):
        issue = self._viewable_issue(request, object_id)
        transition = next((t for t in services.TRANSITIONS if t.slug == step), None)
        if transition is None:
            raise Http404
        change_url = reverse("admin:issues_issue_change", args=[issue.pk])
        try:
            services.check_transition(transition, issue, request.user)
        except WorkflowError as error:
            self._report_refusal(request, error)
            return redirect(change_url)
        form = TransitionForm(transition, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                issue = self._take(transition, issue, request.user, form.cleaned_data)
            except WorkflowError as error:
                self._report_refusal(request, error)
            else:
                self.message_user(
                    request,
                    gettext("“%(step)s” done: %(issue)s is now “%(status)s”.")
                    % {
                        "step": transition.label,
                        "issue": issue.issue_line,
                        "status": issue.get_status_display(),
                    },
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": transition.label,
            "opts": self.model._meta,
            "original": issue,
            "transition": transition,
            "form": form,
            "problems": services.submission_problems(issue)
            if transition is services.SUBMIT
            else [],
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/issues/issue/transition_confirmation.html", context)

    @staticmethod
    def _take(transition, issue, user, data) -> Issue:
        if transition is services.SUBMIT:
            return services.submit(issue, user)
        if transition is services.WITHDRAW:
            return services.withdraw(issue, user)
        if transition is services.RETURN:
            return services.return_to_draft(issue, user, data["comment"])
        if transition is services.SIGN_OFF:
            return services.sign_off(issue, user)
        if transition is services.PUBLISH:
            return services.publish(issue, user, at=data["publish_at"])
        return services.revoke(issue, user, data["comment"])

    def _report_refusal(self, request, error: WorkflowError) -> None:
        for message in error.messages:
            self.message_user(request, message, messages.ERROR)

    def official_pdf_view(self, request, object_id):
        """The stored official PDF, byte for byte as made at sign-off."""
        issue = self._viewable_issue(request, object_id)
        if not issue.pdf_file:
            raise Http404
        return FileResponse(
            issue.pdf_file.open("rb"),
            as_attachment=True,
            filename=pdf_filename(issue),
            content_type="application/pdf",
        )


@admin.register(IssueEvent)
class IssueEventAdmin(admin.ModelAdmin):
    """The workflow record, for reading only: events are never changed or deleted."""

    list_display = ["at", "issue", "action", "from_status", "to_status", "user"]
    list_filter = ["action"]
    list_select_related = ["issue__series", "user"]
    fields = ["issue", "action", "from_status", "to_status", "user", "at", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
