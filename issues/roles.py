"""The two staff roles, as Django groups with their permissions.

The groups are (re)created after every `migrate`, so an installation always
has them with the right permissions.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

EDITORS = "编辑"
APPROVERS = "签发人"
# The contributors' group; its permissions are contributions.roles' business.
CONTRIBUTORS = "供稿人"


class Role(models.TextChoices):
    """What an account is for; chosen by an administrator (assign_role)."""

    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    ADMINISTRATOR = "administrator", _("Administrator")
    RECIPIENT = "recipient", _("Recipient organisation")
    CONTRIBUTOR = "contributor", _("Contributor")


# Roles held for an organisation: the account belongs to it (organisations.Membership).
ORGANISATION_ROLES = (Role.RECIPIENT, Role.CONTRIBUTOR)
ROLE_GROUPS = {Role.EDITOR: EDITORS, Role.APPROVER: APPROVERS, Role.CONTRIBUTOR: CONTRIBUTORS}


_DRAFTING = [
    "issues.add_issue",
    "issues.change_issue",
    "issues.delete_issue",
    "issues.view_issue",
    "issues.add_article",
    "issues.change_article",
    "issues.delete_article",
    "issues.view_article",
    "issues.view_series",
    "issues.submit_issue",
    "organisations.add_organisation",
    "organisations.change_organisation",
    "organisations.view_organisation",
    "organisations.add_distributionlist",
    "organisations.change_distributionlist",
    "organisations.view_distributionlist",
    "organisations.add_recipient",
    "organisations.change_recipient",
    "organisations.delete_recipient",
    "organisations.view_recipient",
    "organisations.add_contact",
    "organisations.change_contact",
    "organisations.delete_contact",
    "organisations.view_contact",
    "notices.view_mail",
]

ROLE_PERMISSIONS = {
    EDITORS: _DRAFTING,
    APPROVERS: [*_DRAFTING, "issues.sign_off_issue", "issues.publish_issue"],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_role_groups(**kwargs) -> None:
    # Apps migrated after this one (notices) have no permissions yet on a fresh database.
    for label in {dotted.split(".")[0] for names in ROLE_PERMISSIONS.values() for dotted in names}:
        create_permissions(apps.get_app_config(label), verbosity=0)
    for group_name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set([_permission(p) for p in permissions])


def may_assign_roles(user) -> bool:
    """Only administrators give accounts their roles (and so their access)."""
    return user.is_active and user.is_superuser


def organisation_problem(role: str, organisation) -> str | None:
    """Why `role` cannot be given with `organisation`, or None."""
    if role in ORGANISATION_ROLES and organisation is None:
        return str(_("A recipient's or a contributor's account needs its organisation."))
    return None


def assign_role(user, role: str, organisation=None, *, by) -> None:
    """Give `user` exactly the access of `role`: its group, the admin, or its organisation.

    Editors and approvers work in the admin through their group; administrators
    are superusers; a recipient organisation's account reads in the portal only,
    a contributor writes its organisation's reports there: both need the
    organisation. Only an administrator (`by`) may do this.
    """
    if not may_assign_roles(by):
        raise PermissionDenied(_("Only administrators may give accounts their roles."))
    problem = organisation_problem(role, organisation)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        user.is_staff = role not in ORGANISATION_ROLES
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save(update_fields=["is_staff", "is_superuser"])
        group_name = ROLE_GROUPS.get(role)
        user.groups.set([Group.objects.get(name=group_name)] if group_name else [])
        if role in ORGANISATION_ROLES:
            Membership.objects.update_or_create(user=user, defaults={"organisation": organisation})
        else:
            Membership.objects.filter(user=user).delete()


def current_role(user) -> tuple[str | None, object]:
    """(role, organisation) that `user` holds exactly, as assign_role gives it; else (None, None).

    Reads the user's groups and membership as loaded (prefetched in lists).
    """
    if user.is_superuser:
        return Role.ADMINISTRATOR, None
    membership = getattr(user, "membership", None) if user.pk else None
    organisation = membership.organisation if membership is not None else None
    names = {group.name for group in user.groups.all()} if user.pk else set()
    if organisation is not None and not user.is_staff:
        if not names:
            return Role.RECIPIENT, organisation
        if names == {CONTRIBUTORS}:
            return Role.CONTRIBUTOR, organisation
    if organisation is None and user.is_staff:
        for role in (Role.EDITOR, Role.APPROVER):
            if names == {ROLE_GROUPS[role]}:
                return role, None
    return None, None


def role_label(user) -> str:
    """供稿人：申通 — the role as its holder's list and change form show it."""
    role, organisation = current_role(user)
    if role is None:
        # Groups and permissions set by hand: the groups say most.
        names = [group.name for group in user.groups.all()] if user.pk else []
        return "、".join(names) or "—"
    label = str(Role(role).label)
    return f"{label}：{organisation}" if organisation is not None else label


# Django names its default permissions in English ("Can add issue"), stored in the
# database; they are shown translated instead.
_DEFAULT_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
# Apps whose permissions nobody is given: their data has no admin page.
APPS_WITHOUT_PERMISSIONS = ["contenttypes", "sessions", "django_tasks_db"]


def permission_label(permission: Permission) -> str:
    """简报 | 简报期次 | 可以提交审核: the app, the model and the permission, translated."""
    model = permission.content_type.model_class()
    if model is None:  # a model removed since
        return str(permission)
    opts = model._meta
    action, _separator, model_name = permission.codename.partition("_")
    if action in _DEFAULT_ACTIONS and model_name == opts.model_name:
        name = _DEFAULT_ACTIONS[action] % {"model": opts.verbose_name}
    else:
        name = translation.gettext(permission.name)
    return f"{opts.app_config.verbose_name} | {opts.verbose_name} | {name}"


def assignable_permissions():
    return Permission.objects.exclude(
        content_type__app_label__in=APPS_WITHOUT_PERMISSIONS
    ).select_related("content_type")
