"""The ModelAdmins of issues, series and workflow events (the models stay in issues).

The actions on an issue are views of their own, one module each (desk/views/),
wired under the admin's URLs by desk/views/urls.py. IssueAdmin is split by
concern: its columns (desk/columns.py), the deletion of drafts
(desk/deletion.py), forms given back after a timeout or an autosave
(desk/recovery.py).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import TranslatedHistoryMixin
from core.admin_widgets import ValidAutocompleteAdminMixin
from desk import services as desk_services
from desk.columns import IssueColumns
from desk.deletion import DraftDeletionMixin
from desk.forms import IssueForm
from desk.recovery import RecoveredFormsMixin
from desk.views import (
    versions,
    word_import,
)
from desk.views.urls import issue_action_urls
from issues import selectors, services, workflow
from issues.models import Article, ArticleComment, Issue, IssueEvent, Series
from issues.sanitizer import sanitize_body
from notices.admin import MailInline
from portal.selectors import receipt_status, with_receipt_counts
from portal.services import REMINDER_PERMISSION
from reviews import selectors as review_selectors


@admin.register(Series)
class SeriesAdmin(ValidAutocompleteAdminMixin, TranslatedHistoryMixin, admin.ModelAdmin):
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
    """Only drafts are edited (services.content_refusal says why not, when not)."""
    return issue is None or services.content_refusal(issue, request.user) is None


class ArticleInline(ValidAutocompleteAdminMixin, admin.StackedInline):
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
    template = "admin/issues/issue/article_inline.html"

    def get_queryset(self, request):
        # The approvers' comments are shown beside each article, and read-only
        # articles list their organisations: two queries, however many articles.
        comments = ArticleComment.objects.select_related("author", "resolved_by")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("comments", comments), "organisations")
        )

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


@admin.register(Issue)
class IssueAdmin(
    ValidAutocompleteAdminMixin,
    TranslatedHistoryMixin,
    RecoveredFormsMixin,
    DraftDeletionMixin,
    IssueColumns,
    admin.ModelAdmin,
):
    list_display = [
        "issue_line_display",
        "lead_headline",
        "series",
        "issue_date",
        "status_display",
        "article_count",
        "receipt_rate",
    ]
    list_display_links = ["issue_line_display"]
    list_filter = [IssueYearFilter, "status", "series"]
    list_select_related = ["series"]
    search_fields = ["articles__headline", "articles__subheadline", "articles__body"]
    search_help_text = _(
        "Words in headlines or article bodies, or an issue number: "
        "2026年第1期, 2026-1, 总第290期, 290"
    )
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
    form = IssueForm
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
        js = [
            reverse_lazy("javascript-catalog"),
            "issues/admin/orderable-inline.js",
            "issues/admin/prose-editor-chinese.js",
            "reviews/unsaved-changes.js",
            "core/save-shortcut.js",
            "core/autosave.js",
        ]
        css = {
            "all": ["issues/admin/orderable-inline.css", "reviews/review.css", "desk/autosave.css"]
        }

    def get_queryset(self, request):
        # Drafts have no numbers yet; their lead headline tells them apart.
        return with_receipt_counts(
            super()
            .get_queryset(request)
            .with_lead_headline()
            .annotate(article_count=Count("articles"))
        )

    def get_search_results(self, request, queryset, search_term):
        """Words in the articles, or an issue's number in any usual form (2026年第1期, 290)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        by_number = selectors.number_query(search_term)
        if by_number is not None:
            results |= queryset.filter(by_number)
        return results, may_have_duplicates

    def get_inlines(self, request, obj):
        # The mails about an issue, on its read-only page once it is signed off (the
        # workflow's own mails are in 通知 › 邮件), so that no edit form carries them.
        if obj is not None and obj.is_frozen:
            return [*self.inlines, MailInline]
        return self.inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editing_user = request.user  # a class made for this request by the admin
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = self._fieldsets_for_status(obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "based_on_version"]}), *rest]

    def _fieldsets_for_status(self, obj):
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

    def save_model(self, request, obj, form, change):
        # Saved with its articles in save_related, by one service call.
        if not change:
            obj.created_by = request.user
        if obj.distribution_list_id is None:
            obj.distribution_list = obj.series.default_distribution_list

    def save_related(self, request, form, formsets, change):
        def write():
            form.instance.save()
            super(IssueAdmin, self).save_related(request, form, formsets, change)

        services.save_content(
            form.instance,
            request.user,
            write,
            based_on_version=form.cleaned_data.get("based_on_version"),
        )
        desk_services.discard_autosave(form.instance, request.user)
        resolved = ArticleComment.objects.filter(
            issue=form.instance, resolved_at=None, pk__in=request.POST.getlist("resolve_comment")
        )
        for comment in resolved:
            services.resolve_article_comment(comment, request.user)

    def response_change(self, request, obj):
        # "Save first": the page's script saves unsaved changes before a workflow
        # step or the Word import, then goes on to that step's page.
        then = request.POST.get("_then", "")
        issue_urls = obj.get_admin_url().removesuffix("change/")
        if then.startswith(issue_urls) and url_has_allowed_host_and_scheme(
            then, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            self.message_user(request, gettext("Your changes were saved."), messages.SUCCESS)
            return HttpResponseRedirect(then)
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, unquote(object_id))
        if issue is not None:
            offered_autosave = None
            if request.method == "GET" and issue_is_editable(request, issue):
                offered_autosave = self.recover_form_data(request, issue)
            extra_context = {
                **(extra_context or {}),
                "offered_autosave": offered_autosave,
                "transitions": selectors.available_transitions(issue, request.user),
                "history": selectors.issue_history(issue),
                "latest_return": selectors.latest_return(issue),
                "receipts": receipt_status(issue) if issue.is_visible_to_recipients else None,
                "may_remind": request.user.has_perm(REMINDER_PERMISSION),
                "may_reissue": issue.status == Issue.Status.PUBLISHED
                and request.user.has_perm(workflow.PUBLISH.permission),
                "review": None if issue.is_frozen else review_selectors.changes_since_review(issue),
                "content_refusal": services.content_refusal(issue, request.user),
                # Shown on the page, so the editor need not go to submit to learn them.
                "submission_problems": services.submission_problems(issue)
                if issue.status == Issue.Status.DRAFT
                and request.user.has_perm(workflow.SUBMIT.permission)
                else [],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_import_word"] = obj is not None and word_import.may_import_word(
            self, request, obj
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        return versions.history_view(request, object_id, model_admin=self)

    def get_urls(self):
        return [*issue_action_urls(self), *super().get_urls()]


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
