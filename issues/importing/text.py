"""Read a work bulletin (简报) from the plain text that Word or a PDF gives when copied out.

The text has three parts: the masthead (series title, compiler, issue line, date),
the articles, and the distribution block (报/送/发 and an optional print count).
Text extraction damages it in known ways, which are repaired here:

- blank lines, bare page numbers (`5`, `— 5 —`, `-5-`) and spaces at line ends
  are dropped;
- a paragraph split by a page break, or hard-wrapped into lines of equal width,
  is joined back: a line that does not end a sentence runs on into the next one;
- spaces that extraction put next to Chinese characters in body text
  (`11 月 27 日`, `京 东 全 球`) are removed; no other character is changed.

This module knows nothing of the database: `issues.importing.loader` turns a
`ParsedBulletin` into models. It runs without Django settings too (messages are
translated only when settings are configured).
"""

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

# --- What the parser returns -------------------------------------------------------------


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    subheadline: str  # "" if none
    organisation: str  # an organisation heading above the headline, "" if none
    paragraphs: tuple[str, ...]
    line: int  # 1-based line number of the headline in the input


@dataclass(frozen=True)
class ParsedRecipient:
    role: str  # "report" (报), "send" (送) or "issue" (发)
    name: str
    line: int


@dataclass(frozen=True)
class ParsedBulletin:
    series_title: str | None
    compiler: str | None
    year: int | None
    number: int | None
    cumulative_number: int | None
    issue_date: datetime.date | None
    print_count: int | None
    articles: tuple[ParsedArticle, ...]
    recipients: tuple[ParsedRecipient, ...]
    missing: tuple[str, ...]  # masthead facts not found, in MASTHEAD_FACTS order


