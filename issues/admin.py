from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin_history import TranslatedHistoryMixin
from core.admin_widgets import ValidAutocompleteAdminMixin
from issues import selectors, services, versions, workflow
from issues.exceptions import WorkflowError
from issues.importing.admin import WordImportAdminMixin
from issues.models import Article, ArticleComment, Issue, IssueEvent, IssueVersion, Series
from issues.pdf.admin import PdfPreviewAdminMixin
from issues.pdf.render import ROLE_PREFIXES, pdf_filename, pdf_response, render_issue_pdf
from issues.sanitizer import sanitize_body
from notices.admin import MailInline
from organisations.models import Organisation, Role
from portal.selectors import receipt_status, with_receipt_counts
from portal.services import REMINDER_PERMISSION, send_receipt_reminders
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


class IssueForm(forms.ModelForm):
    """The issue's own fields, and which version of the issue the form was opened on."""

    # Set by IssueAdmin.get_form: whose change this is.
    editing_user = None

    based_on_version = forms.IntegerField(
        label=_("Version the form was opened on"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on_version"].initial = versions.version_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            # Locks the issue's row until the admin's transaction ends with the save,
            # so nobody can change the issue between this check and the save.
            services.lock_for_editing(
                self.instance, self.editing_user, cleaned_data.get("based_on_version")
            )
        return cleaned_data


class TransitionForm(forms.Form):
    """The confirmation of one transition: a comment where it needs one, a publish time.

    Returning also offers a comment on each article, optionally on a passage of it.
    """

    def __init__(self, transition: workflow.Transition, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.articles = list(articles)
        if transition is workflow.RETURN:
            self.fields["comment"] = forms.CharField(
                label=_("What should the editor change?"),
                widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
            )
            for number, article in enumerate(self.articles, start=1):
                self.fields[f"article_{article.pk}"] = forms.CharField(
                    label=_("Comment on article %(number)d “%(headline)s”")
                    % {"number": number, "headline": article.headline},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                )
                self.fields[f"passage_{article.pk}"] = forms.CharField(
                    label=_("Passage the comment is about"),
                    required=False,
                    help_text=_(
                        "Optional: select the words in the article above, or paste them here."
                    ),
                    widget=forms.TextInput(attrs={"size": 60, "class": "passage-input"}),
                )
        if transition is workflow.TAKE_BACK:
            self.fields["comment"] = forms.CharField(
                label=_("Why do you take the issue back?"),
                help_text=_(
                    "You become one of the issue's authors: another approver must sign it off."
                ),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
            )
        if transition is workflow.REVOKE:
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

    def commented_articles(self):
        """(number, article, its text, its comment field, its passage field), for the template."""
        return [
            (
                number,
                article,
                mark_safe(sanitize_body(article.body)),  # sanitised right here
                self[f"article_{article.pk}"],
                self[f"passage_{article.pk}"],
            )
            for number, article in enumerate(self.articles, start=1)
        ]

    def article_remarks(self) -> list[services.ArticleRemark]:
        return [
            services.ArticleRemark(
                article_id=article.pk,
                text=self.cleaned_data[f"article_{article.pk}"],
                passage=self.cleaned_data[f"passage_{article.pk}"],
            )
            for article in self.articles
            if self.cleaned_data.get(f"article_{article.pk}", "").strip()
        ]

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at is not None and publish_at < timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty."))
        return publish_at


class ReissueForm(forms.Form):
    """补发: an organisation to add to a published issue's circulation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("As"), choices=Role.choices, initial=Role.ISSUE)

    def __init__(self, issue: Issue, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().exclude(
            pk__in=issue.recipient_snapshot.exclude(organisation=None).values("organisation")
        )


@admin.register(Issue)
class IssueAdmin(
    ValidAutocompleteAdminMixin,
    TranslatedHistoryMixin,
    PdfPreviewAdminMixin,
    WordImportAdminMixin,
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
        ]
        css = {"all": ["issues/admin/orderable-inline.css", "reviews/review.css"]}

    def get_queryset(self, request):
        first_article = Article.objects.filter(issue=OuterRef("pk")).order_by("position", "pk")
        return with_receipt_counts(
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles"),
                # Drafts have no numbers yet; their lead headline tells them apart.
                lead_headline=Subquery(first_article.values("headline")[:1]),
            )
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

    def has_delete_permission(self, request, obj=None):
        if obj is not None and services.deletion_refusal(obj, request.user) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        issue = self.get_object(request, unquote(object_id))
        refusal = issue and services.deletion_refusal(issue, request.user)
        if refusal:
            raise PermissionDenied(refusal.messages[0])  # the 403 page shows the reason
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.delete_draft(obj, request.user)

    def delete_queryset(self, request, queryset):
        for issue in queryset:
            services.delete_draft(issue, request.user)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's history, versions and comments go with the draft, although
        # nobody may delete them on their own.
        for model in (IssueEvent, IssueVersion, ArticleComment):
            perms_needed.discard(model._meta.verbose_name)
        # The bulk "delete selected" action lists the issues the user may not
        # delete as protected, and so deletes nothing; the service would refuse anyway.
        refusals = ((issue, services.deletion_refusal(issue, request.user)) for issue in objs)
        refused = [f"{issue}: {refusal.messages[0]}" for issue, refusal in refusals if refusal]
        return deleted, model_count, perms_needed, [*protected, *refused]

    @admin.display(description=_("issue"), ordering="cumulative_number")
    def issue_line_display(self, obj):
        return obj.issue_line if obj.is_numbered else gettext("Draft")

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

    @admin.display(description=_("received"))
    def receipt_rate(self, obj):
        """8/10: organisations on the list that have acknowledged a published issue."""
        if obj.status not in (Issue.Status.PUBLISHED, Issue.Status.REVOKED):
            return "—"
        if obj.received_count < obj.recipient_organisation_count:
            return format_html(
                "<strong class='receipts-outstanding'>{}/{}</strong>",
                obj.received_count,
                obj.recipient_organisation_count,
            )
        return f"{obj.received_count}/{obj.recipient_organisation_count}"

    @admin.display(description=_("recipients"))
    def recipients_display(self, obj):
        return format_html_join(
            mark_safe("<br>"),
            "{}{}{}",
            (
                (ROLE_PREFIXES[r.role], r.display_name, self._reissue_note(r))
                for r in obj.recipients_for_print()
            ),
        )

    @staticmethod
    def _reissue_note(recipient):
        if not getattr(recipient, "added_at", None):
            return ""
        return format_html(
            " <span class='reissue-note'>{}</span>",
            gettext("(补发 by %(user)s, %(time)s)")
            % {
                "user": recipient.added_by.get_full_name() or recipient.added_by.get_username(),
                "time": timezone.localtime(recipient.added_at).strftime("%Y-%m-%d %H:%M"),
            },
        )

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
            extra_context = {
                **(extra_context or {}),
                "transitions": selectors.available_transitions(issue, request.user),
                "history": selectors.issue_history(issue),
                "latest_return": selectors.latest_return(issue),
                "receipts": receipt_status(issue) if issue.is_visible_to_recipients else None,
                "may_remind": request.user.has_perm(REMINDER_PERMISSION),
                "may_reissue": issue.status == Issue.Status.PUBLISHED
                and request.user.has_perm(workflow.PUBLISH.permission),
                "review": None if issue.is_frozen else review_selectors.changes_since_review(issue),
                "content_refusal": services.content_refusal(issue, request.user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """Every version of the issue, each with a link to what it changed, and the workflow."""
        issue = self._viewable_issue(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Versions and history of %(issue)s") % {"issue": issue},
            "opts": self.model._meta,
            "original": issue,
            "versions": versions.versions_of(issue),
            "history": selectors.issue_history(issue),
            "change_url": issue.get_admin_url(),
        }
        return TemplateResponse(request, "admin/issues/issue/versions.html", context)

    def version_view(self, request, object_id, version_id):
        """What one version changed against the one before it."""
        issue = self._viewable_issue(request, object_id)
        version = get_object_or_404(
            IssueVersion.objects.select_related("revision__user"), pk=version_id, issue=issue
        )
        changes = review_selectors.changes_in_version(version)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Version of %(time)s")
            % {"time": formats.date_format(timezone.localtime(version.at), "DATETIME_FORMAT")},
            "opts": self.model._meta,
            "original": issue,
            "version": version,
            "changes": changes,
            "change_url": issue.get_admin_url(),
            "history_url": reverse("admin:issues_issue_history", args=[issue.pk]),
        }
        return TemplateResponse(request, "admin/issues/issue/version.html", context)

    def pdf_preview_view(self, request, object_id):
        """GET: the saved issue. POST: the change form as posted, rendered and not saved."""
        if request.method != "POST":
            return super().pdf_preview_view(request, object_id)
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if not self.has_change_permission(request, issue):
            raise PermissionDenied
        data = request.POST.copy()
        data.pop("based_on_version", None)  # a preview changes nothing, so it never conflicts
        form = self.get_form(request, issue, change=True)(data, instance=issue)
        formsets, _inlines = self._create_formsets(request, issue, change=True)
        if not (form.is_valid() and all(formset.is_valid() for formset in formsets)):
            return TemplateResponse(
                request,
                "admin/issues/issue/preview_refused.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Preview PDF"),
                    "opts": self.model._meta,
                    "original": issue,
                    "errors": [form.errors, *(formset.errors for formset in formsets)],
                },
                status=400,
            )
        # What is on the screen, stored only for as long as it takes to render it.
        with transaction.atomic():
            form.save()
            for formset in formsets:
                formset.save()
            issue.articles.renumber()
            pdf = render_issue_pdf(Issue.objects.get(pk=issue.pk))
            transaction.set_rollback(True)
        return pdf_response(pdf, pdf_filename(issue), inline=True)

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
                "<path:object_id>/reissue/",
                self.admin_site.admin_view(self.reissue_view),
                name=f"{prefix}_reissue",
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/",
                self.admin_site.admin_view(self.version_view),
                name=f"{prefix}_version",
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
        try:
            sent = send_receipt_reminders(issue, request.user)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent)
                % {"count": sent},
                messages.SUCCESS if sent else messages.WARNING,
            )
        return redirect(reverse("admin:issues_issue_change", args=[issue.pk]))

    def reissue_view(self, request, object_id):
        """补发: add an organisation to a published issue's circulation and send it the notice."""
        issue = self._viewable_issue(request, object_id)
        change_url = reverse("admin:issues_issue_change", args=[issue.pk])
        if not (
            request.user.has_perm(workflow.PUBLISH.permission)
            and issue.status == Issue.Status.PUBLISHED
        ):
            raise PermissionDenied
        form = ReissueForm(issue, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            try:
                services.reissue(issue, request.user, organisation, form.cleaned_data["role"])
            except WorkflowError as error:
                self._report_refusal(request, error)
            else:
                self.message_user(
                    request,
                    gettext("%(organisation)s now receives %(issue)s; the notice is queued.")
                    % {"organisation": organisation, "issue": issue},
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Send to a further organisation (补发)"),
            "opts": self.model._meta,
            "original": issue,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/issues/issue/reissue.html", context)

    def transition_view(self, request, object_id, step):
        issue = self._viewable_issue(request, object_id)
        transition = next((t for t in workflow.TRANSITIONS if t.slug == step), None)
        if transition is None:
            raise Http404
        change_url = reverse("admin:issues_issue_change", args=[issue.pk])
        try:
            workflow.check_transition(transition, issue, request.user)
        except WorkflowError as error:
            self._report_refusal(request, error)
            return redirect(change_url)
        form = TransitionForm(
            transition,
            request.POST if request.method == "POST" else None,
            articles=issue.articles.all() if transition is workflow.RETURN else (),
        )
        if request.method == "POST" and form.is_valid():
            try:
                issue = self._take(transition, issue, request.user, form.cleaned_data, form)
            except WorkflowError as error:
                self._report_refusal(request, error)
            else:
                self.message_user(
                    request,
                    gettext("“%(step)s” done: %(issue)s is now “%(status)s”.")
                    % {
                        "step": transition.label,
                        "issue": issue,
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
            if transition is workflow.SUBMIT
            else [],
            # What the editor who submits and the approver who signs off should know.
            "print_warnings": selectors.print_warnings(issue)
            if transition in (workflow.SUBMIT, workflow.SIGN_OFF)
            else [],
            "change_url": change_url,
            **self._sign_off_context(issue, transition),
        }
        return TemplateResponse(request, "admin/issues/issue/transition_confirmation.html", context)

    @staticmethod
    def _sign_off_context(issue, transition) -> dict:
        """The sign-off confirmation shows the numbers the issue gets and what changed."""
        if transition is not workflow.SIGN_OFF or issue.issue_date is None:
            return {}
        year, number, cumulative = services.next_numbers(issue)
        return {
            "numbers_to_assign": gettext("%(year)d年第%(number)d期（总第%(cumulative)d期）")
            % {"year": year, "number": number, "cumulative": cumulative},
            "review": review_selectors.changes_since_review(issue),
        }

    @staticmethod
    def _take(transition, issue, user, data, form=None) -> Issue:
        if transition is workflow.SUBMIT:
            return services.submit(issue, user)
        if transition is workflow.WITHDRAW:
            return services.withdraw(issue, user)
        if transition is workflow.RETURN:
            return services.return_to_draft(issue, user, data["comment"], form.article_remarks())
        if transition is workflow.TAKE_BACK:
            return services.take_back(issue, user, data["comment"])
        if transition is workflow.SIGN_OFF:
            return services.sign_off(issue, user)
        if transition is workflow.PUBLISH:
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
