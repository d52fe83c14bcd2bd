"""Official copy formats: what sign-off makes, the portal offers and verify_pdfs checks.

Every registered format gets one OfficialCopy per signed-off issue, in
registration order (the order of the download links too). A format is
registered once, at import of its module in issues.copies.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from signatures.verification import SignatureSummary


@dataclass(frozen=True)
class CopyFormat:
    """One format of the official copy.

    render(issue) -> bytes: the numbered issue in this format.
    sign(data) -> (signed data, SignatureSummary): the office's signature, or the
        data unchanged with signatures.verification.UNSIGNED when no certificate is configured.
    verify(data, certificate_sha256) -> str | None: why a signed stored copy does
        not prove to be the office's unaltered copy, or None if it does.
    """

    code: str  # in OfficialCopy.format and the download address: "pdf"
    label: str | Promise  # "PDF/A-2b"
    extension: str  # without the dot: "pdf"
    media_type: str  # "application/pdf"
    render: Callable[[object], bytes]
    sign: Callable[[bytes], tuple[bytes, SignatureSummary]]
    verify: Callable[[bytes, str], str | None]
    download_label: str | Promise = ""  # the portal's link, "Download PDF"
    # The portal's note under the link of a signed copy: who signed, how to check it.
    signature_template: str = ""

    def filename(self, issue) -> str:
        """The download and storage name: 上海市…简报-2020年第26期 and this format's extension."""
        from issues.pdf.render import pdf_filename  # the naming the PDF has always had

        return f"{pdf_filename(issue).removesuffix('.pdf')}.{self.extension}"

    @property
    def folder(self) -> str:
        """Where its stored files go: issues/pdf/ (OfficialCopy.file's upload_to)."""
        return f"issues/{self.code}/"


_registry: dict[str, CopyFormat] = {}


def register(copy_format: CopyFormat) -> CopyFormat:
    """Add `copy_format`; a code can be registered once."""
    if copy_format.code in _registry:
        raise ValueError(f"The official copy format {copy_format.code!r} is registered already.")
    _registry[copy_format.code] = copy_format
    return copy_format


def unregister(code: str) -> None:
    """Take a format out again (for tests that register one of their own)."""
    del _registry[code]


def formats() -> tuple[CopyFormat, ...]:
    """Every registered format, in registration order."""
    return tuple(_registry.values())


def codes() -> tuple[str, ...]:
    return tuple(_registry)


def get(code: str) -> CopyFormat:
    """The registered format `code`; LookupError if there is none."""
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"No official copy format {code!r} is registered.") from None
