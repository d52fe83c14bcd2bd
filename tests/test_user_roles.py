"""The user form: a role (编辑, 签发人, 供稿人, 收文单位 with its organisation), shown after."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from contributions.roles import contributor_organisation_id
from issues import roles
from organisations.models import Membership
from tests.contributions_support import make_contributor


def change_form(user, **fields):
    """The change form's data as Django's user admin posts it, with `fields` changed."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-03-02",
        "date_joined_1": "09:00:00",
        "role": "",
        "organisation": "",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_an_editor_becomes_a_contributor_of_an_organisation(client, superuser, editor, shentong):
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    page = client.get(url).text
    assert "当前角色" in page and '<option value="editor" selected>编辑</option>' in page
    assert '<option value="contributor">供稿人</option>' in page
    response = client.post(
        url, change_form(editor, role="contributor", organisation=shentong.pk, groups=None)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    editor = User.objects.get(pk=editor.pk)
    assert [group.name for group in editor.groups.all()] == [roles.CONTRIBUTORS]
    assert not editor.is_staff
    assert editor.membership.organisation == shentong
    assert contributor_organisation_id(editor) == shentong.pk  # may write its reports
    # The role is shown after saving: on the form and in the list.
    page = client.get(url).text
    assert '<option value="contributor" selected>供稿人</option>' in page
    assert "供稿人：申通快递有限公司" in page
    assert "供稿人：申通快递有限公司" in client.get(reverse("admin:auth_user_changelist")).text


def test_a_contributor_needs_its_organisation_and_nothing_is_lost(client, superuser, editor):
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    response = client.post(url, change_form(editor, role="contributor", first_name="小王"))
    assert response.status_code == 200
    assert "供稿人或收文单位的账号须选择其单位" in response.text
    assert 'value="小王"' in response.text  # what was typed stays on the page
    editor.refresh_from_db()
    assert editor.first_name != "小王" and editor.groups.get().name == roles.EDITORS


def test_groups_set_by_hand_stay_when_the_role_is_left_as_it_is(client, superuser, editor):
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    both = [group.pk for group in roles.Group.objects.filter(name__in=roles.ROLE_PERMISSIONS)]
    response = client.post(url, change_form(editor, role="editor", groups=both))
    assert response.status_code == 302
    assert editor.groups.count() == 2
    assert roles.role_label(User.objects.get(pk=editor.pk)) == "编辑、签发人"


def test_only_administrators_give_roles(client, make_user, editor, shentong):
    clerk = make_user("clerk")
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["change_user", "view_user"]))
    client.force_login(clerk)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    page = client.get(url).text
    assert "当前角色" in page and 'name="role" disabled' in page
    kept_groups = [group.pk for group in editor.groups.all()]
    client.post(url, change_form(editor, role="administrator", groups=kept_groups))
    editor.refresh_from_db()
    assert not editor.is_superuser and editor.groups.get().name == roles.EDITORS
    # The service refuses, whoever calls it.
    with pytest.raises(PermissionDenied):
        roles.assign_role(editor, roles.Role.CONTRIBUTOR, shentong, by=clerk)


def test_current_roles_as_the_list_names_them(superuser, editor, approver, shentong):
    contributor = make_contributor("sto", shentong)
    assert roles.current_role(contributor) == (roles.Role.CONTRIBUTOR, shentong)
    assert [roles.role_label(user) for user in (superuser, editor, approver, contributor)] == [
        "管理员",
        "编辑",
        "签发人",
        "供稿人：申通快递有限公司",
    ]
    roles.assign_role(contributor, roles.Role.RECIPIENT, shentong, by=superuser)
    assert roles.role_label(contributor) == "收文单位：申通快递有限公司"
    assert Membership.objects.get(user=contributor).organisation == shentong
