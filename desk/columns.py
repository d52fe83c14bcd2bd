"""How an issue shows in the admin: the columns of its list, the read-only fields of its page."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from issues.models import Issue
from issues.pdf.render import ROLE_PREFIXES


class IssueColumns:
    """The display methods IssueAdmin names in list_display and readonly_fields."""

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
