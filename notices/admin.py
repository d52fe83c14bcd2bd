from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notices import services
from notices.models import Mail

MAIL_FIELDS = [
    "queued_at",
    "recipient",
    "subject",
    "status",
    "attempts",
    "sent_at",
    "last_error",
]


class MailDisplayMixin:
    @admin.display(description=_("recipient"), ordering="to_address")
    def recipient(self, mail):
        return f"{mail.to_name} <{mail.to_address}>" if mail.to_name else mail.to_address


class MailInline(MailDisplayMixin, GenericTabularInline):
    """The mails about an issue (or another object), on its admin page; read only."""

    model = Mail
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = MAIL_FIELDS
    readonly_fields = MAIL_FIELDS
    extra = 0
    can_delete = False
    classes = ["collapse"]
    verbose_name_plural = _("E-mails sent about this issue")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mail)
class MailAdmin(MailDisplayMixin, admin.ModelAdmin):
    """Every mail the system has queued: what was sent, what waits, what failed."""

    list_display = ["queued_at", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_address", "to_name", "subject"]
    date_hierarchy = "queued_at"
    fields = [
        "queued_at",
        "queued_by",
        "recipient",
        "subject",
        "body",
        "attachment_filename",
        "send_after",
        "status",
        "attempts",
        "last_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        # Those who publish, and so send the notices.
        return request.user.has_perm("issues.publish_issue")

    @admin.action(description=_("Send the selected e-mails again now"), permissions=["retry"])
    def send_again(self, request, queryset):
        count = services.retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
