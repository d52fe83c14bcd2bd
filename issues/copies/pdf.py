"""PDF/A-2b with the office's PAdES signature: the official copy since the beginning."""

from django.utils.translation import gettext_lazy as _

from issues.copies.formats import CopyFormat, register
from issues.pdf import render
from signatures import signing, verification


# Looked up when called, so that the renderer and the signer can be replaced
# in one place (a test's monkeypatch of issues.pdf.render.render_issue_pdf too).
def render_pdf(issue) -> bytes:
    return render.render_issue_pdf(issue)


def sign_pdf(pdf: bytes):
    return signing.sign_official_pdf(pdf)


def verify_pdf(pdf: bytes, certificate_sha256: str) -> str | None:
    return verification.signed_pdf_problem(pdf, certificate_sha256)


PDF = register(
    CopyFormat(
        code="pdf",
        label="PDF/A-2b",
        extension="pdf",
        media_type="application/pdf",
        render=render_pdf,
        sign=sign_pdf,
        verify=verify_pdf,
        download_label=_("Download PDF"),
        signature_template="signatures/portal_signature.html",
    )
)
