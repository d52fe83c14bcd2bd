"""The layout of a bulletin's text, read back from text that lost it: one rule set.

Text copied from a PDF, an e-mail or a web page arrives as lines: hard-wrapped
at a fixed width (a PDF's ~28 characters), broken at page ends, indented with
full-width spaces and with spaces put between Chinese characters. The same
rules serve the editor's paste (`clean_paste`), the Word import
(issues.importing) and the archive import (archive_import.parsing):

- a line that does not end a sentence goes on in the next line, unless it is a
  heading; only Latin words get a space where they are joined;
- text is hard-wrapped when most of its unfinished lines share one width; in
  hard-wrapped text a paragraph's first line is indented, so a short line
  before a full one starts a paragraph rather than standing as a heading;
- headings are known by their numbering (GB/T 9704): 一、 （一） 1. （1） are
  h2–h5 (issues.body_format), the last two only when bold, since a short
  numbered line is otherwise a list item;
- spaces next to Chinese characters and full-width indents are extraction's,
  and go; spaces between Latin words stay.

No models here: the archive import's parser runs without a database.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html import escape

import lxml.html
from django.conf import settings
from django.utils.translation import gettext as _

from issues.sanitizer import sanitize_body

# --- Punctuation ----------------------------------------------------------------------------

SENTENCE_END = "。！？；：…!?;:."
CLOSING_MARKS = "”’」』）)》〉】]"
RUNS_ON = "，、,—–-《〈“‘「『（(【[·/"  # a line ending with one of these is unfinished
CLAUSE_PUNCTUATION = "，,、；;。！!？?"
PARENTHESISED = re.compile(r"[（(][^（()）]*[）)]")  # a whole-line note such as （某某供稿）

# Ideographs, CJK and full-width punctuation, and the quotes and dashes Chinese text shares
# with Western text.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’…—·"
SPACE_BESIDE_CJK = re.compile(rf"(?<=[{CJK}]) | (?=[{CJK}])")

# A page number alone on its line: 3, - 3 -, 第3页, 第3页 共8页.
PAGE_NUMBER = re.compile(
    r"(?:[-－—–―]+\s*)?\d{1,3}(?:\s*[-－—–―]+)?|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
)

# --- Headings by their numbering ------------------------------------------------------------

CHINESE_NUMERAL = "[一二三四五六七八九十百零〇]+"
HEADING_MAX_CHARACTERS = 40
# Any of the four numberings at the start of a line: 一、 （一） 1. （1）
ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))"
)
# (tag, numbering, whether it is a heading only when bold)
HEADING_MARKERS = (
    ("h2", re.compile(rf"^{CHINESE_NUMERAL}、"), False),
    ("h3", re.compile(rf"^[（(]{CHINESE_NUMERAL}[）)]"), False),
    ("h4", re.compile(r"^\d{1,2}[.．、](?!\d)"), True),
    ("h5", re.compile(r"^[（(]\d{1,2}[）)]"), True),
)
HEADING_TAGS = ("h2", "h3", "h4", "h5")
# Any number a writer types at the start of a list item.
TYPED_NUMBER = re.compile(
    rf"^({CHINESE_NUMERAL}、|[（(]({CHINESE_NUMERAL}|\d{{1,2}})[）)]|\d{{1,2}}[.．、](?!\d)|[①-⑳])"
)

# --- Hard-wrapped lines ----------------------------------------------------------------------

# Lines at most this far apart in width are the same hard-wrapped width.
WRAP_TOLERANCE = 1
MIN_WRAPPED_LINES = 4
MIN_WRAPPED_SHARE = 0.4


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def tidy_body_spaces(text: str) -> str:
    # Chinese body text has no spaces; those next to a Chinese character came from
    # extraction (justified lines, digits set apart). Spaces between Latin words stay.
    return SPACE_BESIDE_CJK.sub("", collapse_spaces(text))


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def join_wrapped(left: str, right: str) -> str:
    """Rejoin two pieces of text that a line break separated; only Latin words need a space."""
    return left + (" " if _is_latin(left[-1]) and _is_latin(right[0]) else "") + right


def ends_sentence(text: str) -> bool:
    """Whether the line ends a sentence, so that what follows starts a new paragraph."""
    if PARENTHESISED.fullmatch(text):
        return True
    # A closing quote or bracket ends a sentence only after final punctuation: 他说：“好。”
    core = text.rstrip(CLOSING_MARKS)
    return bool(core) and core[-1] in SENTENCE_END


def display_width(text: str) -> float:
    """Width in full-width character cells, spaces left out (extraction adds and drops them)."""
    return sum(
        1 if unicodedata.east_asian_width(char) in "WFA" else 0.5
        for char in text
        if not char.isspace()
    )


def wrap_width(texts: list[str]) -> int | None:
    """The line width of hard-wrapped text, or None when each paragraph is one line.

    Lines that do not end a sentence are mostly full lines of their paragraph in
    hard-wrapped text, so they share one width; in paragraph-per-line text they are
    headlines and page-break fragments of any length.
    """
    widths = [int(display_width(text) + 0.5) for text in texts]
    unfinished = [w for w, text in zip(widths, texts, strict=True) if not ends_sentence(text)]
    if not unfinished:
        return None
    common_width = Counter(unfinished).most_common(1)[0][0]
    near = sum(1 for width in widths if abs(width - common_width) <= WRAP_TOLERANCE)
    if near >= MIN_WRAPPED_LINES and near >= MIN_WRAPPED_SHARE * len(widths):
        return common_width
    return None


def is_full(text: str, width: int) -> bool:
    return display_width(text) >= width - 0.5


def is_heading_shaped(text: str) -> bool:
    """A short line with no sentence inside it that does not break off mid-clause.

    Every paragraph's first line is short in hard-wrapped text, and it may end anywhere;
    a comma or full stop inside tells it from a headline (headlines put a space where
    a comma would be: 奉献点滴爱心 助力脱贫攻坚).
    """
    if not text or len(compact(text)) > HEADING_MAX_CHARACTERS:
        return False
    if ends_sentence(text) or text[-1] in RUNS_ON:
        return False
    return not any(mark in text for mark in CLAUSE_PUNCTUATION)


def is_heading_line(text: str, next_text: str | None, width: int | None) -> bool:
    """Whether a line of text can be a heading (numbered or not), given the next line."""
    if not is_heading_shaped(ENUMERATED.sub("", text, count=1)):
        return False
    if width is None:
        return True
    # A paragraph's first line is indented, so it never fills the width: a line
    # followed by a full-width line is the start of a paragraph, not a heading.
    return not is_full(text, width) and not (next_text is not None and is_full(next_text, width))


def heading_tag(text: str, *, bold: bool) -> str | None:
    """The heading level (h2–h5) a paragraph's numbering gives it, or None."""
    text = " ".join(text.split())
    if not text or len(text) > HEADING_MAX_CHARACTERS or text.endswith(("。", "；", ";")):
        return None
    for tag, marker, needs_bold in HEADING_MARKERS:
        if marker.match(text) and (bold or not needs_bold):
            return tag
    return None


