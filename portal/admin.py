from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.admin_history import TranslatedHistoryMixin
from core.admin_widgets import ValidAutocompleteAdminMixin
from issues import roles
from organisations.models import Membership, Organisation
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


class UserWithRoleCreationForm(AdminUserCreationForm):
    """A new account with its name, e-mail and role (and organisation, for 收文单位)."""

    role = forms.ChoiceField(label=_("Role"), choices=roles.Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active(),
        required=False,
        help_text=_("For a recipient organisation's account: whose issues it reads."),
    )

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "last_name", "first_name", "email"]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("role") == roles.Role.RECIPIENT and not cleaned_data.get(
            "organisation"
        ):
            self.add_error("organisation", _("Choose the organisation this account reads for."))
        return cleaned_data


class TranslatedPermissionsMixin:
    """Permissions listed in Chinese, without those of apps that have no admin pages."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"permissions", "user_permissions"}:
            kwargs["queryset"] = roles.assignable_permissions()
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = roles.permission_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TranslatedGroupAdmin(TranslatedHistoryMixin, TranslatedPermissionsMixin, GroupAdmin):
    def has_delete_permission(self, request, obj=None):
        # The role groups come back with every migrate; roles.assign_role relies on them.
        if obj is not None and obj.name in roles.ROLE_PERMISSIONS:
            return False
        return super().has_delete_permission(request, obj)


class PortalUserAdmin(TranslatedHistoryMixin, TranslatedPermissionsMixin, UserAdmin):
    """Django's user admin; a new account is made with its role, an existing one shows it."""

    inlines = [*UserAdmin.inlines, MembershipInline]
    add_form = UserWithRoleCreationForm
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "last_name",
                    "first_name",
                    "email",
                    "role",
                    "organisation",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    list_display = ["username", "full_name", "email", "role_display", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("membership__organisation")
        ).prefetch_related("groups")

    def get_inlines(self, request, obj):
        # A new account's organisation is chosen with its role, in the form itself.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            roles.assign_role(obj, form.cleaned_data["role"], form.cleaned_data["organisation"])

    @admin.display(description=_("name"))
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("role"))
    def role_display(self, user):
        if user.is_superuser:
            return roles.Role.ADMINISTRATOR.label
        names = [group.name for group in user.groups.all()]
        if names:
            return "、".join(names)
        membership = getattr(user, "membership", None)
        if membership is not None:
            return f"{roles.Role.RECIPIENT.label}：{membership.organisation}"
        return "—"


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, TranslatedGroupAdmin)


# Deleting a user or a group lists its links to groups and permissions under the
# names Django gives their tables, in English ("user-group relationship: User_groups
# object (3)"); these name them as the user and group forms do.
def _name_link(through, verbose_name, describe):
    through._meta.verbose_name = verbose_name
    through._meta.verbose_name_plural = verbose_name
    through.__str__ = describe


_name_link(
    Group.permissions.through,
    _("permission of a group"),
    lambda link: roles.permission_label(link.permission),
)
_name_link(User.groups.through, _("group of a user"), lambda link: str(link.group))
_name_link(
    User.user_permissions.through,
    _("permission of a user"),
    lambda link: roles.permission_label(link.permission),
)
