"""The two staff roles, as Django groups with their permissions.

The groups are (re)created after every `migrate`, so an installation always
has them with the right permissions.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "编辑"
APPROVERS = "签发人"

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
]

ROLE_PERMISSIONS = {
    EDITORS: _DRAFTING,
    APPROVERS: [*_DRAFTING, "issues.sign_off_issue", "issues.publish_issue"],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_role_groups(**kwargs) -> None:
    for group_name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set([_permission(p) for p in permissions])