# --- Plain text: lines into paragraphs ------------------------------------------------------


@dataclass(frozen=True)
class Paragraphs:
    texts: list[str]
    joined: int  # how many line breaks inside a paragraph were taken out


def text_lines(text: str) -> list[str]:
    """The lines that hold text: blank lines, page numbers and indents left out.

    `str.strip` also removes the ideographic space U+3000 and form feeds (page breaks).
    """
    lines = (line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line and not PAGE_NUMBER.fullmatch(line)]


def paragraphs_of_lines(lines: list[str]) -> Paragraphs:
    """Join the lines wrapped inside a paragraph, as the archive import reads a body."""
    if not lines:
        return Paragraphs([], 0)
    width = wrap_width(lines)

    def heading_line(index: int) -> bool:
        following = lines[index + 1] if index + 1 < len(lines) else None
        return is_heading_line(lines[index], following, width)

    groups = [[lines[0]]]
    for index in range(1, len(lines)):
        previous = lines[index - 1]
        unfinished = not ends_sentence(previous) and not heading_line(index - 1)
        if unfinished and (width is not None or not heading_line(index)):
            groups[-1].append(lines[index])  # a hard wrap, or a page break, inside a sentence
        else:
            groups.append([lines[index]])
    texts = [paragraph_text(group) for group in groups]
    return Paragraphs(texts, len(lines) - len(groups))


