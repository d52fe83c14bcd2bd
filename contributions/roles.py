"""The contributor role (供稿人), and what the office's roles may do with reports.

Like issues.roles, the groups are (re)made after every `migrate`.
"""

from django.contrib.auth.models import Group, Permission

from issues.roles import APPROVERS, CONTRIBUTORS, EDITORS
from organisations.models import Membership

CONTRIBUTOR_PERMISSIONS = [
    "contributions.add_report",
    "contributions.change_report",
    "contributions.view_report",
]

# Added to the office's groups: their other permissions are issues.roles' business.
OFFICE_PERMISSIONS = [
    "contributions.view_report",
    "contributions.handle_report",
    "contributions.view_report_statistics",
    "contributions.view_reportevent",
    "contributions.add_declinereason",
    "contributions.change_declinereason",
    "contributions.delete_declinereason",
    "contributions.view_declinereason",
    "contributions.add_pointsrule",
    "contributions.change_pointsrule",
    "contributions.view_pointsrule",
]


def _permissions(dotted_names: list[str]) -> list[Permission]:
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in (name.split(".") for name in dotted_names)
    ]


def ensure_contributor_role(**kwargs) -> None:
    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS)
    contributors.permissions.set(_permissions(CONTRIBUTOR_PERMISSIONS))
    for group_name in (EDITORS, APPROVERS):
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*_permissions(OFFICE_PERMISSIONS))


def contributor_organisation_id(user) -> int | None:
    """The organisation `user` submits reports for, or None when they are no contributor.

    A contributor holds the role and belongs to an organisation (its Membership,
    loaded with the user by organisations.backends.MemberBackend).
    """
    if not (user.is_authenticated and user.is_active):
        return None
    try:
        organisation_id = user.membership.organisation_id
    except Membership.DoesNotExist:
        return None
    return organisation_id if user.has_perm("contributions.add_report") else None
