"""Editors and approvers see the imported files and what to check; approvers confirm them."""

from django.contrib.auth.models import Group, Permission

from issues.roles import APPROVERS, EDITORS

VIEW_IMPORTS = "view_importrecord"


def let_staff_check_imports(**kwargs) -> None:
    permission = Permission.objects.get(
        content_type__app_label="archive_import", codename=VIEW_IMPORTS
    )
    for group in Group.objects.filter(name__in=[EDITORS, APPROVERS]):
        group.permissions.add(permission)
