"""The official PDF: made and stored at sign-off, verified, downloaded byte for byte."""

import hashlib
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from issues import services
from issues.exceptions import PdfNotMade
from issues.models import Issue, IssueRecipient

Status = Issue.Status


@pytest.fixture(autouse=True)
def english():
    """These tests read the English source messages; test_workflow_admin reads the Chinese."""
    with translation.override("en"):
        yield


def stored_files():
    return sorted(p.name for p in default_storage.base_location.rglob("*.pdf"))


def test_sign_off_stores_the_pdf_with_its_hash_and_size(fake_pdf, make_issue, editor, approver):
    issue = services.sign_off(services.submit(make_issue(), editor), approver)
    content = "%PDF-1.7 fake 2026年第1期（总第290期）".encode()
    assert fake_pdf == ["2026年第1期（总第290期）"]  # rendered once, after numbering
    pdf = issue.official_pdf
    assert pdf.file.name.startswith("issues/pdf/")
    assert pdf.file.read() == content
    assert pdf.sha256 == hashlib.sha256(content).hexdigest()
    assert pdf.size == len(content)


def test_a_failed_render_fails_the_whole_sign_off(
    monkeypatch, make_issue, editor, approver, caplog
):
    def broken(issue, *, draft=None):
        raise OSError("font not found")

    monkeypatch.setattr("issues.pdf.render.render_issue_pdf", broken)
    issue = services.submit(make_issue(), editor)
    with pytest.raises(PdfNotMade, match="font not found"):
        services.sign_off(issue, approver)
    issue.refresh_from_db()
    assert issue.status == Status.IN_REVIEW
    assert not issue.is_numbered
    assert issue.official_pdf is None
    assert not IssueRecipient.objects.exists()
    assert issue.events.count() == 1  # the submission only
    assert stored_files() == []


def test_the_stored_file_is_deleted_when_the_transaction_rolls_back_after_storing(
    fake_pdf, monkeypatch, make_issue, editor, approver
):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    issue = services.submit(make_issue(), editor)
    monkeypatch.setattr("issues.services.versions.record_version", fail)
    with pytest.raises(RuntimeError):
        services.sign_off(issue, approver)
    assert stored_files() == []
    assert not Issue.objects.get(pk=issue.pk).is_numbered


def test_the_approver_sees_why_in_the_admin(monkeypatch, client, make_issue, editor, approver):
    def broken(issue, *, draft=None):
        raise OSError("font not found")

    monkeypatch.setattr("issues.pdf.render.render_issue_pdf", broken)
    issue = services.submit(make_issue(), editor)
    client.force_login(approver)
    response = client.post(
        reverse("admin:issues_issue_transition", args=[issue.pk, "sign-off"]), follow=True
    )
    assert "font not found" in response.text
    assert Issue.objects.get(pk=issue.pk).status == Status.IN_REVIEW


def test_download_serves_exactly_the_stored_bytes(fake_pdf, client, make_issue, editor, approver):
    issue = services.sign_off(services.submit(make_issue(), editor), approver)
    client.force_login(editor)
    response = client.get(reverse("admin:issues_issue_official_pdf", args=[issue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert b"".join(response.streaming_content) == issue.official_pdf.file.open("rb").read()

    draft = make_issue()
    url = reverse("admin:issues_issue_official_pdf", args=[draft.pk])
    assert client.get(url).status_code == 404


def test_download_needs_view_permission(fake_pdf, client, make_issue, editor, approver, make_user):
    issue = services.sign_off(services.submit(make_issue(), editor), approver)
    client.force_login(make_user("clerk"))
    url = reverse("admin:issues_issue_official_pdf", args=[issue.pk])
    assert client.get(url).status_code == 403


class TestVerifyPdfs:
    def test_intact_files_pass(self, fake_pdf, make_issue, editor, approver):
        services.sign_off(services.submit(make_issue(), editor), approver)
        out = StringIO()
        with translation.override("en"):
            call_command("verify_pdfs", stdout=out)
        assert "1 official PDF is intact." in out.getvalue()
        assert "0 of them carry a valid digital signature" in out.getvalue()

    def test_missing_and_altered_files_are_listed_and_fail(
        self, fake_pdf, make_issue, editor, approver
    ):
        altered = services.sign_off(services.submit(make_issue(), editor), approver)
        missing = services.sign_off(services.submit(make_issue(), editor), approver)
        with default_storage.open(altered.official_pdf.file.name, "wb") as file:
            file.write(b"%PDF-1.7 forged")
        default_storage.delete(missing.official_pdf.file.name)
        out = StringIO()
        with pytest.raises(CommandError, match="2 of 2"):
            call_command("verify_pdfs", stdout=out)
        assert f"{altered.official_pdf.file.name}: altered" in out.getvalue()
        assert f"{missing.official_pdf.file.name}: missing" in out.getvalue()

    def test_the_exit_status_is_not_zero(self, fake_pdf, make_issue, editor, approver):
        issue = services.sign_off(services.submit(make_issue(), editor), approver)
        default_storage.delete(issue.official_pdf.file.name)
        with pytest.raises(SystemExit) as exit_status:
            from django.core.management import execute_from_command_line

            execute_from_command_line(["manage.py", "verify_pdfs"])
        assert exit_status.value.code != 0


def test_make_missing_pdfs_makes_each_once(fake_pdf, make_issue, approver):
    past = make_issue()
    services.record_historical_issue(
        past, year=2020, number=26, cumulative_number=289, user=approver
    )
    make_issue()  # a draft: no official PDF
    call_command("make_missing_pdfs", stdout=StringIO())
    past.refresh_from_db()
    assert fake_pdf == ["2020年第26期（总第289期）"]
    assert past.official_pdf.sha256 == hashlib.sha256(past.official_pdf.file.read()).hexdigest()
    call_command("make_missing_pdfs", stdout=StringIO())
    assert len(fake_pdf) == 1
    call_command("verify_pdfs", stdout=StringIO())


def test_sign_off_with_the_real_renderer(make_issue, editor, approver):
    issue = services.sign_off(services.submit(make_issue(articles=1), editor), approver)
    assert issue.official_pdf.file.read().startswith(b"%PDF-")
    call_command("verify_pdfs", stdout=StringIO())