def paragraph_text(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = join_wrapped(text, line)
    return tidy_body_spaces(text)


def text_to_html(text: str) -> tuple[str, int]:
    """Plain text as body HTML: its paragraphs, headings by their numbering; and the joins."""
    paragraphs = paragraphs_of_lines(text_lines(text))
    blocks = []
    for paragraph in paragraphs.texts:
        tag = heading_tag(paragraph, bold=False) or "p"
        blocks.append(f"<{tag}>{escape(paragraph)}</{tag}>")
    return "".join(blocks), paragraphs.joined


# --- HTML (Word, WPS, web pages): structure by the same rules --------------------------------


def element_text(element) -> str:
    return " ".join(element.text_content().split())


def is_bold(element) -> bool:
    """All of the element's text is inside <strong>."""
    text = element_text(element).replace(" ", "")
    bold = "".join(element_text(strong) for strong in element.iter("strong")).replace(" ", "")
    return bool(text) and text == bold


def structure_blocks(root) -> None:
    """Give the blocks of an HTML fragment (in `root`) the bulletin's structure, in place.

    Paragraphs and headings take the level their numbering gives them (a Word
    heading style that disagrees with the numbering loses); a typed number and
    Word's list numbering would print twice, so such a list becomes paragraphs;
    a table's first row of bold cells is its header row.
    """
    _unnumber_typed_lists(root)
    for block in list(root.iterchildren("p", *HEADING_TAGS)):
        styled = block.tag != "p"
        tag = heading_tag(element_text(block), bold=styled or is_bold(block))
        if tag:
            block.tag = tag
            # The heading's face comes from its level; the typed bold goes.
            for strong in list(block.iter("strong")):
                strong.drop_tag()
    for table in root.iter("table"):
        _bold_first_row_as_header(table)


def _unnumber_typed_lists(root) -> None:
    for ordered in list(root.iter("ol", "ul")):
        items = [child for child in ordered if child.tag == "li"]
        if not items or not all(TYPED_NUMBER.match(element_text(item)) for item in items):
            continue
        for item in items:
            nested = [child for child in item if child.tag in ("ol", "ul")]
            for child in nested:
                item.remove(child)
            item.tag = "p"
            ordered.addprevious(item)
            for child in nested:  # a sub-list stays, after its item
                ordered.addprevious(child)
        ordered.drop_tree()


def _bold_first_row_as_header(table) -> None:
    if any(True for _cell in table.iter("th")):
        return
    rows = list(table.iter("tr"))
    if len(rows) < 2:
        return
    cells = [cell for cell in rows[0] if cell.tag == "td"]
    if cells and all(is_bold(cell) for cell in cells):
        for cell in cells:
            cell.tag = "th"
            for strong in list(cell.iter("strong")):
                strong.drop_tag()


def _replace_by_paragraphs(blocks: list, lines: list[str]) -> int:
    """Put the paragraphs the lines make in place of the blocks; returns the joins made."""
    paragraphs = paragraphs_of_lines(lines)
    if not paragraphs.joined:
        return 0
    for text in reversed(paragraphs.texts):
        replacement = lxml.html.Element(heading_tag(text, bold=False) or "p")
        replacement.text = text
        blocks[-1].addnext(replacement)
    for block in blocks:
        block.drop_tree()
    return paragraphs.joined


def _rejoin_broken_paragraph(paragraph) -> int:
    """A paragraph of plain lines between <br>s (a PDF or e-mail pasted as HTML): rejoined.

    Paragraphs with inline formatting keep their breaks: which side a break's
    bold belongs to is not for a rule to guess.
    """
    if not len(paragraph) or any(child.tag != "br" for child in paragraph):
        return 0
    lines = [paragraph.text or "", *((child.tail or "") for child in paragraph)]
    return _replace_by_paragraphs([paragraph], [line.strip() for line in lines if line.strip()])


def _rejoin_wrapped_runs(root) -> int:
    """Runs of plain paragraphs that are the lines of hard-wrapped text (a PDF made into
    paragraphs line by line) are rejoined; paragraphs of any other length stay as they are."""
    joined = 0
    run: list = []
    for child in [*root, None]:
        if child is not None and child.tag == "p" and not len(child) and (child.text or "").strip():
            run.append(child)
            continue
        lines = [block.text.strip() for block in run]
        if run and wrap_width(lines) is not None:
            joined += _replace_by_paragraphs(run, lines)
        run = []
    return joined


def _tidy_text_nodes(root) -> None:
    """Full-width indents and extraction's spaces beside Chinese characters go."""
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        if element.text:
            element.text = SPACE_BESIDE_CJK.sub("", re.sub(r"[\s\u3000]+", " ", element.text))
        if element.tail:
            element.tail = SPACE_BESIDE_CJK.sub("", re.sub(r"[\s\u3000]+", " ", element.tail))
    for block in root.iterchildren("p", *HEADING_TAGS):
        if block.text:
            block.text = block.text.lstrip()


BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)


