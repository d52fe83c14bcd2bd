"""Idle staff sessions end, the audit log has its lines, and the Content-Security-Policy holds."""

import logging
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from issues import services
from issues.models import Issue
from security.middleware import StaffIdleTimeoutMiddleware

pytestmark = pytest.mark.usefixtures("fake_pdf")


def idle_for(client, seconds):
    session = client.session
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] -= seconds
    session.save()


def test_a_staff_session_ends_after_the_idle_time(client, editor, settings):
    settings.STAFF_IDLE_TIMEOUT = 30 * 60
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200
    idle_for(client, 29 * 60)
    assert client.get(reverse("admin:index")).status_code == 200
    idle_for(client, 31 * 60)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_the_idle_time_defaults_to_thirty_minutes():
    from django.conf import settings

    assert settings.STAFF_IDLE_TIMEOUT == 30 * 60


def test_recipients_keep_their_sessions(client, recipient, settings):
    client.force_login(recipient)
    client.get("/")
    assert StaffIdleTimeoutMiddleware.SESSION_KEY not in client.session


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger="audit")

    def lines():
        return [
            (record.getMessage(), getattr(record, "username", None))
            for record in caplog.records
            if record.name == "audit"
        ]

    return lines


def test_sign_in_failed_sign_in_and_sign_out_are_audited(audit_lines, editor):
    client = Client()
    client.post(reverse("portal:login"), {"username": "editor", "password": "wrong"})
    client.post(reverse("portal:login"), {"username": "editor", "password": "pw"})
    client.post(reverse("portal:logout"))
    assert audit_lines() == [
        ("sign-in failed", "editor"),
        ("sign-in", "editor"),
        ("sign-out", "editor"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_sign_off_is_audited_once_committed(audit_lines, make_issue, move_issue_to, approver):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    services.sign_off(issue, approver)
    assert ("sign-off", "approver") in audit_lines()


@pytest.mark.django_db(transaction=True)
def test_permission_changes_are_audited(audit_lines, editor):
    editor.is_superuser = True
    editor.save()
    editor.groups.add(Group.objects.create(name="临时组"))
    group = Group.objects.get(name="临时组")
    group.permissions.add(Permission.objects.get(codename="sign_off_issue"))
    messages = [message for message, _username in audit_lines()]
    assert messages.count("permission change") == 3


def test_every_page_has_a_policy_without_inline_script(client, editor, make_issue):
    issue = make_issue()
    client.force_login(editor)
    for path in [
        "/",
        reverse("admin:index"),
        reverse("admin:issues_issue_change", args=[issue.pk]),
    ]:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
        assert "'unsafe-inline'" not in script_src, path
        assert "'unsafe-eval'" not in script_src, path
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert not re.search(r"https?://", policy)  # no third-party origin


def test_the_only_inline_script_is_the_editors_import_map_with_the_nonce(
    client, editor, make_issue
):
    issue = make_issue()
    client.force_login(editor)
    response = client.get(reverse("admin:issues_issue_change", args=[issue.pk]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the editor's import map"
    for attributes in inline:
        if 'type="application/json"' in attributes:
            continue  # data, not script
        assert f'nonce="{nonce}"' in attributes, attributes
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
