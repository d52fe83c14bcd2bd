"""Files as the parser reads them: text in whatever encoding it was saved, Word with its structure.

A .txt file may be UTF-8 (with or without the BOM Notepad writes), UTF-16 (Notepad's
"Unicode") or GB18030/GBK (Chinese Windows' ANSI); anything else, or a binary file named
.txt, is refused with a message naming it. A .docx file is read paragraph by paragraph
and table row by table row, in document order, keeping what tells a headline: the
Title and Heading styles, and bold centred paragraphs.
"""

import codecs
import hashlib
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph

from archive_import.parsing import SourceLine, split_lines
from issues.importing.docx import WordImportError, check_unpacked_sizes

SUFFIXES = (".txt", ".docx")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, or a password-protected .docx
MIN_TEXT_SHARE = 0.95  # less text than this (ideographs, punctuation, ASCII): not a text
MAX_BOLD_HEADING_CHARS = 60


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message names it, in Chinese."""


@dataclass(frozen=True)
class SourceDocument:
    name: str
    sha256: str
    lines: list[SourceLine]

    @property
    def text(self) -> str:
        """The text as the parser numbered it, line N on line N: what a clerk checks against."""
        return "\n".join(line.text for line in self.lines)


def read_document(path: Path) -> SourceDocument:
    """The lines of a .txt or .docx file; UnreadableFile when it cannot be read."""
    if not path.exists():
        raise UnreadableFile(
            _("%(file)s：文件或文件夹不存在（%(path)s）") % {"file": path.name, "path": path}
        )
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableFile(_("%(file)s：只能导入 .txt 或 .docx 文件") % {"file": path.name})
    limit = settings.BULLETIN_IMPORT_MAX_DOCX_BYTES
    try:
        if path.stat().st_size > limit:
            raise UnreadableFile(
                _("%(file)s：文件大于 %(limit)s")
                % {"file": path.name, "limit": filesizeformat(limit)}
            )
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            _("%(file)s：无法读取（%(error)s）") % {"file": path.name, "error": error.strerror}
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".docx":
        return SourceDocument(path.name, digest, docx_lines(path.name, data))
    text = decode_text(path.name, data)
    lines = [SourceLine(number, line) for number, line in enumerate(split_lines(text), start=1)]
    return SourceDocument(path.name, digest, lines)


# --- Text ----------------------------------------------------------------------------------


def decode_text(name: str, data: bytes) -> str:
    """The text of a .txt file, its encoding told by its BOM or by which decoding succeeds."""
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(name, data[len(codecs.BOM_UTF8) :], "utf-8")
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _decode(name, data, "utf-32")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(name, data, "utf-16")
    elif b"\x00" in data:
        # UTF-16 without a BOM (text has no NUL bytes otherwise): the byte order that
        # reads as text.
        candidates = []
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                candidates.append(data.decode(encoding))
            except UnicodeDecodeError:
                continue
        if not candidates:
            raise _binary(name)
        text = max(candidates, key=_text_share)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode(name, data, "gb18030")
    if _text_share(text) < MIN_TEXT_SHARE:
        raise _binary(name)
    return text


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(
            _(
                "%(file)s：无法识别文字编码（应为 UTF-8、UTF-16 或 GB18030）；"
                "请用记事本或 Word 另存为 UTF-8 文本后再导入"
            )
            % {"file": name}
        ) from None


def _binary(name: str) -> UnreadableFile:
    return UnreadableFile(
        _("%(file)s：不是文本文件（含有二进制内容）；请导入 .txt 文本或 .docx 文件")
        % {"file": name}
    )


def _is_text_character(char: str) -> bool:
    if char in "\t\n\r\f\v" or " " <= char <= "~":
        return True
    # Chinese text: ideographs, CJK and full-width punctuation, general punctuation.
    return (
        "\u4e00" <= char <= "\u9fff"
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
        or "\u2000" <= char <= "\u206f"
        or (
            unicodedata.category(char)[0] in "LNPSZ"
            and not "\ue000" <= char <= "\uf8ff"
            and unicodedata.category(char) != "Lo"
        )
    )


def _text_share(text: str) -> float:
    """How much of `text` is what a Chinese document is written in; 1.0 for nothing."""
    if not text:
        return 1.0
    return sum(1 for char in text if _is_text_character(char)) / len(text)


# --- Word ----------------------------------------------------------------------------------


def docx_lines(name: str, data: bytes) -> list[SourceLine]:
    """A Word file's paragraphs and table rows as numbered lines, with their heading marks."""
    if len(data) > settings.BULLETIN_IMPORT_MAX_DOCX_BYTES:
        limit = filesizeformat(settings.BULLETIN_IMPORT_MAX_DOCX_BYTES)
        raise UnreadableFile(_("%(file)s：文件大于 %(limit)s") % {"file": name, "limit": limit})
    if data.startswith(OLE_SIGNATURE):
        raise UnreadableFile(
            _("%(file)s：设有密码或是旧的 .doc 格式；请在 Word 中另存为无密码的 .docx")
            % {"file": name}
        )
    try:
        # The same limits as the admin's Word import: sizes and ratios before unpacking.
        with zipfile.ZipFile(BytesIO(data)) as archive:
            check_unpacked_sizes(name, archive)
        document = docx.Document(BytesIO(data))
    except WordImportError as error:
        raise UnreadableFile(str(error)) from None
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, EOFError):
        raise UnreadableFile(_("%(file)s：Word 文件已损坏，无法读取") % {"file": name}) from None
    lines: list[SourceLine] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            _add_paragraph(lines, block)
        elif isinstance(block, Table):
            _add_table(lines, block)
    return lines