MASTHEAD_FACTS = ("series_title", "compiler", "year", "number", "cumulative_number", "issue_date")


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages`, which finds it by this name.

    Django's own gettext_noop reads the settings, which the parser must not need.
    """
    return message


def _translated(message: str) -> str:
    # Scripts and `pytest -p no:django` parse without settings; the Chinese source text is
    # then the message itself.
    return gettext(message) if settings.configured else message


ERROR_MESSAGE = gettext_noop("%(source)s 第%(line)d行：应为%(expected)s")
EXPECTED_ISSUE_LINE = gettext_noop("“YYYY年第N期（总第M期）”格式的刊期")
EXPECTED_REAL_DATE = gettext_noop("真实存在的日期（YYYY年M月D日）")
EXPECTED_NO_REPEATED_MASTHEAD = gettext_noop("文章标题，而不是再次出现的报头信息")
EXPECTED_ARTICLE = gettext_noop("至少一篇文章（标题和正文）")
EXPECTED_HEADLINE = gettext_noop("文章标题（不以句末标点结尾的短行，其后是正文）")
EXPECTED_BODY = gettext_noop("标题之后的正文")
EXPECTED_RECIPIENT = gettext_noop("报送单位的名称（报、送、发栏中不应有正文）")
EXPECTED_END = gettext_noop("共印份数、编印单位或日期（分发栏到此结束，其后不应再有文字）")


class BulletinParseError(ValueError):
    """The text cannot be read as a bulletin; names the file, the line and what was expected."""

    def __init__(self, source_name: str, line: int, expected: str):
        super().__init__(source_name, line, expected)
        self.source_name = source_name
        self.line = line
        self.expected = expected

    def __str__(self) -> str:
        return _translated(ERROR_MESSAGE) % {
            "source": self.source_name,
            "line": self.line,
            "expected": _translated(self.expected),
        }


# --- Lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str  # stripped, never empty


PAGE_NUMBER = re.compile(r"(?:[-－—–―]+\s*)?\d{1,3}(?:\s*[-－—–―]+)?")


def _content_lines(lines: Sequence[str]) -> list[_Line]:
    """The non-blank lines with their numbers, page numbers left out.

    `str.strip` also removes the ideographic space U+3000 and form feeds (page breaks).
    """
    content = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if text and not PAGE_NUMBER.fullmatch(text):
            content.append(_Line(number, text))
    return content


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Ideographs, CJK and full-width punctuation, and the quotes and dashes Chinese text shares
# with Western text.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’…—·"
SPACE_BESIDE_CJK = re.compile(rf"(?<=[{CJK}]) | (?=[{CJK}])")


def _tidy_body_spaces(text: str) -> str:
    # Chinese body text has no spaces; those next to a Chinese character came from
    # extraction (justified lines, digits set apart). Spaces between Latin words stay.
    return SPACE_BESIDE_CJK.sub("", _collapse_spaces(text))


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _join_wrapped(left: str, right: str) -> str:
    """Rejoin two pieces of text that a line break separated; only Latin words need a space."""
    return left + (" " if _is_latin(left[-1]) and _is_latin(right[0]) else "") + right


# --- Punctuation ----------------------------------------------------------------------------

SENTENCE_END = "。！？；：…!?;:."
CLOSING_MARKS = "”’」』）)》〉】]"
RUNS_ON = "，、,—–-《〈“‘「『（(【[·/"  # a line ending with one of these is unfinished
CLAUSE_PUNCTUATION = "，,、；;。！!？?"
PARENTHESISED = re.compile(r"[（(][^（()）]*[）)]")  # a whole-line note such as （某某供稿）


def _ends_sentence(text: str) -> bool:
    """Whether the line ends a sentence, so that what follows starts a new paragraph."""
    if PARENTHESISED.fullmatch(text):
        return True
    # A closing quote or bracket ends a sentence only after final punctuation: 他说：“好。”
    core = text.rstrip(CLOSING_MARKS)
    return bool(core) and core[-1] in SENTENCE_END


# --- Masthead ------------------------------------------------------------------------------

ISSUE_LINE = re.compile(
    r"(?P<year>\d{4})年第(?P<number>\d+)期(?:[（(]总第(?P<cumulative>\d+)期[）)])?"
)
# Meant as an issue line, but not readable as one: 2020年第X期, a missing bracket...
BROKEN_ISSUE_LINE = re.compile(r"\d{4}年第[^期]{0,8}期(?:[（(].*)?")
DATE = r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
DATE_LINE = re.compile(DATE)
COMPILER_AND_DATE_LINE = re.compile(rf"(?P<compiler>.+编){DATE}")
CONFIDENTIALITY_MARK = re.compile(r"(?:内部资料|注意保存|内部刊物|请勿外传)+")
MAX_TITLE_LINES = 2  # the layout may break the series title onto two lines
MAX_NAME_CHARS = 40


def _is_compiler(compact: str) -> bool:
    return (
        compact.endswith("编")
        and len(compact) <= MAX_NAME_CHARS
        and not any(mark in compact for mark in CLAUSE_PUNCTUATION)
    )


def _real_date(match: re.Match, line: _Line, source_name: str) -> datetime.date:
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise BulletinParseError(source_name, line.number, EXPECTED_REAL_DATE) from None


def _masthead_facts(line: _Line, source_name: str) -> dict | None:
    """The masthead facts a line states, or None if it states none (the title, or text)."""
    compact = _compact(line.text)
    if match := ISSUE_LINE.fullmatch(compact):
        facts = {"year": int(match["year"]), "number": int(match["number"])}
        if match["cumulative"]:
            facts["cumulative_number"] = int(match["cumulative"])
        return facts
    if BROKEN_ISSUE_LINE.fullmatch(compact):
        raise BulletinParseError(source_name, line.number, EXPECTED_ISSUE_LINE)
    if match := DATE_LINE.fullmatch(compact):
        return {"issue_date": _real_date(match, line, source_name)}
    if match := COMPILER_AND_DATE_LINE.fullmatch(compact):
        return {
            "compiler": match["compiler"],
            "issue_date": _real_date(match, line, source_name),
        }
    if _is_compiler(compact):
        return {"compiler": _collapse_spaces(line.text)}
    return None


def _read_masthead(lines: list[_Line], source_name: str) -> tuple[dict, int]:
    """The masthead facts at the top of the text, and the index of the first line after them.

    A masthead is a title of at most two lines followed by fact lines, and it must state
    the issue line or the compiler: a headline followed by a lone date is an article.
    """
    facts: dict = {}
    title_lines: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if CONFIDENTIALITY_MARK.fullmatch(_compact(line.text)):
            index += 1
            continue
        found = _masthead_facts(line, source_name)
        if found is None:
            if facts or len(title_lines) == MAX_TITLE_LINES:
                break
            title_lines.append(line)
        elif facts.keys() & found.keys():
            raise BulletinParseError(source_name, line.number, EXPECTED_NO_REPEATED_MASTHEAD)
        else:
            facts.update(found)
        index += 1
    if not facts.keys() & {"number", "compiler"}:
        return {}, 0
    if title_lines:
        facts["series_title"] = " ".join(_collapse_spaces(line.text) for line in title_lines)
    return facts, index


# --- Articles ------------------------------------------------------------------------------

MAX_HEADING_CHARS = 40
# Headings inside an article body: 一、 （一） 1. （1）
ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))"
)
ORGANISATION_ENDINGS = (
    "公司",
    "集团",
    "局",
    "委员会",
    "办公室",
    "文明办",
    "协会",
    "联合会",
    "学会",
    "中心",
    "工会",
    "党委",
    "支部",
    "小组",
    "事业部",
    "营业部",
    "支队",
    "大队",
)
# Lines at most this far apart in width are the same hard-wrapped width.
WRAP_TOLERANCE = 1
MIN_WRAPPED_LINES = 4
MIN_WRAPPED_SHARE = 0.4


def _display_width(text: str) -> float:
    """Width in full-width character cells, spaces left out (extraction adds and drops them)."""
    return sum(
        1 if unicodedata.east_asian_width(char) in "WFA" else 0.5
        for char in text
        if not char.isspace()
    )


def _wrap_width(lines: list[_Line]) -> int | None:
    """The line width of hard-wrapped text, or None when each paragraph is one line.

    Lines that do not end a sentence are mostly full lines of their paragraph in
    hard-wrapped text, so they share one width; in paragraph-per-line text they are
    headlines and page-break fragments of any length.
    """
    widths = [int(_display_width(line.text) + 0.5) for line in lines]
    unfinished = [w for w, line in zip(widths, lines, strict=True) if not _ends_sentence(line.text)]
    if not unfinished:
        return None
    common_width = Counter(unfinished).most_common(1)[0][0]
    near = sum(1 for width in widths if abs(width - common_width) <= WRAP_TOLERANCE)
    if near >= MIN_WRAPPED_LINES and near >= MIN_WRAPPED_SHARE * len(widths):
        return common_width
    return None


def _is_heading_shaped(text: str) -> bool:
    """A short line with no sentence inside it that does not break off mid-clause.

    Every paragraph's first line is short in hard-wrapped text, and it may end anywhere;
    a comma or full stop inside tells it from a headline (headlines put a space where
    a comma would be: 奉献点滴爱心 助力脱贫攻坚).
    """
    if not text or len(_compact(text)) > MAX_HEADING_CHARS:
        return False
    if _ends_sentence(text) or text[-1] in RUNS_ON:
        return False
    return not any(mark in text for mark in CLAUSE_PUNCTUATION)


def _names_organisation(text: str) -> bool:
    return _compact(text).endswith(ORGANISATION_ENDINGS)


class _ArticleReader:
    """Splits the lines between masthead and distribution block into articles.

    An article is a heading block (an optional organisation line, the headline, an
    optional subheadline) and the body paragraphs after it.
    """

    def __init__(self, lines: list[_Line], source_name: str):
        self.lines = lines
        self.source_name = source_name
        self.wrap_width = _wrap_width(lines)

    @property
    def hard_wrapped(self) -> bool:
        return self.wrap_width is not None

    def read(self) -> list[ParsedArticle]:
        self._check_first_heading()
        articles = []
        index = 0
        while index < len(self.lines):
            heading_size = self._heading_size(index)
            heading = self.lines[index : index + heading_size]
            paragraphs, index = self._read_paragraphs(index + heading_size)
            articles.append(_article(heading, paragraphs))
        return articles

    def _check_first_heading(self) -> None:
        # Later headings are found where a body gives way to them; the first must be there.
        if self._heading_size(0):
            return
        first = self.lines[0]
        expected = EXPECTED_BODY if self._can_be_heading(0) else EXPECTED_HEADLINE
        raise BulletinParseError(self.source_name, first.number, expected)

    def _is_full(self, index: int) -> bool:
        return _display_width(self.lines[index].text) >= self.wrap_width - 0.5

    def _is_heading_line(self, index: int) -> bool:
        """Whether the line can be a heading, of an article or (numbered) inside a body."""
        if not _is_heading_shaped(ENUMERATED.sub("", self.lines[index].text, count=1)):
            return False
        if not self.hard_wrapped:
            return True
        # A paragraph's first line is indented, so it never fills the width: a line
        # followed by a full-width line is the start of a paragraph, not a heading.
        followed_by_full_line = index + 1 < len(self.lines) and self._is_full(index + 1)
        return not self._is_full(index) and not followed_by_full_line

    def _can_be_heading(self, index: int) -> bool:
        # Headings inside a body (一、 （一） 1. （1）) do not start an article.
        return self._is_heading_line(index) and not ENUMERATED.match(self.lines[index].text)

    def _ends_paragraph(self, index: int) -> bool:
        if _ends_sentence(self.lines[index].text):
            return True
        return self._is_heading_line(index) and bool(ENUMERATED.match(self.lines[index].text))

    def _heading_size(self, index: int) -> int:
        """How many lines from `index` make a heading block; 0 if no article starts there.

        A heading block counts only when body text follows it. When more short lines stand
        together than a heading holds, the extra ones are short paragraphs of the body.
        """
        size = 0
        while index + size < len(self.lines) and self._can_be_heading(index + size):
            size += 1
        if size == 0 or index + size == len(self.lines):
            return 0
        return min(size, 3 if _names_organisation(self.lines[index].text) else 2)

    def _read_paragraphs(self, index: int) -> tuple[list[list[_Line]], int]:
        """The body paragraphs from `index` (as lists of lines) and the index after them."""
        paragraphs = [[self.lines[index]]]
        index += 1
        while index < len(self.lines):
            line = self.lines[index]
            unfinished = not self._ends_paragraph(index - 1)
            if unfinished and self.hard_wrapped:
                paragraphs[-1].append(line)  # a hard wrap inside a sentence
            elif self._heading_size(index):
                break
            elif unfinished:
                paragraphs[-1].append(line)  # a page break inside a paragraph
            else:
                paragraphs.append([line])
            index += 1
        return paragraphs, index


def _article(heading: list[_Line], paragraphs: list[list[_Line]]) -> ParsedArticle:
    organisation = ""
    if len(heading) == 3 or (len(heading) == 2 and _names_organisation(heading[0].text)):
        organisation = _collapse_spaces(heading[0].text)
        heading = heading[1:]
    headline = heading[0]
    return ParsedArticle(
        headline=_collapse_spaces(headline.text),
        subheadline=_collapse_spaces(heading[1].text) if len(heading) == 2 else "",
        organisation=organisation,
        paragraphs=tuple(_paragraph_text(lines) for lines in paragraphs),
        line=headline.number,
    )


def _paragraph_text(lines: list[_Line]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        text = _join_wrapped(text, line.text)
    return _tidy_body_spaces(text)


# --- Distribution block --------------------------------------------------------------------

ROLE_LINE = re.compile(r"(?P<role>[报送发])\s*[：:]\s*(?P<names>.*)")
ROLES = {"报": "report", "送": "send", "发": "issue"}
RECIPIENT_SEPARATOR = re.compile(r"[，,；;]")
NOT_IN_A_NAME = "。！!？?：:"
PRINT_COUNT_LINE = re.compile(r"(?P<office>.*?)共印(?P<count>\d+)份")
ISSUED_LINE = re.compile(rf"(?P<office>.*?){DATE}(?:印发|编印|印)?")


def _distribution_start(lines: list[_Line], start: int) -> int:
    for index in range(start, len(lines)):
        if ROLE_LINE.match(lines[index].text):
            return index
    return len(lines)


class _DistributionReader:
    """Reads the 报/送/发 rows and the closing print count or compiler and date.

    A row whose first line separates names with commas flows: a line break that is not
    after a comma falls inside a name (上海市交通委 / 文明办). Otherwise each line is
    one recipient, as the seeds' 报 rows are.
    """

    def __init__(self, source_name: str):
        self.source_name = source_name
        self.recipients: list[ParsedRecipient] = []
        self.print_count: int | None = None
        self.office: str | None = None
        self.issue_date: datetime.date | None = None
        self._role: str | None = None
        self._flowing: bool | None = None
        self._pending: tuple[str, int] | None = None  # a name that may go on in the next line
        self._in_footer = False

    def read(self, lines: list[_Line]) -> None:
        for line in lines:
            if self._read_footer(line):
                self._in_footer = True
                continue
            if self._in_footer:
                raise BulletinParseError(self.source_name, line.number, EXPECTED_END)
            names = line.text
            if match := ROLE_LINE.match(line.text):
                self._start_row(ROLES[match["role"]])
                names = match["names"]
            if names:
                self._read_names(names, line.number)
        self._end_pending_name()

    def _read_footer(self, line: _Line) -> bool:
        compact = _compact(line.text)
        if match := PRINT_COUNT_LINE.fullmatch(compact):
            self.print_count = int(match["count"])
            self._note_office(match["office"])
            return True
        if match := ISSUED_LINE.fullmatch(compact):
            self.issue_date = _real_date(match, line, self.source_name)
            self._note_office(match["office"])
            return True
        # A compiler line (ending in 编) is never a recipient.
        if _is_compiler(compact):
            self._note_office(compact)
            return True
        return False

    def _note_office(self, office: str) -> None:
        if office:
            self.office = office

    def _start_row(self, role: str) -> None:
        self._end_pending_name()
        self._role = role
        self._flowing = None

    def _read_names(self, text: str, line_number: int) -> None:
        if self._flowing is None:
            self._flowing = bool(RECIPIENT_SEPARATOR.search(text))
        pieces = RECIPIENT_SEPARATOR.split(text)
        if not self._flowing:
            for piece in pieces:
                self._add(piece, line_number)
            return
        for position, piece in enumerate(pieces):
            start_line = line_number
            if self._pending:
                earlier_text, start_line = self._pending
                piece = _join_wrapped(earlier_text, piece) if piece else earlier_text
                self._pending = None
            if position == len(pieces) - 1 and piece:
                self._pending = (piece, start_line)  # no comma after it: it may go on
            else:
                self._add(piece, start_line)

    def _end_pending_name(self) -> None:
        if self._pending:
            self._add(*self._pending)
            self._pending = None

    def _add(self, name: str, line_number: int) -> None:
        name = _collapse_spaces(name)
        if not name:
            return  # between two commas, or after a trailing one
        if len(_compact(name)) > MAX_NAME_CHARS or any(mark in name for mark in NOT_IN_A_NAME):
            raise BulletinParseError(self.source_name, line_number, EXPECTED_RECIPIENT)
        self.recipients.append(ParsedRecipient(role=self._role, name=name, line=line_number))


# --- Entry points --------------------------------------------------------------------------


def parse_bulletin(text: str, *, source_name: str = "<文本>") -> ParsedBulletin:
    """Parse a bulletin's plain text; raises BulletinParseError naming the offending line."""
    # Split on line feeds only, so that line numbers match an editor's (a form feed from
    # a PDF extractor is a page break inside a line, not a line of its own).
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return parse_bulletin_lines(lines, source_name=source_name)


def parse_bulletin_lines(lines: Sequence[str], *, source_name: str = "<文本>") -> ParsedBulletin:
    """Parse a bulletin given as lines, e.g. the paragraphs of a .docx; numbered from 1."""
    content = _content_lines(lines)
    masthead, articles_start = _read_masthead(content, source_name)
    distribution_start = _distribution_start(content, articles_start)
    if articles_start == distribution_start:
        line = content[articles_start].number if content[articles_start:] else max(len(lines), 1)
        raise BulletinParseError(source_name, line, EXPECTED_ARTICLE)
    articles = _ArticleReader(content[articles_start:distribution_start], source_name).read()
    distribution = _DistributionReader(source_name)
    distribution.read(content[distribution_start:])

    # The block's compiler and date stand in for a masthead that lost them.
    masthead.setdefault("compiler", distribution.office)
    masthead.setdefault("issue_date", distribution.issue_date)
    facts = {name: masthead.get(name) for name in MASTHEAD_FACTS}
    return ParsedBulletin(
        **facts,
        print_count=distribution.print_count,
        articles=tuple(articles),
        recipients=tuple(distribution.recipients),
        missing=tuple(name for name, value in facts.items() if value is None),
    )
