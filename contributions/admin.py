"""The office's inbox of reports, its three decisions, and the statistics."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contributions import chart, exports, images, selectors, services
from contributions.exceptions import ReportError
from contributions.forms import AdoptForm, DeclineForm, ReturnForm, StatisticsForm
from contributions.models import DeclineReason, PointsRule, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The inbox: what the organisations sent, newest first; each report opens as it was sent."""

    list_display = [
        "headline",
        "organisation",
        "status_display",
        "submitted_at",
        "contact",
        "outcome",
    ]
    list_filter = [
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "series",
        "submitted_at",
    ]
    search_fields = ["headline", "contact_name", "organisation__name", "organisation__short_name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["organisation", "article__issue__series"]
    change_form_template = "admin/contributions/report/change_form.html"
    change_list_template = "admin/contributions/report/change_list.html"
    fields = ["series", "organisation", "contact_name", "contact_phone", "submitted_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).in_inbox()

    def has_add_permission(self, request):
        return False  # reports come from the portal

    def has_change_permission(self, request, obj=None):
        return False  # a report stays as it was sent; the office edits the article

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, report):
        return format_html(
            '<span class="report-status report-status--{}">{}</span>',
            report.status,
            report.get_status_display(),
        )

    @admin.display(description=_("contact"))
    def contact(self, report):
        return f"{report.contact_name} {report.contact_phone}".strip()

    @admin.display(description=_("adopted into"))
    def outcome(self, report):
        issue = report.adopted_issue
        if issue is None:
            return "—"
        return format_html('<a href="{}">{}</a>', issue.get_admin_url(), issue)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        if report is not None:
            extra_context = {
                **(extra_context or {}),
                "report": report,
                "body": images.body_with_image_urls(
                    report,
                    lambda image: reverse(
                        "admin:contributions_report_image", args=[report.pk, image.pk]
                    ),
                ),
                "events": report.events.select_related("user", "article"),
                "may_handle": report.status == Report.Status.SUBMITTED
                and request.user.has_perm("contributions.handle_report"),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        urls = [
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="contributions_report_statistics",
            ),
            path(
                "<path:object_id>/images/<int:image_pk>/",
                self.admin_site.admin_view(self.image_view),
                name="contributions_report_image",
            ),
            path(
                "<path:object_id>/document/",
                self.admin_site.admin_view(self.document_view),
                name="contributions_report_document",
            ),
            *(
                path(
                    f"<path:object_id>/{step}/",
                    self.admin_site.admin_view(self.step_view),
                    {"step": step},
                    name=f"contributions_report_{step}",
                )
                for step in self.STEPS
            ),
        ]
        return [*urls, *super().get_urls()]

    def document_view(self, request, object_id):
        """The Word file a report was read from, as it was sent; stored files are not public."""
        report = self.get_object(request, unquote(object_id))
        if report is None or not report.source_document:
            raise Http404
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        name = report.source_document.name.rsplit("/", 1)[-1]
        return FileResponse(report.source_document.open("rb"), as_attachment=True, filename=name)

    def image_view(self, request, object_id, image_pk):
        """A photo in a report, for staff who may view the report (stored files are not public)."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        return images.image_response(report, image_pk)

    # --- 采用 / 退回修改 / 不采用 ------------------------------------------------------------

    STEPS = {
        "adopt": (AdoptForm, _("Adopt")),
        "return": (ReturnForm, _("Return for changes")),
        "decline": (DeclineForm, _("Do not adopt")),
    }

    def step_view(self, request, object_id, step):
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not request.user.has_perm("contributions.handle_report"):
            raise PermissionDenied
        change_url = reverse("admin:contributions_report_change", args=[report.pk])
        form_class, label = self.STEPS[step]
        data = request.POST if request.method == "POST" else None
        form = form_class(report, data) if form_class is AdoptForm else form_class(data)
        if data is not None and form.is_valid():
            try:
                self._take(step, report, request.user, form.cleaned_data)
            except ReportError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                report.refresh_from_db()
                self.message_user(
                    request,
                    gettext("“%(step)s” done: “%(report)s” is now “%(status)s”.")
                    % {"step": label, "report": report, "status": report.get_status_display()},
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": label,
            "opts": self.model._meta,
            "original": report,
            "report": report,
            "form": form,
            "step": step,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/contributions/report/step.html", context)

    @staticmethod
    def _take(step, report, user, data):
        if step == "adopt":
            return services.adopt_report(
                report, user, data["issue"], article=data["article"], comment=data["comment"]
            )
        if step == "return":
            return services.return_report(report, user, data["comment"])
        return services.decline_report(report, user, data["full_reason"])

    # --- Statistics ------------------------------------------------------------------------

    def statistics_view(self, request):
        if not request.user.has_perm("contributions.view_report_statistics"):
            raise PermissionDenied
        form = StatisticsForm.from_query(request.GET, timezone.localdate())
        period = form.period()
        statistics = selectors.report_statistics(*period) if period else None
        export = request.GET.get("format")
        if statistics is not None and export in ("xlsx", "csv"):
            return self._export(statistics, export)
        context = {
            **self.admin_site.each_context(request),
            # A report page, printed too: the table and chart take the whole width.
            "is_nav_sidebar_enabled": False,
            "title": _("Reports: statistics"),
            "opts": self.model._meta,
            "form": form,
            "statistics": statistics,
            # The exports count what the page shows, whatever the address left out.
            "export_query": urlencode(
                {
                    "series": statistics.series.pk,
                    "start": statistics.start.isoformat(),
                    "end": statistics.end.isoformat(),
                }
            )
            if statistics
            else "",
            "chart": chart.bar_chart(statistics.rows) if statistics else None,
        }
        return TemplateResponse(request, "admin/contributions/report/statistics.html", context)

    @staticmethod
    def _export(statistics, export):
        if export == "xlsx":
            response = HttpResponse(
                exports.as_xlsx(statistics),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(
                exports.as_csv(statistics), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = content_disposition_header(
            True, exports.filename(statistics, export)
        )
        return response


@admin.register(DeclineReason)
class DeclineReasonAdmin(admin.ModelAdmin):
    list_display = ["text", "position"]
    list_editable = ["position"]


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "adoption_points", "lead_points"]

    def has_add_permission(self, request):
        # One rule for the office: the first one made is the one used.
        return super().has_add_permission(request) and not PointsRule.objects.exists()
