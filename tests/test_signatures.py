"""The office's digital signature on the official PDF (signatures app)."""

import datetime
import io
import stat
from io import StringIO
from pathlib import Path

import pikepdf
import pytest
from django.core.checks import run_checks
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation
from pyhanko.pdf_utils.reader import PdfFileReader

from issues import services
from issues.exceptions import PdfNotMade
from signatures.credentials import office_credentials
from signatures.signing import sign_official_pdf, sign_pdf
from signatures.verification import UNSIGNED, read_signature, signature_problem, validate
from tests.portal_fixtures import issue_path, make_published_issue
from tests.signing_fixtures import OFFICE

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def plain_pdf(django_db_setup, django_db_blocker):
    """A small real PDF of WeasyPrint's, to sign."""
    from weasyprint import HTML

    return HTML(string="<p lang=zh>简报</p>").write_pdf(pdf_variant="pdf/a-2b")


def flip_one_byte(pdf: bytes, position: int) -> bytes:
    changed = bytearray(pdf)
    changed[position] ^= 0x01
    return bytes(changed)


class TestSigning:
    def test_the_signature_validates_against_the_configured_certificate(
        self, plain_pdf, signing_configured
    ):
        signed = sign_pdf(plain_pdf, signing_configured)
        status = validate(signed, signing_configured.trust_roots)
        assert status.intact and status.valid and status.trusted
        assert status.coverage.name == "ENTIRE_FILE"
        assert status.bottom_line
        assert signature_problem(signed, signing_configured.trust_roots) is None

    def test_it_is_a_pades_signature_with_the_signers_name(self, plain_pdf, signing_configured):
        signed = sign_pdf(plain_pdf, signing_configured)
        (signature,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        assert signature.sig_object["/Name"] == OFFICE
        assert signature.md_algorithm == "sha256"

    @pytest.mark.parametrize("where", [0.3, 0.6, 0.99], ids=["start", "middle", "end"])
    def test_one_changed_byte_breaks_it(self, plain_pdf, signing_configured, where):
        signed = sign_pdf(plain_pdf, signing_configured)
        position = int(len(plain_pdf) * where)
        assert signed[position] not in b"0123456789"  # not an xref offset pyHanko might repair
        changed = flip_one_byte(signed, position)
        problem = signature_problem(changed, signing_configured.trust_roots)
        assert problem is not None

    def test_another_certificate_is_not_trusted(
        self, plain_pdf, signing_configured, tmp_path, settings
    ):
        signed = sign_pdf(plain_pdf, signing_configured)
        call_command("make_office_certificate", "冒名办公室", directory=str(tmp_path), stdout=None)
        settings.BULLETIN_SIGNING_CERT = str(tmp_path / "office-cert.pem")
        settings.BULLETIN_SIGNING_KEY = str(tmp_path / "office-key.pem")
        office_credentials.cache_clear()
        impostor = office_credentials()
        with translation.override("en"):
            problem = signature_problem(signed, impostor.trust_roots)
        assert problem == "signed with a certificate that is not the office's"

    def test_read_signature_tells_who_and_when(self, plain_pdf, signing_configured):
        signed, summary = sign_official_pdf(plain_pdf)
        assert summary == read_signature(signed)
        assert summary.signer == OFFICE
        assert summary.signed_at is not None
        assert summary.certificate_sha256 == signing_configured.certificate.sha256.hex()

    def test_without_a_certificate_the_pdf_is_left_as_it_is(
        self, plain_pdf, signing_not_configured
    ):
        assert sign_official_pdf(plain_pdf) == (plain_pdf, UNSIGNED)


class TestConfiguration:
    def test_unconfigured_is_no_fault(self, signing_not_configured):
        assert not [message for message in run_checks() if message.id.startswith("signatures.")]

    def test_a_wrong_password_is_an_error(self, settings, office_certificate, tmp_path):
        certificate, _key = office_certificate
        call_command("make_office_certificate", OFFICE, directory=str(tmp_path), stdout=StringIO())
        settings.BULLETIN_SIGNING_CERT = str(certificate)
        settings.BULLETIN_SIGNING_KEY = str(tmp_path / "missing-key.pem")
        office_credentials.cache_clear()
        try:
            assert "signatures.E001" in {message.id for message in run_checks()}
        finally:
            office_credentials.cache_clear()

    def test_the_admin_says_so_to_approvers_when_unconfigured(
        self, client, approver, signing_not_configured
    ):
        client.force_login(approver)
        page = client.get(reverse("admin:index")).content.decode()
        assert "签发的正式PDF不带数字签名" in page

    def test_no_notice_when_configured(self, client, approver, signing_configured):
        client.force_login(approver)
        assert "不带数字签名" not in client.get(reverse("admin:index")).content.decode()


class TestCertificateCommand:
    def test_it_writes_a_private_key_only_its_owner_reads(self, tmp_path):
        out = StringIO()
        call_command("make_office_certificate", OFFICE, directory=str(tmp_path), stdout=out)
        key = tmp_path / "office-key.pem"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert f"BULLETIN_SIGNING_KEY={key}" in out.getvalue()
        assert (tmp_path / "office-cert.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE")

    def test_it_does_not_overwrite_without_force(self, tmp_path):
        call_command("make_office_certificate", OFFICE, directory=str(tmp_path), stdout=StringIO())
        with pytest.raises(CommandError, match="--force"):
            call_command("make_office_certificate", OFFICE, directory=str(tmp_path))


class TestSignOff:
    def test_the_stored_copy_is_the_signed_one_and_verify_pdfs_checks_it(
        self, make_issue, editor, approver, signing_configured
    ):
        issue = services.sign_off(services.submit(make_issue(articles=1), editor), approver)
        pdf = issue.official_pdf
        stored = pdf.file.read()
        assert pdf.signer == OFFICE and pdf.signed_at is not None
        assert pdf.certificate_sha256 == signing_configured.certificate.sha256.hex()
        assert validate(stored, signing_configured.trust_roots).bottom_line
        with pikepdf.open(io.BytesIO(stored)) as document, document.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "B"
        out = StringIO()
        with translation.override("en"):
            call_command("verify_pdfs", stdout=out)
        assert "1 official PDF is intact." in out.getvalue()
        assert "It carries a valid digital signature." in out.getvalue()

    def test_verify_pdfs_reports_the_hash_and_the_signature_after_a_one_byte_change(
        self, make_issue, editor, approver, signing_configured
    ):
        issue = services.sign_off(services.submit(make_issue(articles=1), editor), approver)
        pdf = issue.official_pdf
        stored = pdf.file.read()
        pdf.file.close()
        with default_storage.open(pdf.file.name, "wb") as file:
            file.write(flip_one_byte(stored, len(stored) // 4))
        out = StringIO()
        with translation.override("en"), pytest.raises(CommandError, match="1 of 1"):
            call_command("verify_pdfs", stdout=out)
        assert "altered" in out.getvalue()
        assert "signature broken" in out.getvalue()

    def test_a_broken_certificate_set_up_stops_sign_off_and_stores_nothing(
        self, make_issue, editor, approver, settings, office_certificate, tmp_path
    ):
        settings.BULLETIN_SIGNING_CERT = str(office_certificate[0])
        settings.BULLETIN_SIGNING_KEY = str(tmp_path / "missing-key.pem")
        office_credentials.cache_clear()
        issue = services.submit(make_issue(articles=1), editor)
        try:
            with pytest.raises(PdfNotMade):
                services.sign_off(issue, approver)
        finally:
            office_credentials.cache_clear()
        issue.refresh_from_db()
        assert issue.status == issue.Status.IN_REVIEW and issue.official_pdf is None
        assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))

    def test_unsigned_without_a_certificate(
        self, make_issue, editor, approver, signing_not_configured
    ):
        issue = services.sign_off(services.submit(make_issue(articles=1), editor), approver)
        pdf = issue.official_pdf
        assert read_signature(pdf.file.read()) == UNSIGNED
        assert pdf.signer == "" and pdf.signed_at is None
        call_command("verify_pdfs", stdout=StringIO())


def test_the_portal_issue_page_names_the_signer_and_how_to_verify(
    client, public_series, bureau, signing_configured
):
    published_at = timezone.now() - datetime.timedelta(hours=1)
    issue = make_published_issue(
        public_series,
        recipients=(bureau,),
        published_at=published_at,
        pdf_signature=(OFFICE, published_at, "ab" * 32),
    )
    page = client.get(issue_path(issue), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"已数字签名：{OFFICE}，" in page
    assert ":".join(["AB"] * 32) in page
    assert "如何验证签名" in page


def test_verify_pdf_signature_prints_the_report_and_fails_on_a_changed_copy(
    plain_pdf, signing_configured, tmp_path
):
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(sign_pdf(plain_pdf, signing_configured))
    out = StringIO()
    with translation.override("en"):
        call_command("verify_pdf_signature", str(signed), stdout=out)
    assert "The signature is judged VALID." in out.getvalue()
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(flip_one_byte(signed.read_bytes(), len(plain_pdf) // 2))
    with translation.override("en"), pytest.raises(CommandError, match="1 of 2"):
        call_command("verify_pdf_signature", str(signed), str(changed), stdout=StringIO())


def test_with_a_tsa_url_the_signature_carries_a_timestamp(
    plain_pdf, signing_configured, monkeypatch
):
    """A stand-in timestamp authority answers for the configured URL (no network in tests)."""
    from asn1crypto import keys, x509
    from cryptography import x509 as cryptography_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from signatures.management.commands.make_office_certificate import make_certificate

    key, certificate = make_certificate("测试时间戳服务", days=30)
    # A TSA certificate must be for time stamping only (RFC 3161, 2.3).
    certificate = (
        cryptography_x509.CertificateBuilder()
        .subject_name(certificate.subject)
        .issuer_name(certificate.issuer)
        .public_key(certificate.public_key())
        .serial_number(certificate.serial_number)
        .not_valid_before(certificate.not_valid_before_utc)
        .not_valid_after(certificate.not_valid_after_utc)
        .add_extension(
            cryptography_x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .sign(key, certificate.signature_hash_algorithm)
    )
    tsa_certificate = x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    tsa_key = keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    asked = []

    def timestamper(url):
        asked.append(url)
        return DummyTimeStamper(tsa_cert=tsa_certificate, tsa_key=tsa_key)

    monkeypatch.setattr("signatures.signing.timestamps.HTTPTimeStamper", timestamper)
    credentials = signing_configured.__class__(
        signer=signing_configured.signer, name=OFFICE, tsa_url="https://tsa.example.invalid/"
    )
    signed = sign_pdf(plain_pdf, credentials)
    assert asked == ["https://tsa.example.invalid/"]
    status = validate(signed, [*credentials.trust_roots, tsa_certificate])
    assert status.bottom_line
    assert status.timestamp_validity is not None and status.timestamp_validity.intact
