from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from bulletin_office.admin_widgets import ValidAutocompleteAdminMixin
from organisations.models import Membership
from portal.models import Receipt


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    """Receipts are made by downloads only; the office reads them here."""

    list_display = ["issue", "organisation", "user", "received_at"]
    list_filter = ["issue__series", "organisation"]
    list_select_related = ["issue__series", "organisation", "user"]
    search_fields = ["organisation__name", "organisation__short_name", "user__username"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(ValidAutocompleteAdminMixin, admin.StackedInline):
    model = Membership
    can_delete = True
    autocomplete_fields = ["organisation"]
    verbose_name = _("recipient account of")
    verbose_name_plural = _(
        "Recipient account: the organisation whose issues this user reads in the portal"
    )


User = get_user_model()


class PortalUserAdmin(UserAdmin):
    """Django's user admin, plus the organisation of a recipient account."""

    inlines = [*UserAdmin.inlines, MembershipInline]


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
