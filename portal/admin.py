from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.admin_history import TranslatedHistoryMixin
from issues import roles
from organisations.models import Organisation
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


User = get_user_model()


class RoleFields(forms.Form):
    """An account's role, and its organisation for 供稿人 and 收文单位 (roles.assign_role).

    Only administrators choose it; others see it and cannot change it. The
    user admin sets `granted_by` to whoever is saving.
    """

    role = forms.ChoiceField(label=_("Role"), choices=roles.Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active(),
        required=False,
        help_text=_(
            "For a contributor's account: whose reports it writes; for a recipient "
            "organisation's account: whose issues it reads."
        ),
    )
    granted_by = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.granted_by is None or not roles.may_assign_roles(self.granted_by):
            self.fields["role"].disabled = self.fields["organisation"].disabled = True

    def clean(self):
        cleaned_data = super().clean()
        if self.fields["role"].disabled:
            if not self.instance.pk:
                raise forms.ValidationError(_("Only administrators may give accounts their roles."))
        elif cleaned_data.get("role"):
            problem = roles.organisation_problem(
                cleaned_data["role"], cleaned_data.get("organisation")
            )
            if problem:
                self.add_error("organisation", problem)
        return cleaned_data

    @property
    def role_chosen(self) -> bool:
        """Whether saving should give the account the role chosen (and its organisation)."""
        return (
            not self.fields["role"].disabled
            and bool(self.cleaned_data.get("role"))
            and bool({"role", "organisation"} & set(self.changed_data))
        )


class UserWithRoleCreationForm(RoleFields, AdminUserCreationForm):
    """A new account with its name, e-mail and role (and organisation, for 供稿人 and 收文单位)."""

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "last_name", "first_name", "email"]


class UserWithRoleChangeForm(RoleFields, UserChangeForm):
    """Django's user form with the role first; leaving the role unchanged keeps the
    groups and permissions set below by hand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        role.required = False
        role.choices = [("", _("— as the groups and permissions below say —")), *role.choices]
        role.help_text = _(
            "Choosing a role sets the account's groups, staff status and organisation; "
            "to set groups and permissions by hand, leave it as it is."
        )
        current, organisation = roles.current_role(self.instance)
        self.initial.setdefault("role", current or "")
        self.initial.setdefault("organisation", organisation.pk if organisation else None)


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
    """Django's user admin with the account's role first (roles.assign_role).

    Django's own fields (staff status, groups, permissions) stay below it for
    administrators who set access by hand.
    """

    form = UserWithRoleChangeForm
    add_form = UserWithRoleCreationForm
    fieldsets = [
        UserAdmin.fieldsets[0],
        (_("Role"), {"fields": ["current_role", "role", "organisation"]}),
        *UserAdmin.fieldsets[1:],
    ]
    readonly_fields = ["current_role"]
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"granted_by": request.user})

    def save_related(self, request, form, formsets, change):
        # After Django's form has saved the groups: a role chosen decides them.
        super().save_related(request, form, formsets, change)
        if form.role_chosen:
            roles.assign_role(
                form.instance,
                form.cleaned_data["role"],
                form.cleaned_data.get("organisation"),
                by=request.user,
            )

    @admin.display(description=_("name"))
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("Role"))  # 角色; "role" is a recipient's 报/送/发
    def role_display(self, user):
        return roles.role_label(user)

    @admin.display(description=_("current role"))
    def current_role(self, user):
        return roles.role_label(user)


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
