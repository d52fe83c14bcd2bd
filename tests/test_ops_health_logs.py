"""/healthz and the structured log lines (ops.views, core.logs, ops.signals)."""

import json
import logging
import sys

import pytest
from django.urls import reverse

from core.logs import JsonFormatter, LineFormatter, log_duration
from issues import services
from issues.exceptions import WorkflowError
from ops import views


@pytest.mark.django_db
class TestHealthz:
    def test_answers_ok_without_log_in_and_without_cookies(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert not response.cookies
        assert "no-cache" in response["Cache-Control"]

    def test_leaves_no_probe_file_behind(self, client, settings):
        client.get("/healthz")
        assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]

    def test_a_storage_that_cannot_be_written_fails_it(self, client, settings, tmp_path):
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("")
        settings.MEDIA_ROOT = blocker
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "failed": ["storage"]}

    def test_a_failing_database_fails_it_and_the_reason_stays_in_the_log(
        self, client, monkeypatch, caplog
    ):
        def broken():
            raise ConnectionError("password authentication failed for user bo")

        monkeypatch.setitem(views.CHECKS, "database", broken)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "failed": ["database"]}
        assert "password" not in response.text
        assert "password authentication failed" in caplog.text

    def test_is_not_redirected_to_https(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/healthz").status_code == 200
        assert client.get(reverse("portal:archive")).status_code == 301


class TestJsonFormatter:
    def format(self, record):
        line = JsonFormatter().format(record)
        assert "\n" not in line
        return json.loads(line)

    def test_one_object_per_line_with_the_extra_fields(self):
        record = logging.makeLogRecord(
            {"name": "issues.pdf", "levelname": "INFO", "msg": "签发 %s", "args": ("第26期",)}
        )
        record.duration_ms = 812.5
        line = self.format(record)
        assert line["message"] == "签发 第26期"
        assert line["logger"] == "issues.pdf"
        assert line["level"] == "INFO"
        assert line["duration_ms"] == 812.5
        assert line["time"].endswith("+00:00")

    def test_a_traceback_stays_on_the_line(self):
        try:
            raise ValueError("broken\nacross lines")
        except ValueError:
            record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
        line = self.format(record)
        assert "ValueError: broken" in line["exception"]


def test_development_lines_carry_the_extra_fields_after_the_message():
    record = logging.makeLogRecord(
        {"name": "issues.pdf", "levelname": "INFO", "msg": "pdf rendered", "pk": 7}
    )
    record.duration_ms = 812.5
    line = LineFormatter().format(record)
    assert line.endswith("INFO issues.pdf pdf rendered pk=7 duration_ms=812.5")


def test_each_request_is_logged_with_status_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="ops.request"):
        client.get(reverse("portal:archive"))
    (record,) = [r for r in caplog.records if r.name == "ops.request"]
    assert (record.method, record.path, record.status) == ("GET", "/", 200)
    assert record.duration_ms > 0
    assert record.user is None


def test_a_failed_login_is_logged_without_the_password(client, approver, caplog):
    client.post(reverse("admin:login"), {"username": "approver", "password": "wrong-pw-123"})
    (record,) = [r for r in caplog.records if r.name == "ops.auth"]
    assert record.levelno == logging.WARNING
    assert record.username == "approver"
    assert record.client == "127.0.0.1"
    assert "wrong-pw-123" not in caplog.text


def test_workflow_transitions_are_logged_once_committed(
    make_issue, editor, approver, fake_pdf, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.submit(make_issue(), editor)
        services.sign_off(issue, approver)
    records = [r for r in caplog.records if r.name == "issues.workflow"]
    assert [(r.action, r.from_status, r.to_status) for r in records] == [
        ("submit", "draft", "in_review"),
        ("sign_off", "in_review", "signed_off"),
    ]
    assert records[1].issue == issue.pk
    assert records[1].user == approver.pk


def test_a_refused_transition_is_not_logged(
    make_issue, approver, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkflowError):
        services.sign_off(make_issue(), approver)  # a draft cannot be signed off
    assert not [r for r in caplog.records if r.name == "issues.workflow"]


def test_log_duration_names_the_object_and_the_time(caplog):
    class Issue:
        pk = 7

    @log_duration("issues.pdf", "pdf rendered")
    def render(issue):
        return b"%PDF"

    with caplog.at_level(logging.INFO, logger="issues.pdf"):
        assert render(Issue()) == b"%PDF"
    (record,) = caplog.records
    assert record.message == "pdf rendered"
    assert record.pk == 7
    assert record.duration_ms >= 0
