"""What a report typed in Word means, read from the HTML mammoth makes of it.

- Chinese-style headings typed by hand — a short paragraph starting with 一、
  or （一）, or a short bold one starting with 1. or （1） — become the
  bulletin's heading levels h2–h5, as Word's heading styles do; where a
  heading's style and its numbering disagree (一、 styled Heading 2), the
  numbering decides. These rules are issues.text_structure's, which the
  editor's paste and the archive import follow too.
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

from issues import text_structure as ts

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
        if ts.TYPED_NUMBER.match(text.strip()):
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
    ts.structure_blocks(root)
    source = _take_source_line(root)
    body = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return Structured(body, source)


def _take_source_line(root) -> str:
    blocks = [child for child in root if child.tag in ("p", "h2", "h3", "h4", "h5")]
    texts = [child for child in root if ts.element_text(child)]
    if not blocks or not texts or texts[-1] is not blocks[-1]:
        return ""
    last = blocks[-1]
    text = ts.element_text(last)
    for pattern in SOURCE_LINES:
        if match := pattern.match(text):
            last.drop_tree()
            return match["name"].strip()
    return ""
