"""Reading and checking the office's signature on a stored official PDF."""

import contextlib
import datetime
import io
from dataclasses import dataclass

from asn1crypto import x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from signatures.credentials import SigningMisconfigured, SigningNotConfigured, office_credentials


@dataclass(frozen=True)
class SignatureSummary:
    """What the signature says about itself (not yet whether it holds)."""

    signer: str
    signed_at: datetime.datetime | None
    certificate_sha256: str


UNSIGNED = SignatureSummary(signer="", signed_at=None, certificate_sha256="")


def _signatures(pdf: bytes) -> list[EmbeddedPdfSignature]:
    return list(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)


def _signer_name(signature: EmbeddedPdfSignature) -> str:
    name = signature.sig_object.get("/Name")
    if name:
        return str(name)
    return signature.signer_cert.subject.native.get("common_name", "")


def read_signature(pdf: bytes) -> SignatureSummary:
    """Who signed the PDF (its last signature), when, with which certificate; UNSIGNED if none."""
    signatures = _signatures(pdf)
    if not signatures:
        return UNSIGNED
    signature = signatures[-1]
    return SignatureSummary(
        signer=_signer_name(signature),
        signed_at=signature.self_reported_timestamp,
        certificate_sha256=signature.signer_cert.sha256.hex(),
    )


def validate(pdf: bytes, trust_roots: list[x509.Certificate]) -> PdfSignatureStatus:
    """pyHanko's full status of the PDF's only signature, trusting `trust_roots` alone.

    Raises SignatureValidationError when the file has no signature or more than one.
    """
    signatures = _signatures(pdf)
    if len(signatures) != 1:
        raise SignatureValidationError(f"expected one signature, found {len(signatures)}")
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    return validate_pdf_signature(signatures[0], context)


def signature_problem(pdf: bytes, trust_roots: list[x509.Certificate]) -> str | None:
    """Why the PDF's signature does not prove it is the office's unaltered copy; None if it does."""
    try:
        status = validate(pdf, trust_roots)
    # A damaged file fails in many ways (bad xref, bad zlib data, bad ASN.1): all say the same.
    except Exception as error:
        return _("signature unreadable or missing (%(error)s)") % {"error": error}
    if not status.intact or not status.valid:
        return _("signature broken: the file was changed after it was signed")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return _("signature does not cover the whole file: something was appended after signing")
    if not status.trusted:
        return _("signed with a certificate that is not the office's")
    return None


def signed_pdf_problem(pdf: bytes, certificate_sha256: str) -> str | None:
    """The signature check of `verify_pdfs`, for a stored official PDF that was signed.

    `certificate_sha256` is the fingerprint recorded when it was signed.
    Trusted: that certificate (so copies signed before a certificate was
    renewed still check) and the one configured now.
    """
    try:
        signer_certificate = _signatures(pdf)[-1].signer_cert
    except Exception:
        return _("signature unreadable or missing")
    if signer_certificate.sha256.hex() != certificate_sha256:
        return _("signed with another certificate than the one recorded at sign-off")
    trust_roots = [signer_certificate]
    with contextlib.suppress(SigningNotConfigured, SigningMisconfigured):
        trust_roots += office_credentials().trust_roots
    return signature_problem(pdf, trust_roots)
