"""A second official copy format, registered here alone, is made, offered and checked like the PDF.

The format (a text rendering with a hash "seal") is defined in this test and
registered for each test only: no other module knows it. So this is what
adding a format takes: a renderer, a signer, a verifier and register().
"""

import dataclasses
import hashlib
import html
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from issues import services
from issues.copies import formats
from issues.exceptions import PdfNotMade
from issues.models import OfficialCopy
from portal.models import Receipt
from signatures.verification import SignatureSummary
from tests.portal_fixtures import feed_path, issue_path

SEAL = b"\n--seal "
SEALER = "Test sealing office"


def render_text(issue) -> bytes:
    headlines = "\n".join(issue.articles.order_by("position").values_list("headline", flat=True))
    return f"{issue.series.title} {issue.issue_line}\n{headlines}\n".encode()


def seal_text(data: bytes) -> tuple[bytes, SignatureSummary]:
    sealed = data + SEAL + hashlib.sha256(data).hexdigest().encode()
    signed_at = timezone.now().replace(microsecond=0)
    return sealed, SignatureSummary(SEALER, signed_at, "cd" * 32)


def check_seal(data: bytes, certificate_sha256: str) -> str | None:
    text, _seal, digest = data.rpartition(SEAL)
    if certificate_sha256 != "cd" * 32:
        return "sealed by someone else"
    if digest.decode() != hashlib.sha256(text).hexdigest():
        return "seal broken"
    return None


TEXT = formats.CopyFormat(
    code="txt",
    label="Plain text",
    extension="txt",
    media_type="text/plain; charset=utf-8",
    render=render_text,
    sign=seal_text,
    verify=check_seal,
    download_label="Download text",
)


@pytest.fixture
def text_format():
    formats.register(TEXT)
    yield TEXT
    formats.unregister(TEXT.code)


def verify_pdfs() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("verify_pdfs", stdout=out)
    return out.getvalue()


def test_the_registry_knows_each_format_once(text_format):
    assert formats.codes() == ("pdf", "txt")
    assert formats.get("txt") is TEXT
    with pytest.raises(ValueError):
        formats.register(TEXT)
    with pytest.raises(LookupError):
        formats.get("ofd")


def test_sign_off_makes_a_copy_of_every_format(fake_pdf, text_format, make_issue, editor, approver):
    issue = services.sign_off(services.submit(make_issue(), editor), approver)
    pdf, text = issue.official_pdf, issue.official_copy("txt")
    assert [copy.format for copy in issue.official_copies.all()] == ["pdf", "txt"]
    assert pdf.file.name.startswith("issues/pdf/") and text.file.name.startswith("issues/txt/")
    assert text.file.name.endswith("-2026年第1期.txt")
    stored = text.file.read()
    assert stored.startswith(render_text(issue))
    assert (text.sha256, text.size) == (hashlib.sha256(stored).hexdigest(), len(stored))
    assert text.signer == SEALER and text.signed_at and text.certificate_sha256 == "cd" * 32

    report = verify_pdfs()
    assert "All 2 official PDFs are intact." in report
    assert "1 of them carries a valid digital signature" in report


def test_a_failing_format_fails_the_sign_off_and_leaves_no_file(
    fake_pdf, text_format, make_issue, editor, approver, settings
):
    def broken(data):
        raise OSError("seal press jammed")

    formats.unregister("txt")
    formats.register(dataclasses.replace(TEXT, sign=broken))  # after the PDF was stored
    issue = services.submit(make_issue(), editor)
    with pytest.raises(PdfNotMade, match="seal press jammed"):
        services.sign_off(issue, approver)
    issue.refresh_from_db()
    assert issue.status == issue.Status.IN_REVIEW
    assert not OfficialCopy.objects.exists()
    stored = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert stored == []


def test_verify_pdfs_checks_the_seal_through_the_format(
    fake_pdf, text_format, make_issue, editor, approver
):
    issue = services.sign_off(services.submit(make_issue(), editor), approver)
    text = issue.official_copy("txt")
    with default_storage.open(text.file.name, "rb") as file:
        sealed = file.read()
    with default_storage.open(text.file.name, "wb") as file:
        file.write(sealed.replace("第1期".encode(), "第9期".encode()))
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 of 2"):
        call_command("verify_pdfs", stdout=out)
    assert f"{text.file.name}: altered (SHA-256 or size" in out.getvalue()
    assert "seal broken" in out.getvalue()
    assert issue.official_pdf.file.name not in out.getvalue()


def test_the_portal_lists_and_sends_the_copy_and_records_the_receipt(
    client, text_format, recipient, restricted_issue
):
    data, seal = seal_text(render_text(restricted_issue))
    text = OfficialCopy(
        issue=restricted_issue,
        format="txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        signer=seal.signer,
        signed_at=seal.signed_at,
        certificate_sha256=seal.certificate_sha256,
        made_at=timezone.now(),
    )
    text.file.save(TEXT.filename(restricted_issue), ContentFile(data), save=False)
    text.save()
    series = restricted_issue.series
    series.receipt_on_reading = False  # so that the download is the receipt
    series.save()
    client.force_login(recipient)
    page = client.get(issue_path(restricted_issue)).content.decode()
    links = [html.unescape(link) for link in re.findall(r'class="button" href="([^"]*)"', page)]
    assert links == [issue_path(restricted_issue, "pdf/"), issue_path(restricted_issue, "txt/")]
    assert "Download text" in page
    assert not Receipt.objects.filter(issue=restricted_issue).exists()

    response = client.get(links[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].endswith(".txt")
    assert b"".join(response.streaming_content) == data
    receipt = Receipt.objects.get(issue=restricted_issue)
    assert receipt.method == Receipt.Method.DOWNLOAD and receipt.user == recipient

    feed = client.get(feed_path(restricted_issue.series)).content.decode()
    enclosure = f'{issue_path(restricted_issue, "txt/")}" length="{len(data)}" rel="enclosure"'
    assert enclosure in feed


def test_without_the_format_the_issue_offers_its_pdf_alone(fake_pdf, make_issue, editor, approver):
    issue = services.sign_off(services.submit(make_issue(), editor), approver)
    assert [copy.format for copy in issue.official_copies.all()] == ["pdf"]
