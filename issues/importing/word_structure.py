"""What a report typed in Word means, read from the HTML mammoth makes of it.

- Chinese-style headings typed by hand — a short paragraph starting with 一、
  or （一）, or a short bold one starting with 1. or （1） — become the
  bulletin's heading levels h2–h5, as Word's heading styles do.
- A number typed at the start of a paragraph that Word's list numbering also
  numbers would print twice (1. 1.): such a list becomes plain paragraphs
  (or headings), keeping the typed number and dropping Word's.
- A heading that Word numbers itself (mammoth leaves such numbers out) gets
  its number written out in the official form of its level, unless one is
  typed: 一、 （一） 1. （1）.
- A table's first row of bold cells is its header row.
- A closing line such as （上海市邮政管理局供稿） or ——某某局 is the article's
  source, not body text.
"""

import re
from dataclasses import dataclass

import lxml.html
from mammoth import documents
from mammoth.transforms import get_descendants_of_type

CHINESE_NUMERAL = "[一二三四五六七八九十百零〇]+"
HEADING_MARKERS = (
    ("h2", re.compile(rf"^{CHINESE_NUMERAL}、"), False),
    ("h3", re.compile(rf"^[（(]{CHINESE_NUMERAL}[）)]"), False),
    ("h4", re.compile(r"^\d{1,2}[.．、](?!\d)"), True),
    ("h5", re.compile(r"^[（(]\d{1,2}[）)]"), True),
)
# Any number a writer types at the start of a list item.
TYPED_NUMBER = re.compile(
    rf"^({CHINESE_NUMERAL}、|[（(]({CHINESE_NUMERAL}|\d{{1,2}})[）)]|\d{{1,2}}[.．、](?!\d)|[①-⑳])"
)
HEADING_MAX_CHARACTERS = 40
SOURCE_LINES = (
    re.compile(r"^[（(]\s*(?P<name>[^（）()]{2,60}?)\s*供稿\s*[）)]$"),
    re.compile(r"^[（(]\s*(?:来源|供稿|稿源)[:：]\s*(?P<name>[^（）()]{2,60}?)\s*[）)]$"),
    re.compile(r"^[—－-]{1,2}\s*(?P<name>[^—－-][^—－]{1,59})$"),
)


CHINESE_DIGITS = "零一二三四五六七八九"
WORD_HEADING_STYLES = ("heading 1", "heading 2", "heading 3", "heading 4")


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (headings do not go further)."""
    tens, units = divmod(number, 10)
    if not tens:
        return CHINESE_DIGITS[units]
    return (
        (CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (CHINESE_DIGITS[units] if units else "")
    )


HEADING_NUMBER_FORMATS = (
    lambda number: f"{chinese_number(number)}、",
    lambda number: f"（{chinese_number(number)}）",
    lambda number: f"{number}.",
    lambda number: f"（{number}）",
)


class WordHeadingNumbers:
    """A mammoth document transform: writes out the numbers Word gives its headings.

    Counted per level in document order, a level's count restarting after a
    heading of a higher level, as the official numbering does.
    """

    def __init__(self):
        self.counts = [0] * len(WORD_HEADING_STYLES)

    def __call__(self, paragraph):
        style = (paragraph.style_name or "").lower()
        if style not in WORD_HEADING_STYLES or paragraph.numbering is None:
            return paragraph
        level = WORD_HEADING_STYLES.index(style)
        self.counts[level] += 1
        self.counts[level + 1 :] = [0] * (len(self.counts) - level - 1)
        text = "".join(text.value for text in get_descendants_of_type(paragraph, documents.Text))
        if TYPED_NUMBER.match(text.strip()):
            return paragraph
        number = HEADING_NUMBER_FORMATS[level](self.counts[level])
        return paragraph.copy(
            children=[documents.run([documents.text(number)]), *paragraph.children]
        )


@dataclass(frozen=True)
class Structured:
    body: str
    source: str  # the contributing organisation's name from a closing source line, or ""


def structure(html: str) -> Structured:
    if not html.strip():
        return Structured(html, "")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    _unnumber_typed_lists(root)
    for paragraph in list(root.iterchildren("p")):
        _to_heading(paragraph)
    for table in root.iter("table"):
        _bold_first_row_as_header(table)
    source = _take_source_line(root)
    body = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return Structured(body, source)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _is_bold(element) -> bool:
    """All of the element's text is inside <strong>."""
    text = _text(element).replace(" ", "")
    bold = "".join(_text(strong) for strong in element.iter("strong")).replace(" ", "")
    return bool(text) and text == bold


def _to_heading(paragraph) -> None:
    text = _text(paragraph)
    if not text or len(text) > HEADING_MAX_CHARACTERS or text.endswith(("。", "；", ";")):
        return
    for tag, marker, needs_bold in HEADING_MARKERS:
        if marker.match(text) and (_is_bold(paragraph) or not needs_bold):
            paragraph.tag = tag
            # The heading's face comes from its level; the typed bold goes.
            for strong in list(paragraph.iter("strong")):
                strong.drop_tag()
            return


def _unnumber_typed_lists(root) -> None:
    for ordered in list(root.iter("ol", "ul")):
        items = [child for child in ordered if child.tag == "li"]
        if not items or not all(TYPED_NUMBER.match(_text(item)) for item in items):
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
    if cells and all(_is_bold(cell) for cell in cells):
        for cell in cells:
            cell.tag = "th"
            for strong in list(cell.iter("strong")):
                strong.drop_tag()


def _take_source_line(root) -> str:
    blocks = [child for child in root if child.tag in ("p", "h2", "h3", "h4", "h5")]
    texts = [child for child in root if _text(child)]
    if not blocks or not texts or texts[-1] is not blocks[-1]:
        return ""
    last = blocks[-1]
    text = _text(last)
    for pattern in SOURCE_LINES:
        if match := pattern.match(text):
            last.drop_tree()
            return match["name"].strip()
    return ""
