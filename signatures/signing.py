"""Signing the official PDF: PAdES baseline, invisible signature, SHA-256.

sign_pdf() is pure: bytes in, signed bytes out (an incremental update, so
the signed document keeps the PDF/A revision it signs). sign_official_pdf()
adds the office's configured credentials, or leaves the bytes alone when no
certificate is configured.
"""

import datetime
import io

from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.sign import fields, signers, timestamps

from signatures.credentials import (
    OfficeCredentials,
    SigningNotConfigured,
    office_credentials,
)
from signatures.verification import UNSIGNED, SignatureSummary

SIGNATURE_FIELD = "OfficeSignature"
# Document text, like the PDF itself: shown by PDF viewers in the signature panel.
REASON = "签发正式版本"


class _PdfSignerAt(signers.PdfSigner):
    """pyHanko's PdfSigner, signing at a time given by the caller rather than its own now()."""

    def __init__(self, *args, signing_time: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self.signing_time
        return session


def _signature_size(credentials: OfficeCredentials) -> int:
    """Room for the CMS signature, so pyHanko skips its trial signing (about 0.1 s).

    The certificates are most of the CMS; the rest (signed attributes, signer
    info, a signature of at most 512 bytes for RSA-4096) stays under 4 KB.
    Counted in hexadecimal digits, as the PDF holds it.
    """
    certificates = [credentials.certificate, *credentials.signer.cert_registry]
    return 2 * (4096 + sum(len(certificate.dump()) for certificate in certificates))


def sign_pdf(
    pdf: bytes,
    credentials: OfficeCredentials,
    *,
    signing_time: datetime.datetime | None = None,
    location: str = "",
) -> bytes:
    """`pdf` with the office's PAdES signature over the whole file appended.

    The signature claims `signing_time` (default: now), to the second. With a
    TSA URL it also carries an RFC 3161 timestamp (a network call to the
    timestamp authority, and the only one signing makes).
    """
    signing_time = (signing_time or timezone.now()).replace(microsecond=0)
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
    signed = _PdfSignerAt(
        metadata, signer=credentials.signer, timestamper=timestamper, signing_time=signing_time
    ).sign_pdf(
        writer,
        in_place=False,
        # pyHanko sizes a timestamped signature by a trial run; ours is known in advance.
        bytes_reserved=None if timestamper else _signature_size(credentials),
    )
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
    # In the office's time zone, as PDF viewers show the signing time.
    signing_time = timezone.localtime().replace(microsecond=0)
    signed = sign_pdf(pdf, credentials, signing_time=signing_time, location=location)
    return signed, SignatureSummary(
        signer=credentials.name,
        signed_at=signing_time,
        certificate_sha256=credentials.certificate.sha256.hex(),
    )
