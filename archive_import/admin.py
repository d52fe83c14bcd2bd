"""The imported files, those to check first, with the original text beside what was made of it."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive_import.models import ImportRecord
from archive_import.services import confirm_import
from issues.exceptions import WorkflowError


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = [
        "source_name",
        "series",
        "printed_issue_line",
        "status",
        "guess_count",
        "imported_by",
        "imported_at",
    ]
    list_filter = ["status"]
    list_select_related = ["issue__series", "imported_by"]
    search_fields = ["source_name", "issue__articles__headline"]
    actions = ["confirm"]
    fields = ["source_name", "issue", "status", "imported_by", "imported_at"]
    readonly_fields = fields
    change_form_template = "admin/archive_import/importrecord/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # what was imported is changed on the issue itself

    @admin.display(description=gettext_lazy("series"), ordering="issue__series__title")
    def series(self, record):
        return record.issue.series

    @admin.display(description=gettext_lazy("printed numbers"))
    def printed_issue_line(self, record):
        return record.printed_issue_line()

    @admin.display(description=gettext_lazy("guesses"))
    def guess_count(self, record):
        return len(record.guesses())

    def has_confirm_permission(self, request):
        # Confirming records a past issue as published.
        return request.user.has_perm("issues.publish_issue")

    @admin.action(
        description=gettext_lazy("Mark as checked (record the past issue)"),
        permissions=["confirm"],
    )
    def confirm(self, request, queryset):
        confirmed = 0
        for record in queryset.to_check().select_related("issue"):
            try:
                confirm_import(record, request.user)
            except WorkflowError as refusal:
                self.message_user(
                    request, f"{record.source_name}：{' '.join(refusal.messages)}", messages.ERROR
                )
            else:
                confirmed += 1
        self.message_user(request, _("%(count)d file(s) checked.") % {"count": confirmed})

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            issue = obj.issue
            context["original_lines"] = list(enumerate(obj.original_text.split("\n"), start=1))
            context["parsed_issue"] = issue
            context["parsed_articles"] = issue.articles.all()
            context["findings"] = obj.notes
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
