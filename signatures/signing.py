"""Signing the official PDF: PAdES baseline, invisible signature, SHA-256.

sign_pdf() is pure: bytes in, signed bytes out (an incremental update, so
the signed document keeps the PDF/A revision it signs). sign_official_pdf()
adds the office's configured credentials, or leaves the bytes alone when no
certificate is configured.
"""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.sign import fields, signers, timestamps

from signatures.credentials import (
    OfficeCredentials,
    SigningNotConfigured,
    office_credentials,
)
from signatures.verification import UNSIGNED, SignatureSummary, read_signature

SIGNATURE_FIELD = "OfficeSignature"
# Document text, like the PDF itself: shown by PDF viewers in the signature panel.
REASON = "签发正式版本"


def sign_pdf(pdf: bytes, credentials: OfficeCredentials, *, location: str = "") -> bytes:
    """`pdf` with the office's PAdES signature over the whole file appended.

    With a TSA URL the signature carries an RFC 3161 timestamp (a network
    call to the timestamp authority, and the only one signing makes).
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    _producer_for_pdf_a(writer)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=credentials.name or None,
        reason=REASON,
        location=location or None,
        # An official copy is final: no changes of any kind after signing.
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    timestamper = timestamps.HTTPTimeStamper(credentials.tsa_url) if credentials.tsa_url else None
    signed = signers.PdfSigner(
        metadata, signer=credentials.signer, timestamper=timestamper
    ).sign_pdf(writer, in_place=False)
    return signed.getvalue()


def _producer_for_pdf_a(writer: IncrementalPdfFileWriter) -> None:
    """Name pyHanko, the last writer, as the producer in the Info dictionary and the XMP alike.

    pyHanko writes its own name into the XMP's pdf:Producer but appends it to
    the Info dictionary's /Producer ("WeasyPrint 70.0; pyHanko 0.38.0"); PDF/A
    requires the two to be equal. WeasyPrint stays named as the creator tool.
    """
    info_reference = writer.trailer.raw_get("/Info", None)
    if info_reference is None:
        return
    writer.mark_update(info_reference)
    info_reference.get_object()["/Producer"] = generic.TextStringObject(VENDOR)


def sign_official_pdf(pdf: bytes, *, location: str = "") -> tuple[bytes, SignatureSummary]:
    """The official PDF signed with the configured office certificate, and who signed it when.

    Without a configured certificate: the bytes unchanged, and UNSIGNED.
    """
    try:
        credentials = office_credentials()
    except SigningNotConfigured:
        return pdf, UNSIGNED
    signed = sign_pdf(pdf, credentials, location=location)
    return signed, read_signature(signed)
