"""The official PDF is written whole under its final name or not at all; strays are reported."""

import errno
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from issues import services
from issues.exceptions import PdfNotMade
from issues.models import Issue

pytestmark = pytest.mark.usefixtures("fake_pdf")


def stored_pdfs(settings) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "issues" / "pdf"
    if not folder.exists():
        return []
    return sorted(str(path.relative_to(settings.MEDIA_ROOT)) for path in folder.rglob("*"))


def final_name(issue) -> str:
    return f"issues/pdf/{issue.issue_date.year}/上海市快递行业精神文明创建工作简报-2026年第1期.pdf"


def test_a_full_disk_leaves_no_file_at_all(
    make_issue, move_issue_to, approver, settings, monkeypatch
):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("issues.pdf.storage.os.fsync", disk_full)
    with pytest.raises(PdfNotMade):
        services.sign_off(issue, approver)
    assert [name for name in stored_pdfs(settings) if name.endswith(".pdf")] == []
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW


def test_a_file_left_by_a_crashed_sign_off_is_replaced_not_suffixed(
    make_issue, move_issue_to, approver, settings
):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    # kill -9 after the file was stored, before the transaction committed.
    leftover = Path(settings.MEDIA_ROOT) / final_name(issue)
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.7 half")
    services.sign_off(issue, approver)
    issue.refresh_from_db()
    assert issue.official_pdf.file.name == final_name(issue)
    assert stored_pdfs(settings) == ["issues/pdf/2026", final_name(issue)]
    assert leftover.read_bytes() == "%PDF-1.7 fake 2026年第1期（总第290期）".encode()
    assert oct(leftover.stat().st_mode & 0o777) == oct(settings.FILE_UPLOAD_PERMISSIONS)


def test_the_file_of_a_signed_off_issue_is_never_overwritten(make_issue, move_issue_to):
    from issues.pdf.storage import OfficialPdfNameTaken, write_official_copy

    issue = move_issue_to(make_issue(), Issue.Status.SIGNED_OFF)
    with pytest.raises(OfficialPdfNameTaken):
        write_official_copy(issue.official_pdf.file.name, b"forged")
    assert issue.official_pdf.file.open("rb").read().startswith(b"%PDF-1.7 fake")


def test_verify_pdfs_reports_and_deletes_stray_files(make_issue, move_issue_to, settings):
    issue = move_issue_to(make_issue(), Issue.Status.SIGNED_OFF)
    folder = Path(settings.MEDIA_ROOT) / "issues" / "pdf" / "2026"
    (folder / "上海市快递行业精神文明创建工作简报-2026年第2期.pdf").write_bytes(b"%PDF stray")
    (folder / ".partial-abc.pdf").write_bytes(b"%PDF")
    out = StringIO()
    call_command("verify_pdfs", stdout=out)
    report = out.getvalue()
    assert "第2期.pdf：没有任何期次引用" in report
    assert ".partial-abc.pdf" in report
    assert issue.official_pdf.file.name not in report.split("\n")[0]
    assert len(stored_pdfs(settings)) == 4

    out = StringIO()
    call_command("verify_pdfs", "--delete-strays", stdout=out)
    assert stored_pdfs(settings) == ["issues/pdf/2026", issue.official_pdf.file.name]