def _add(lines: list[SourceLine], text: str, *, heading=0, title=False) -> None:
    for part in text.split("\n"):
        lines.append(SourceLine(len(lines) + 1, part.strip(), heading=heading, title=title))


def _add_paragraph(lines: list[SourceLine], paragraph: Paragraph) -> None:
    text = paragraph.text
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    title = style.startswith("title")
    _add(lines, text, heading=_heading_level(paragraph, style, text), title=title)
    _add_text_boxes(lines, paragraph)


def _heading_level(paragraph: Paragraph, style: str, text: str) -> int:
    """1 for Title, 2 for Heading 1 or Subtitle or a bold centred line, 3 for Heading 2…; else 0."""
    if not 0 < len(text.strip()) <= MAX_BOLD_HEADING_CHARS:
        return 0
    if style.startswith("title"):
        return 1
    if style.startswith("heading"):
        level = style.removeprefix("heading").strip()
        return int(level) + 1 if level.isdigit() else 2
    if style.startswith("subtitle") or (_is_bold(paragraph) and _is_centred(paragraph)):
        return 2
    return 0


def _add_text_boxes(lines: list[SourceLine], paragraph: Paragraph) -> None:
    """Text boxes anchored in the paragraph, where many mastheads put the issue line and date.

    They are read after the paragraph's own text (a masthead's title anchors the box below
    it). Word stores a text box twice (the drawing and a fallback for old readers); each
    text is read once.
    """
    seen: set[tuple[str, ...]] = set()
    for box in paragraph._p.xpath(".//*[local-name()='txbxContent']"):
        if box.xpath("ancestor::*[local-name()='txbxContent']"):
            continue  # a box inside a box is read with its outer box
        inner = [Paragraph(p, paragraph._parent) for p in box.xpath("./*[local-name()='p']")]
        texts = tuple(p.text for p in inner)
        if texts in seen:
            continue
        seen.add(texts)
        for inner_paragraph in inner:
            _add_paragraph(lines, inner_paragraph)


def _add_table(lines: list[SourceLine], table: Table) -> None:
    # A row is a line: a masthead's compiler and date, or a 版记 row. Merged cells repeat.
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append("  ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        _add(lines, "  ".join(cell for cell in cells if cell))


def _is_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


def _is_centred(paragraph: Paragraph) -> bool:
    alignment = paragraph.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    return alignment == WD_ALIGN_PARAGRAPH.CENTER