def _bold_as_strong(html: str) -> str:
    """Word, WPS and web pages mark bold with <b> or a style; the body's bold is <strong>."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter("b", "span"):
        if element.tag == "b" or BOLD_STYLE.search(element.get("style", "")):
            element.tag = "strong"
    return lxml.html.tostring(root, encoding="unicode")


def html_to_body(html: str) -> tuple[str, int]:
    """Pasted HTML as body HTML with the bulletin's structure; and the line breaks joined."""
    cleaned = sanitize_body(_bold_as_strong(html))
    if not cleaned:
        return "", 0
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    if (root.text or "").strip() or any((child.tail or "").strip() for child in root):
        # Text outside any paragraph: the page's blocks were <div>s or the like, which
        # the sanitiser unwrapped; its plain text keeps their line breaks.
        return "", 0
    for image in list(root.iter("img")):
        if not image.get("src"):
            image.drop_tree()  # the sanitiser refused its address (another site's picture)
    joined = sum(_rejoin_broken_paragraph(p) for p in list(root.iterchildren("p")))
    joined += _rejoin_wrapped_runs(root)
    _tidy_text_nodes(root)
    structure_blocks(root)
    body = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return sanitize_body(body), joined


# --- The editor's paste -----------------------------------------------------------------------


class PasteError(ValueError):
    """What was pasted cannot be cleaned; the message says why, for the writer."""


@dataclass(frozen=True)
class CleanedPaste:
    html: str  # sanitised body HTML
    joined: int  # line breaks taken out inside paragraphs


def clean_paste(*, text: str = "", html: str = "") -> CleanedPaste:
    """What the editor inserts for a paste: its HTML if it has any, else its plain text.

    Either way it comes out sanitised (issues.sanitizer), so a <script> never survives.
    """
    limit = settings.BULLETIN_ARTICLE_MAX_CHARACTERS
    if len(compact(text)) > limit:
        raise PasteError(
            _("The pasted text has more than %(limit)s characters, more than an article may hold.")
            % {"limit": f"{limit:,}"}
        )
    body, joined = html_to_body(html) if html.strip() else ("", 0)
    if not body:
        body, joined = text_to_html(text)
    return CleanedPaste(sanitize_body(body), joined)
