"""Read a work bulletin (简报) from its text: the lines of a .txt file or the paragraphs of a .docx.

A bulletin has three parts: the masthead (series title, compiler, issue line, date),
the articles, and the 版记 (报/送/发 rows, 抄报/抄送/分送, the 印发 line and the print
count). The patterns are those real bulletins use:

- mastheads: `2020年第26期（总第289期）` on a line of its own, `第5期` with
  `（总第128期）` below it, the date first (`2007年9月15日(第4期)总4期`), everything
  on one line (`发展研究中心编 第1期(总第7期) 2004年3月19日`), dates in Chinese
  numerals (`二〇二三年三月十五日`), confidentiality marks and rules;
- before the articles: a 编者按 of the issue, a contents list (本期要目, 目录) and the
  menus of a web page the text was copied from, which are left out;
- articles: a headline (two lines when the first ends in `：`), an organisation
  heading above it, a subheadline, a byline (`作者：王某`, or a bare name), a 编者按,
  the body, and the source (`（某某街道供稿）`, `——县教育局安全科`);
- the 版记: rows of names separated by commas (the last may end in `。`), the
  `某某办公室  2023年3月15日印发` line, `（共印30份）`, and staff and contact lines.

Text extraction damages a text in known ways, which are repaired: blank lines, page
numbers and spaces at line ends are dropped; a paragraph split by a page break, or
hard-wrapped into lines of equal width, is joined back; spaces that extraction put
next to Chinese characters in body text are removed. No other character is changed.
These rules are issues.text_structure's, which the article editor's paste follows too.

What the parser could not state for certain it reports as a guess (`Finding`), so that
a clerk checks those files. This module knows nothing of the database
(`archive_import.services` writes the models) and runs without Django settings.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext

from archive_import.numerals import (
    DATE,
    NUMBER,
    NUMERIC_DATE,
    YEAR,
    date_from_match,
    to_int,
)
from issues import text_structure as ts
from organisations.naming import ORGANISATION_ENDINGS

# --- What the parser returns -------------------------------------------------------------


@dataclass(frozen=True)
class SourceLine:
    """One line of input. Word files say more than text: which paragraphs are headings."""

    number: int
    text: str
    # 0: not a heading; else its level: 1 the Title style, 2 Heading 1 (or a bold centred
    # paragraph), 3 Heading 2…
    heading: int = 0
    title: bool = False  # the Title style (the masthead's series title)


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    subheadline: str  # "" if none
    organisation: str  # an organisation heading above the headline, "" if none
    paragraphs: tuple[str, ...]
    line: int  # 1-based line number of the headline in the input
    byline: str = ""  # 作者：王某 → 王某
    source: str = ""  # （某某街道供稿） → 某某街道
    editor_note: str = ""  # 编者按 text, without the label


@dataclass(frozen=True)
class ParsedRecipient:
    role: str  # "report" (报), "send" (送) or "issue" (发)
    name: str
    line: int


class Finding:
    """What the parser states about a file: a fact found, a guess, or a fact missing."""

    FOUND = "found"
    GUESSED = "guessed"
    MISSING = "missing"


@dataclass(frozen=True)
class Note:
    kind: str  # Finding.FOUND, GUESSED or MISSING
    message: str  # in Chinese, with its line where it has one
    line: int | None = None


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
    editor_note: str = ""  # the issue's 编者按, before the first article
    notes: tuple[Note, ...] = ()
    # The line each masthead fact was read from (MASTHEAD_FACTS names), for messages.
    fact_lines: dict = field(default_factory=dict)

    @property
    def guesses(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind == Finding.GUESSED)


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
LINE_MESSAGE = gettext_noop("第%(line)d行：应为%(expected)s")
EXPECTED_ISSUE_LINE = gettext_noop("“YYYY年第N期（总第M期）”格式的刊期")
EXPECTED_REGULAR_ISSUE = gettext_noop(
    "常规刊期（增刊、特刊、专刊和号外另行编号，不在常规期号之内，暂不能收入档案）"
)
EXPECTED_REAL_DATE = gettext_noop("真实存在的日期（YYYY年M月D日）")
EXPECTED_NO_REPEATED_MASTHEAD = gettext_noop("文章标题，而不是再次出现的报头信息")
EXPECTED_ARTICLE = gettext_noop("至少一篇文章（标题和正文）")
EXPECTED_HEADLINE = gettext_noop("文章标题（不以句末标点结尾的短行，其后是正文）")
EXPECTED_BODY = gettext_noop("标题之后的正文")
EXPECTED_RECIPIENT = gettext_noop("报送单位的名称（报、送、发栏中不应有正文）")
EXPECTED_END = gettext_noop("共印份数、编印单位或日期（分发栏到此结束，其后不应再有文字）")

# What the result says about a file (Note.message); %(line)d is the line.
FOUND_MASTHEAD = gettext_noop("第%(line)d行：报头（%(facts)s）")
FOUND_CONTENTS = gettext_noop("第%(line)d行起：目录（%(count)d行）已略去")
FOUND_WEB_MENU = gettext_noop("网页菜单等%(count)d行已略去（第%(line)d行起）")
FOUND_ISSUE_NOTE = gettext_noop("第%(line)d行：本期编者按")
FOUND_SECTION = gettext_noop("第%(line)d行：栏目名“%(label)s”已略去")
FOUND_ROLE_AS = gettext_noop("第%(line)d行：“%(label)s”栏按“%(role)s”记录")
GUESSED_TITLE = gettext_noop("第%(line)d行：简报名称由首行推断")
GUESSED_YEAR = gettext_noop("年份取自日期（%(year)d年）")
GUESSED_FIRST_OF_MONTH = gettext_noop("报头日期只写到月份，按%(month)d月1日记录")
GUESSED_COMPILER_FROM_TITLE = gettext_noop("第%(line)d行：编印单位取自报头首行")
GUESSED_DATE = gettext_noop("第%(line)d行：日期取自版记的印发日期")
GUESSED_COMPILER = gettext_noop("第%(line)d行：编印单位取自版记")
GUESSED_BYLINE = gettext_noop("第%(line)d行：第%(position)d篇文章的作者由标题下的人名推断")
GUESSED_BYLINE_UNDER_HEADLINE = gettext_noop("第%(line)d行：标题下的人名按作者处理")
GUESSED_NUMBERED = gettext_noop("第%(line)d行起：带序号的短行按文章标题识别")
GUESSED_SHORT_LINES = gettext_noop("第%(line)d行：标题前后的短行按正文处理")
GUESSED_PAGE_BREAK = gettext_noop("第%(line)d行：与上一行按跨页断开的段落合并")
GUESSED_WRAPPED = gettext_noop("正文按每行约%(width)d字的固定行宽重新拼接成段")
GUESSED_SERIES_TITLE_LINE = gettext_noop("第%(line)d行：报头中的文字按简报名称处理")
MISSING_FACT = gettext_noop("报头缺少%(fact)s")
MISSING_SOURCE = gettext_noop("第%(position)d篇文章无来源")
MISSING_RECIPIENTS = gettext_noop("未找到报送单位（报、送、发）")

FACT_NAMES = {
    "series_title": gettext_noop("简报名称"),
    "compiler": gettext_noop("编印单位"),
    "year": gettext_noop("年份"),
    "number": gettext_noop("期号"),
    "cumulative_number": gettext_noop("总期号"),
    "issue_date": gettext_noop("日期"),
}


class BulletinParseError(ValueError):
    """The text cannot be read as a bulletin; names the file, the line and what was expected."""

    def __init__(self, source_name: str, line: int, expected: str):
        super().__init__(source_name, line, expected)
        self.source_name = source_name
        self.line = line
        self.expected = expected

    @property
    def reason(self) -> str:
        return _translated(self.expected)

    @property
    def at_line(self) -> str:
        """The message without the file's name: 第N行：应为…"""
        return _translated(LINE_MESSAGE) % {"line": self.line, "expected": self.reason}

    def __str__(self) -> str:
        return _translated(ERROR_MESSAGE) % {
            "source": self.source_name,
            "line": self.line,
            "expected": self.reason,
        }


@dataclass
class _Notes:
    notes: list[Note] = field(default_factory=list)

    def add(self, kind: str, message: str, line: int | None = None, **values) -> None:
        text = _translated(message) % {"line": line or 0, **values}
        self.notes.append(Note(kind, text, line))


# --- Lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str  # stripped, never empty
    heading: int = 0  # as SourceLine.heading
    title: bool = False


RULE = re.compile(r"[-－—–―=＝_＿━─═~～*＊·•●◆◇★☆□■▲△※#]{3,}")
# What a web page puts around the text copied from it.
WEB_MENU_WORDS = re.compile(
    r"^(?:当前位置|您当前的位置|您的位置|首页|网站首页|返回首页|打印本页|打印|关闭窗口|关闭"
    r"|【?字[体号]|分享到|扫一扫|浏览次数|阅读次数|点击数|发布时间|发布日期|信息来源[：:]\S*\s+发布"
    r"|上一篇|下一篇|相关链接|责任编辑[：:]\S*$|版权所有|Copyright|ICP备)",
    re.IGNORECASE,
)
MENU_SEPARATORS = re.compile(r"\s*[|｜>＞»/]\s*")


def _is_web_menu(text: str) -> bool:
    if WEB_MENU_WORDS.match(text):
        return True
    # 首页 | 机构概况 | 新闻中心: three or more short items between bars or arrows.
    items = [item for item in MENU_SEPARATORS.split(text) if item]
    return len(items) >= 3 and all(len(item) <= 8 for item in items) and "|" in text + "｜>＞»"


def _content_lines(lines: Sequence[str | SourceLine], notes: _Notes) -> list[_Line]:
    """The non-blank lines with their numbers; page numbers, rules and web menus left out.

    `str.strip` also removes the ideographic space U+3000 and form feeds (page breaks).
    """
    content = []
    menu_lines: list[int] = []
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, SourceLine):
            text, number, heading, title = raw.text.strip(), raw.number, raw.heading, raw.title
        else:
            text, heading, title = raw.strip(), 0, False
        if not text or ts.PAGE_NUMBER.fullmatch(text) or RULE.fullmatch(ts.compact(text)):
            continue
        if _is_web_menu(text):
            menu_lines.append(number)
            continue
        content.append(_Line(number, text, heading, title))
    if menu_lines:
        notes.add(Finding.FOUND, FOUND_WEB_MENU, menu_lines[0], count=len(menu_lines))
    return content


# --- Masthead ------------------------------------------------------------------------------

OPEN, CLOSE = r"[（(〔\[【]?", r"[）)〕\]】]?"
# 总第289期, 总289期, (总第289期); before the issue line, whose 第N期 it contains.
CUMULATIVE = re.compile(rf"{OPEN}总(?:第)?(?P<cumulative>{NUMBER})期{CLOSE}")
# 2020年第26期, 〔2020〕第26期, 第5期, 二〇二三年第三期.
ISSUE = re.compile(
    rf"{OPEN}(?:(?:(?P<year>{YEAR})年|[〔\[](?P<bracket_year>\d{{4}})[〕\]])(?:度)?)?"
    rf"第(?P<number>{NUMBER})期{CLOSE}"
)
# A supplement or special issue (2020年增刊第1期, 第3期（特刊）, 号外 总第290期): numbered
# apart from the regular issues, which the archive does not hold.
SPECIAL_ISSUE = re.compile(r"增刊|特刊|专刊|号外")
# Meant as an issue line, but not readable as one: 2020年第X期, a missing bracket...
BROKEN_ISSUE_LINE = re.compile(r"(?:\d{4}年)?第[^期]{0,8}期(?:[（(].*)?")
YEAR_MONTH = re.compile(
    rf"(?P<year>{YEAR})年(?P<month>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?!\d|[一二三四五六七八九十]|份)"
)
MASTHEAD_DATE = re.compile(rf"{OPEN}(?:{DATE.pattern}|{NUMERIC_DATE.pattern}){CLOSE}")
CONFIDENTIALITY_MARK = re.compile(
    r"[（(【]?(?:内部资料|注意保存|内部刊物|请勿外传|内部参阅|内部|仅供参考|秘密|机密|绝密|"
    r"★|\d+年|此件[^）)]*|特急|加急|平急|[，,、\s])+[）)】]?"
)
# 签发：张某 at the top right of a masthead, or 责任编辑 beside the date.
MASTHEAD_STAFF = re.compile(r"^(?:签发人?|审核|审稿|责任编辑|编辑|主编|核稿)[：:]")
COMPILER_LABEL = re.compile(
    r"^(?:编印单位|编印|主办单位|主办|编发|编辑单位|主编单位)[：:](?P<name>.+)$"
)
# 某办公室编; not 资料汇编, 文件选编 (titles) nor 张某主编 (a person).
COMPILER_SUFFIX = re.compile(r"^(?P<name>.+?)(?:编印|编发|主办|(?<![汇选摘类合续改主总])编)$")
SERIES_TITLE_WORDS = re.compile(
    r"简报|动态|信息|通讯|快报|专报|要报|情况|参考|工作|通报|摘报|周报|月报|交流|汇编|内参"
)
MAX_TITLE_LINES = 3  # the layout may break the series title onto two or three lines
MAX_NAME_CHARS = 40
LEFTOVER_PUNCTUATION = re.compile(r"[\s　,，、;；:：.。()（）〔〕\[\]【】]+")


def _letters_joined(text: str) -> str:
    """工 作 简 报 → 工作简报: a title spaced out letter by letter; other spaces stay single."""
    text = ts.collapse_spaces(text)
    if re.fullmatch(r"(?:[\u4e00-\u9fff] )+[\u4e00-\u9fff]", text):
        return text.replace(" ", "")
    return text


def _names_office(compact: str) -> bool:
    return (
        2 < len(compact) <= MAX_NAME_CHARS
        and compact.endswith(ORGANISATION_ENDINGS)
        and not any(mark in compact for mark in ts.CLAUSE_PUNCTUATION)
    )


def _is_compiler(compact: str) -> bool:
    return bool(_compiler_name(compact))


def _compiler_name(compact: str) -> str | None:
    if any(mark in compact for mark in ts.CLAUSE_PUNCTUATION) or len(compact) > MAX_NAME_CHARS:
        return None
    match = COMPILER_LABEL.match(compact) or COMPILER_SUFFIX.match(compact)
    return match["name"] if match else None


def _real_date(match: re.Match, line: _Line, source_name: str) -> datetime.date:
    try:
        return date_from_match(match)
    except (ValueError, KeyError):
        raise BulletinParseError(source_name, line.number, EXPECTED_REAL_DATE) from None


@dataclass
class _LineFacts:
    facts: dict
    leftover: str  # the line's text that states no fact, compacted


def _line_facts(line: _Line, source_name: str) -> _LineFacts:
    """The masthead facts a line states, and what is left of it."""
    compact = ts.compact(line.text)
    facts: dict = {}
    rest = compact
    if match := CUMULATIVE.search(rest):
        facts["cumulative_number"] = to_int(match["cumulative"])
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if match := MASTHEAD_DATE.search(rest):
        facts["issue_date"] = _real_date(match, line, source_name)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if "issue_date" not in facts and (match := YEAR_MONTH.search(rest)):
        # A monthly bulletin dated 2023年3月: the day is not printed.
        try:
            facts["issue_month"] = datetime.date(to_int(match["year"]), to_int(match["month"]), 1)
        except ValueError:
            raise BulletinParseError(source_name, line.number, EXPECTED_REAL_DATE) from None
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if match := ISSUE.search(rest):
        facts["number"] = to_int(match["number"])
        if year := match["year"] or match["bracket_year"]:
            facts["year"] = to_int(year)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    label = COMPILER_LABEL.match(rest.strip())
    if label and "compiler" not in facts and (name := _compiler_name(label["name"] + "编")):
        facts["compiler"] = name
        rest = ""
    pieces = [piece for piece in LEFTOVER_PUNCTUATION.split(rest) if piece]
    leftover = []
    for piece in pieces:
        name = _compiler_name(piece)
        if not name and facts and _names_office(piece):
            name = piece  # 某区人民政府办公室    2021年6月30日: the compiler without 编
        if name and "compiler" not in facts:
            facts["compiler"] = name
        else:
            leftover.append(piece)
    return _LineFacts(facts, "".join(leftover))


def _broken_issue_line(compact: str, found: _LineFacts) -> bool:
    return bool(BROKEN_ISSUE_LINE.fullmatch(compact)) and "number" not in found.facts


def _read_masthead(
    lines: list[_Line], source_name: str, notes: _Notes
) -> tuple[dict, dict[str, int], int]:
    """The masthead facts at the top of the text, the line of each, and the index after them.

    A masthead is a title of at most three lines followed (or interleaved) by fact lines, and
    it must state the issue line or the compiler: a headline followed by a lone date is an
    article.
    """
    facts: dict = {}
    title_lines: list[_Line] = []
    fact_lines: dict[str, int] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        compact = ts.compact(line.text)
        if CONFIDENTIALITY_MARK.fullmatch(compact) or (
            MASTHEAD_STAFF.match(compact) and len(compact) <= MAX_NAME_CHARS
        ):
            index += 1
            continue
        found = _line_facts(line, source_name)
        if SPECIAL_ISSUE.search(compact) and found.facts.keys() & {"number", "cumulative_number"}:
            raise BulletinParseError(source_name, line.number, EXPECTED_REGULAR_ISSUE)
        if _broken_issue_line(compact, found):
            raise BulletinParseError(source_name, line.number, EXPECTED_ISSUE_LINE)
        if not found.facts and facts and "compiler" not in facts and _names_office(compact):
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following and _line_facts(following, source_name).facts.keys() - facts.keys():
                # 第3期 / 某市人民政府办公室 / 2022年4月8日: the office between two facts.
                found = _LineFacts({"compiler": compact}, "")
        if not found.facts:
            if facts or len(title_lines) == MAX_TITLE_LINES or not ts.is_heading_shaped(line.text):
                break
            title_lines.append(line)
        else:
            if found.leftover:
                # Facts and other words on one line: the title (简报 2020年第3期), or a
                # sentence of the body that mentions a date.
                if facts or title_lines or ts.ends_sentence(line.text) or len(found.leftover) > 30:
                    break
                title_lines.append(_Line(line.number, found.leftover))
                notes.add(Finding.GUESSED, GUESSED_SERIES_TITLE_LINE, line.number)
            if facts.keys() & found.facts.keys():
                raise BulletinParseError(source_name, line.number, EXPECTED_NO_REPEATED_MASTHEAD)
            facts.update(found.facts)
            for name in found.facts:
                fact_lines[name] = line.number
        index += 1
    if not facts.keys() & {"number", "compiler", "cumulative_number"}:
        return {}, {}, 0
    if title_lines:
        facts["series_title"] = " ".join(_letters_joined(line.text) for line in title_lines)
        fact_lines["series_title"] = title_lines[0].number
        looks_like_a_title = any(line.title for line in title_lines) or SERIES_TITLE_WORDS.search(
            facts["series_title"]
        )
        if not looks_like_a_title:
            notes.add(Finding.GUESSED, GUESSED_TITLE, title_lines[0].number)
        office = ts.compact(title_lines[0].text)
        if "compiler" not in facts and len(title_lines) > 1 and _names_office(office):
            # 中共某某县委办公室 / 信息快报: the office heads its bulletin's title.
            facts["compiler"] = office
            fact_lines["compiler"] = title_lines[0].number
            notes.add(Finding.GUESSED, GUESSED_COMPILER_FROM_TITLE, title_lines[0].number)
    named = [_translated(FACT_NAMES[name]) for name in MASTHEAD_FACTS if name in facts]
    first_line = min(fact_lines.values())
    notes.add(Finding.FOUND, FOUND_MASTHEAD, first_line, facts="、".join(named))
    return facts, fact_lines, index


# --- Between masthead and articles: the issue's 编者按 and a contents list ------------------

EDITOR_NOTE = re.compile(
    r"^[【\[〔（(]?\s*(?:编\s*者\s*按|编者的话|按\s*语|编\s*按)\s*[】\]〕）)]?\s*[：:]?\s*"
)
CONTENTS_HEADING = re.compile(
    r"^[【\[〔]?(?:本期要目|本期目录|本期导读|本期提要|本期内容|内容提要|要目|目录|导读)[】\]〕]?[：:]?$"
)
CONTENTS_ENTRY_DECORATION = re.compile(
    r"^[\s★☆◆◇●○■□▲△▶►·•※\-－—\d一二三四五六七八九十、.．()（）]*|[\s.．…·\d]*$"
)


def _entry_key(text: str) -> str:
    return ts.compact(CONTENTS_ENTRY_DECORATION.sub("", text))


def _skip_contents(lines: list[_Line], start: int, notes: _Notes) -> int:
    """The index of the first article when a contents list starts at `start`, else `start`.

    The list ends where its first entry comes again as a headline (maybe split after a
    `：`); if no headline repeats it, before the heading block of the first body text.
    """
    if start >= len(lines) or not CONTENTS_HEADING.match(ts.compact(lines[start].text)):
        return start
    first_entry = ""
    index = start + 1
    while index < len(lines):
        key = _entry_key(lines[index].text)
        if first_entry and key:
            following = _entry_key(lines[index + 1].text) if index + 1 < len(lines) else ""
            if first_entry in (key, key + following):
                break
        if ts.ends_sentence(lines[index].text) and not _is_kicker(lines[index].text):
            index = _heading_block_start(lines, index, start + 1)
            break
        first_entry = first_entry or key
        index += 1
    notes.add(Finding.FOUND, FOUND_CONTENTS, lines[start].number, count=index - start)
    return index


def _heading_block_start(lines: list[_Line], body: int, earliest: int) -> int:
    """Where the heading block above the body line `body` starts: headline, kicker, byline."""
    index = body
    while index > earliest and (
        _byline_names(lines[index - 1].text) is not None
        or BARE_NAMES.match(lines[index - 1].text.strip())
        or EDITOR_NOTE.match(ts.compact(lines[index - 1].text[:12]))
    ):
        index -= 1
    if index > earliest:
        index -= 1  # the headline
    if index > earliest and _is_kicker(lines[index - 1].text):
        index -= 1
    return index


# --- Articles ------------------------------------------------------------------------------

MAX_KICKER_CHARS = 24
# The ways of numbering articles (一、 （一） 1. （1）), each as its own pattern.
NUMBERING_STYLES = (
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^\d+[、.．](?!\d)"),
    re.compile(r"^[（(]\d+[）)]"),
)
NAME = r"[\u4e00-\u9fff·]{2,4}"
NAMES = rf"{NAME}(?:\s*[、，,\s]\s*{NAME}){{0,3}}"
BYLINE = re.compile(
    r"^[（(]?\s*(?:作\s*者(?!单位)|文\s*/|文\s*[：:]|撰\s*稿|撰\s*文|执\s*笔|(?:本刊|本报|特约)?(?:通\s*讯\s*员|记\s*者)|供稿人|报送人)"
    r"\s*[：:/]?\s*(?P<names>[^。！？；]{2,40}?)\s*[）)]?$"
)
BARE_NAMES = re.compile(rf"^(?P<names>{NAMES})$")
SOURCE_LABELLED = re.compile(
    r"^[（(]\s*(?:供稿单位|稿件来源|信息来源|作者单位|来源|供稿)\s*[：:]\s*"
    r"(?P<name>[^（()）]{2,60}?)\s*[）)]$"
    r"|^(?:供稿单位|稿件来源|信息来源|作者单位|来源|供稿)\s*[：:]\s*(?P<plain>[^。！？；（()）]{2,60})$"
)
SOURCE_SUFFIXED = re.compile(
    r"[（(]\s*(?P<name>[^（()）]{2,60}?)\s*(?:供稿|供|报送|提供|来稿|撰稿)\s*[）)]$"
)
# （市发改委） or （县农业农村局 王某） closing an article: its source, and maybe its author.
SOURCE_BRACKETED = re.compile(r"[（(]\s*(?P<inner>[^（()）]{2,40}?)\s*[）)]$")
SOURCE_ENDINGS = (
    *ORGANISATION_ENDINGS,
    *("委", "办", "厅", "处", "科", "院", "所", "站", "部", "队", "街道", "社区", "镇", "乡"),
)
SOURCE_BARE_SUFFIXED = re.compile(r"^(?P<name>[^。！？；，,（()）]{2,40}?)供稿$")
SECTION_LABEL = re.compile(
    r"^(?:[【\[〔]\s*[^】\]〕]{2,12}\s*[】\]〕]"
    r"|[◆■●★☆◇□▲△※▶►]+\s*[^◆■●★☆◇□▲△※▶►\s]{2,12}\s*[◆■●★☆◇□▲△※◀◄]*)$"
)
DASH_LINE = re.compile(r"^[—－-]{1,2}\s*(?P<text>[^—－-].{1,40})$")


def _is_kicker(text: str) -> bool:
    """The first line of a two-line headline: 局长李某强调：（the second line says what）."""
    compact = ts.compact(text)
    return (
        compact[-1:] in "：:"
        and 2 < len(compact) <= MAX_KICKER_CHARS
        and not any(mark in compact[:-1] for mark in ts.CLAUSE_PUNCTUATION + "：:")
        and not EDITOR_NOTE.match(compact)
        and not ts.ENUMERATED.match(compact)
    )


def _names_organisation(text: str) -> bool:
    return ts.compact(text).endswith(ORGANISATION_ENDINGS)


def _byline_names(text: str) -> str | None:
    if match := BYLINE.match(text.strip()):
        return ts.collapse_spaces(match["names"])
    return None


def _names_source(text: str) -> bool:
    compact = ts.compact(text)
    return (
        2 <= len(compact) <= MAX_NAME_CHARS
        and compact.endswith(SOURCE_ENDINGS)
        and not any(mark in compact for mark in ts.CLAUSE_PUNCTUATION + "：:")
    )


def _closing_source(text: str) -> tuple[int, str, str] | None:
    """Where a closing （来源） starts in the line, the source and the author it names."""
    if match := SOURCE_SUFFIXED.search(text):
        return match.start(), ts.collapse_spaces(match["name"]), ""
    if match := SOURCE_BRACKETED.search(text):
        inner = match["inner"].strip()
        if _names_source(inner):
            return match.start(), ts.compact(inner), ""
        unit, _space, name = inner.rpartition(" ")
        if unit and _names_source(unit) and re.fullmatch(NAME, name):
            return match.start(), ts.compact(unit), name
    return None


def _source_name(text: str) -> str | None:
    """The contributing unit a whole line names: （某某街道供稿）, 来源：某某, 某某供稿."""
    compact_text = text.strip()
    if match := SOURCE_LABELLED.match(compact_text):
        return ts.collapse_spaces(match["name"] or match["plain"])
    if (match := SOURCE_SUFFIXED.search(compact_text)) and match.start() == 0:
        return ts.collapse_spaces(match["name"])
    if match := SOURCE_BARE_SUFFIXED.match(compact_text):
        return ts.collapse_spaces(match["name"])
    return None


@dataclass
class _Attachment:
    """A line that is not headline or body: a byline, a source or a 编者按."""

    kind: str  # "byline", "source" or "note"
    text: str
    line: int


def _split_attachments(lines: list[_Line], notes: _Notes) -> tuple[list[_Line], list[_Attachment]]:
    """The lines of headings and bodies, and the bylines, sources and 编者按 taken out of them.

    A dash line (——县教育局安全科) after a body is a source; right under a headline it is a
    subheadline (——记优秀投递员某某) and stays. A source at the end of a paragraph
    (……成效。（某某街道供稿）) is cut off it.
    """
    kept: list[_Line] = []
    attachments: list[_Attachment] = []
    lines = _notes_joined(lines)
    for position, line in enumerate(lines):
        text = line.text
        previous = kept[-1].text if kept else ""
        after_body = bool(previous) and ts.ends_sentence(previous)
        if SECTION_LABEL.match(text) and not EDITOR_NOTE.match(ts.compact(text)):
            notes.add(Finding.FOUND, FOUND_SECTION, line.number, label=text)
            continue
        if note := EDITOR_NOTE.match(ts.compact(text[:12]) + text[12:]):
            attachments.append(_Attachment("note", _note_text(text, note), line.number))
            continue
        if (names := _byline_names(text)) is not None:
            attachments.append(_Attachment("byline", names, line.number))
            continue
        next_text = lines[position + 1].text if position + 1 < len(lines) else ""
        under_headline = bool(kept) and (
            kept[-1].heading
            or (
                ts.is_heading_shaped(kept[-1].text)
                and bool(next_text)
                and ts.ends_sentence(next_text)
            )
        )
        if under_headline and not line.heading and BARE_NAMES.match(text.strip()):
            # A bare name between a headline (and subheadline) and the body: the author's.
            names = "、".join(re.split(r"\s*[、，,\s]\s*", text.strip()))
            attachments.append(_Attachment("byline", names, line.number))
            notes.add(Finding.GUESSED, GUESSED_BYLINE_UNDER_HEADLINE, line.number)
            continue
        if (name := _source_name(text)) is not None:
            attachments.append(_Attachment("source", name, line.number))
            continue
        # The dash line closes the article: the next headline, a source, or nothing follows.
        closes = not next_text or ts.is_heading_shaped(next_text) or _source_name(next_text)
        if (
            (match := DASH_LINE.match(text))
            and after_body
            and closes
            and not ts.ends_sentence(text)
        ):
            attachments.append(
                _Attachment("source", ts.collapse_spaces(match["text"]), line.number)
            )
            continue
        closing = _closing_source(text)
        article_ends = not next_text or not ts.ends_sentence(next_text)
        if closing and article_ends and (closing[0] == 0 or ts.ends_sentence(text[: closing[0]])):
            start, source, author = closing
            if start:
                kept.append(_Line(line.number, text[:start].rstrip(), line.heading, line.title))
            attachments.append(_Attachment("source", source, line.number))
            if author:
                attachments.append(_Attachment("byline", author, line.number))
            continue
        kept.append(line)
    return kept, attachments


MAX_NOTE_LINES = 12


def _is_note(line: _Line) -> bool:
    return bool(EDITOR_NOTE.match(ts.compact(line.text[:12])))


def _note_end(lines: list[_Line], index: int) -> int:
    """The index after a 编者按 starting at `index`: hard-wrapped, it runs to a sentence end."""
    end = index + 1
    while (
        end < len(lines)
        and end - index < MAX_NOTE_LINES
        and not ts.ends_sentence(lines[end - 1].text)
    ):
        end += 1
    return end


def _notes_joined(lines: list[_Line]) -> list[_Line]:
    joined: list[_Line] = []
    index = 0
    while index < len(lines):
        end = _note_end(lines, index) if _is_note(lines[index]) else index + 1
        text = lines[index].text
        for line in lines[index + 1 : end]:
            text = ts.join_wrapped(text, line.text)
        joined.append(_Line(lines[index].number, text, lines[index].heading, lines[index].title))
        index = end
    return joined


def _note_text(text: str, match: re.Match) -> str:
    # The pattern matched the compacted start of the line; cut as many non-space characters.
    wanted = len(match.group(0).replace(" ", ""))
    taken = 0
    for position, char in enumerate(text):
        if taken == wanted:
            return ts.tidy_body_spaces(text[position:])
        if not char.isspace():
            taken += 1
    return ""


def _merge_kickers(lines: list[_Line]) -> list[_Line]:
    """Join a headline's first line ending in `：` to its second line."""
    merged: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and index + 2 < len(lines)
            and _is_kicker(line.text)
            and ts.is_heading_shaped(following.text)
            and not ts.ENUMERATED.match(following.text)
        ):
            text = ts.collapse_spaces(line.text) + ts.collapse_spaces(following.text)
            merged.append(_Line(line.number, text, line.heading or following.heading))
            index += 2
            continue
        merged.append(line)
        index += 1
    return merged


class _ArticleReader:
    """Splits the lines between masthead and distribution block into articles.

    An article is a heading block (an optional organisation line, the headline, an
    optional subheadline) and the body paragraphs after it. In a Word file whose
    headlines are styled as headings (or bold and centred), those are the headlines;
    in text, they are found by their shape.
    """

    def __init__(self, lines: list[_Line], source_name: str, notes: _Notes):
        self.lines = lines
        self.source_name = source_name
        self.notes = notes
        # A Word file whose first headline is styled (or bold and centred) marks its
        # headlines; one whose headlines are plain paragraphs is read as text is.
        self.structured = bool(lines) and bool(lines[0].heading)
        # In Word, the highest heading level used starts the articles; lower levels under a
        # headline are its subheadline, elsewhere headings inside a body (一、…).
        self.top_level = min((line.heading for line in lines if line.heading), default=0)
        self.wrap_width = None if self.structured else ts.wrap_width([line.text for line in lines])
        if self.wrap_width:
            notes.add(Finding.GUESSED, GUESSED_WRAPPED, width=self.wrap_width)
        self.article_numbering: re.Pattern | None = None
        self.article_numbering = self._article_numbering()
        if self.article_numbering:
            notes.add(Finding.GUESSED, GUESSED_NUMBERED, lines[0].number)

    def _article_numbering(self) -> re.Pattern | None:
        """The numbering of the articles, when the first line is numbered: 一、市局召开…

        Some bulletins number their articles; the numbering of the first line is then
        theirs, and other numberings are headings inside the bodies.
        """
        if self.structured or self._heading_size(0):
            return None
        first = self.lines[0].text
        style = next((style for style in NUMBERING_STYLES if style.match(first)), None)
        if style is None or not self._is_heading_line(0):
            return None
        return style

    @property
    def hard_wrapped(self) -> bool:
        return self.wrap_width is not None

    def read(self) -> list[tuple[list[_Line], list[list[_Line]]]]:
        self._check_first_heading()
        articles = []
        index = 0
        while index < len(self.lines):
            heading_size = self._heading_size(index)
            heading = self.lines[index : index + heading_size]
            paragraphs, index = self._read_paragraphs(index + heading_size)
            articles.append((heading, paragraphs))
        return articles

    def _check_first_heading(self) -> None:
        # Later headings are found where a body gives way to them; the first must be there.
        if self._heading_size(0):
            return
        first = self.lines[0]
        expected = EXPECTED_BODY if self._can_be_heading(0) else EXPECTED_HEADLINE
        raise BulletinParseError(self.source_name, first.number, expected)

    def _is_heading_line(self, index: int) -> bool:
        """Whether the line can be a heading, of an article or (numbered) inside a body."""
        if self.structured:
            return self.lines[index].heading
        following = self.lines[index + 1].text if index + 1 < len(self.lines) else None
        return ts.is_heading_line(self.lines[index].text, following, self.wrap_width)

    def _can_be_heading(self, index: int) -> bool:
        text = self.lines[index].text
        if self.article_numbering is not None:
            return bool(self.article_numbering.match(text)) and self._is_heading_line(index)
        # Headings inside a body (一、 （一） 1. （1）) do not start an article.
        return self._is_heading_line(index) and not ts.ENUMERATED.match(text)

    def _ends_paragraph(self, index: int) -> bool:
        if self.structured or ts.ends_sentence(self.lines[index].text):
            return True  # a Word paragraph is a paragraph
        return self._is_heading_line(index) and bool(ts.ENUMERATED.match(self.lines[index].text))

    def _heading_size(self, index: int, *, report: bool = False) -> int:
        """How many lines from `index` make a heading block; 0 if no article starts there.

        A heading block counts only when body text follows it. When more short lines stand
        together than a heading holds, the extra ones are short paragraphs of the body.
        """
        size = 0
        while index + size < len(self.lines) and self._can_be_heading(index + size):
            size += 1
        if self.structured and size and self.lines[index].heading != self.top_level:
            return 0
        if size == 0 or index + size == len(self.lines):
            return 0
        limit = 3 if _names_organisation(self.lines[index].text) else 2
        if report and size > limit:
            self.notes.add(Finding.GUESSED, GUESSED_SHORT_LINES, self.lines[index + limit].number)
        return min(size, limit)

    def _read_paragraphs(self, index: int) -> tuple[list[list[_Line]], int]:
        """The body paragraphs from `index` (as lists of lines) and the index after them."""
        paragraphs = [[self.lines[index]]]
        index += 1
        while index < len(self.lines):
            line = self.lines[index]
            unfinished = not self._ends_paragraph(index - 1)
            if unfinished and self.hard_wrapped:
                paragraphs[-1].append(line)  # a hard wrap inside a sentence
            elif self._heading_size(index, report=True):
                break
            elif unfinished:
                paragraphs[-1].append(line)  # a page break inside a paragraph
                self.notes.add(Finding.GUESSED, GUESSED_PAGE_BREAK, line.number)
            else:
                paragraphs.append([line])
            index += 1
        return paragraphs, index


def _read_articles(
    lines: list[_Line], source_name: str, notes: _Notes
) -> tuple[list[ParsedArticle], str]:
    """The articles, and the issue's 编者按 when one stands before the first headline."""
    kept, attachments = _split_attachments(lines, notes)
    if not kept:
        raise BulletinParseError(source_name, lines[-1].number, EXPECTED_ARTICLE)
    reader = _ArticleReader(_merge_kickers(kept), source_name, notes)
    blocks = reader.read()
    if reader.article_numbering is not None:
        blocks = [
            ([_Line(h.number, _numbering_removed(h.text)) for h in heading[:1]] + heading[1:], body)
            for heading, body in blocks
        ]
    heading_lines = [heading[0].number for heading, _paragraphs in blocks]
    body_lines = [paragraphs[0][0].number for _heading, paragraphs in blocks]

    issue_note = ""
    extra: list[dict] = [{"byline": [], "source": [], "note": []} for _ in blocks]
    for attachment in attachments:
        if attachment.line < heading_lines[0]:
            if attachment.kind == "note":
                issue_note = _join_notes(issue_note, attachment.text)
                notes.add(Finding.FOUND, FOUND_ISSUE_NOTE, attachment.line)
            continue
        owner = max(number for number, line in enumerate(heading_lines) if line <= attachment.line)
        # A 编者按 after an article's body introduces the next article.
        if attachment.kind == "note" and attachment.line > body_lines[owner]:
            owner = min(owner + 1, len(blocks) - 1)
        extra[owner][attachment.kind].append(attachment)

    articles = [
        _article(number, heading, paragraphs, found, notes)
        for number, ((heading, paragraphs), found) in enumerate(zip(blocks, extra, strict=True), 1)
    ]
    return articles, issue_note


def _numbering_removed(text: str) -> str:
    return ts.ENUMERATED.sub("", text, count=1).strip()


def _join_notes(first: str, second: str) -> str:
    return f"{first}\n{second}" if first else second


def _article(
    position: int, heading: list[_Line], paragraphs: list[list[_Line]], extra: dict, notes: _Notes
) -> ParsedArticle:
    organisation = ""
    byline = "、".join(attachment.text for attachment in extra["byline"])
    # A bare name under the headline is its author's: 王某 / 王某 李某.
    if len(heading) >= 2 and BARE_NAMES.match(heading[-1].text.strip()) and not byline:
        names = re.split(r"\s*[、，,\s]\s*", heading[-1].text.strip())
        byline = "、".join(names)
        notes.add(Finding.GUESSED, GUESSED_BYLINE, heading[-1].number, position=position)
        heading = heading[:-1]
    if len(heading) == 3 or (len(heading) == 2 and _names_organisation(heading[0].text)):
        organisation = ts.collapse_spaces(heading[0].text)
        heading = heading[1:]
    headline = heading[0]
    source = "、".join(attachment.text for attachment in extra["source"])
    note = "\n".join(attachment.text for attachment in extra["note"])
    if not source and not organisation:
        notes.add(Finding.MISSING, MISSING_SOURCE, headline.number, position=position)
    return ParsedArticle(
        headline=ts.collapse_spaces(headline.text),
        subheadline=ts.collapse_spaces(heading[1].text) if len(heading) == 2 else "",
        organisation=organisation,
        paragraphs=tuple(ts.paragraph_text([line.text for line in lines]) for lines in paragraphs),
        line=headline.number,
        byline=byline,
        source=source,
        editor_note=note,
    )


# --- Distribution block (版记) ----------------------------------------------------------------

ROLE_LINE = re.compile(
    r"(?P<label>抄\s*报|抄\s*送|分\s*送|分\s*发|主\s*送|报\s*送|呈\s*报|印\s*送|报|送|发)"
    r"\s*[：:]\s*(?P<names>.*)"
)
ROLES = {
    "报": "report",
    "抄报": "report",
    "主送": "report",
    "报送": "report",
    "呈报": "report",
    "送": "send",
    "抄送": "send",
    "印送": "send",
    "发": "issue",
    "分送": "issue",
    "分发": "issue",
}
ROLE_NAMES = {"report": "报", "send": "送", "issue": "发"}
RECIPIENT_SEPARATOR = re.compile(r"[，,；;]|\s{2,}|\u3000+")
NOT_IN_A_NAME = "。！!？?：:"
PRINT_COUNT = re.compile(rf"[（(]?共印\s*(?P<count>{NUMBER})\s*份[）)]?")
PRINT_COUNT_LINE = re.compile(rf"[（(]?(?P<office>.*?)[（(]?共印(?P<count>{NUMBER})份[）)]?[）)]?")
ISSUED_LINE = re.compile(
    rf"(?P<office>.*?)(?:{DATE.pattern}|{NUMERIC_DATE.pattern})(?:印发|编印|印|发)?"
)
# Lines a 版记 may end with that say nothing the import keeps: staff, contacts, notes.
FOOTER_LINE = re.compile(
    r"^(?:责任编辑|编辑|主编|审核|审稿|签发|校对|核稿|联系人|联系电话|电话|传真|地址|邮编|邮箱|"
    r"电子邮箱|E-?mail|投稿邮箱|网址|[（(]此件|[（(]本期)",
    re.IGNORECASE,
)


def _is_footer(compact: str) -> bool:
    return bool(
        PRINT_COUNT_LINE.fullmatch(compact)
        or ISSUED_LINE.fullmatch(compact)
        or FOOTER_LINE.match(compact)
        or _is_compiler(compact)
    )


def _distribution_start(lines: list[_Line], start: int) -> int:
    for index in range(start, len(lines)):
        if ROLE_LINE.match(lines[index].text):
            return index
    # No 报/送/发 rows: the block is the run of closing lines at the end (印发, 共印).
    index = len(lines)
    while index > start + 1 and _is_footer(ts.compact(lines[index - 1].text)):
        index -= 1
    return index


class _DistributionReader:
    """Reads the 报/送/发 rows and the closing print count or compiler and date.

    A row whose first line separates names with commas flows: a line break that is not
    after a comma falls inside a name (上海市交通委 / 文明办). Otherwise each line is
    one recipient, as the seeds' 报 rows are.
    """

    def __init__(self, source_name: str, notes: _Notes):
        self.source_name = source_name
        self.notes = notes
        self.recipients: list[ParsedRecipient] = []
        self.print_count: int | None = None
        self.office: str | None = None
        self.office_line: int | None = None
        self.issue_date: datetime.date | None = None
        self.date_line: int | None = None
        self._role: str | None = None
        self._flowing: bool | None = None
        self._pending: tuple[str, int] | None = None  # a name that may go on in the next line
        self._in_footer = False

    def read(self, lines: list[_Line]) -> None:
        for line in lines:
            if self._read_footer(line):
                self._in_footer = True
                continue
            names = line.text
            if match := ROLE_LINE.match(line.text):
                self._in_footer = False  # GB/T 9704 puts 抄送 before the 印发 line, some after
                label = ts.compact(match["label"])
                self._start_row(ROLES[label])
                if label != ROLE_NAMES[ROLES[label]]:
                    self.notes.add(
                        Finding.FOUND,
                        FOUND_ROLE_AS,
                        line.number,
                        label=label,
                        role=ROLE_NAMES[ROLES[label]],
                    )
                names = match["names"]
            elif self._in_footer or self._role is None:
                raise BulletinParseError(self.source_name, line.number, EXPECTED_END)
            if names:
                self._read_names(names, line.number)
        self._end_pending_name()

    def _read_footer(self, line: _Line) -> bool:
        compact = ts.compact(line.text)
        if match := PRINT_COUNT.search(compact):
            rest = (compact[: match.start()] + compact[match.end() :]).strip("（()）")
            if (
                not rest
                or ISSUED_LINE.fullmatch(rest)
                or _compiler_name(rest)
                or _names_office(rest)
            ):
                self.print_count = to_int(match["count"])
                if not rest:
                    return True
                compact = rest
        if match := ISSUED_LINE.fullmatch(compact):
            self.issue_date = _real_date(match, line, self.source_name)
            self.date_line = line.number
            self._note_office(match["office"], line)
            return True
        if FOOTER_LINE.match(compact):
            return True
        # A compiler line (ending in 编) is never a recipient.
        if name := _compiler_name(compact):
            self._note_office(name, line)
            return True
        if self.print_count is not None and _names_office(compact):
            self._note_office(compact, line)  # 某某办公室 （共印30份） on one line
            return True
        return False

    def _note_office(self, office: str, line: _Line) -> None:
        office = _compiler_name(office) or office
        if office:
            self.office = office
            self.office_line = line.number

    def _start_row(self, role: str) -> None:
        self._end_pending_name()
        self._role = role
        self._flowing = None

    def _read_names(self, text: str, line_number: int) -> None:
        starts_row = self._flowing is None
        if self._flowing is None:
            self._flowing = bool(RECIPIENT_SEPARATOR.search(text))
        if starts_row or self._flowing:
            # GB/T 9704 ends the last recipient with a full stop; a line of one name per
            # line that ends in one is a sentence.
            text = text.strip().rstrip("。．.")
        pieces = RECIPIENT_SEPARATOR.split(text)
        if not self._flowing:
            for piece in pieces:
                self._add(piece, line_number)
            return
        for position, piece in enumerate(pieces):
            start_line = line_number
            if self._pending:
                earlier_text, start_line = self._pending
                piece = ts.join_wrapped(earlier_text, piece) if piece else earlier_text
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
        name = ts.collapse_spaces(name)
        if not name:
            return  # between two commas, or after a trailing one
        if len(ts.compact(name)) > MAX_NAME_CHARS or any(mark in name for mark in NOT_IN_A_NAME):
            raise BulletinParseError(self.source_name, line_number, EXPECTED_RECIPIENT)
        self.recipients.append(ParsedRecipient(role=self._role, name=name, line=line_number))


# --- Entry points --------------------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    # Split on line feeds only, so that line numbers match an editor's (a form feed from
    # a PDF extractor is a page break inside a line, not a line of its own).
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_bulletin(text: str, *, source_name: str = "<文本>") -> ParsedBulletin:
    """Parse a bulletin's plain text; raises BulletinParseError naming the offending line."""
    return parse_bulletin_lines(split_lines(text), source_name=source_name)


def parse_bulletin_lines(
    lines: Sequence[str | SourceLine], *, source_name: str = "<文本>"
) -> ParsedBulletin:
    """Parse a bulletin given as lines (numbered from 1) or as a Word file's SourceLines."""
    notes = _Notes()
    content = _content_lines(lines, notes)
    masthead, fact_lines, articles_start = _read_masthead(content, source_name, notes)
    articles_start = _skip_issue_note_and_contents(content, articles_start, notes)
    distribution_start = _distribution_start(content, articles_start)
    if articles_start >= distribution_start:
        line = content[articles_start].number if content[articles_start:] else max(len(lines), 1)
        raise BulletinParseError(source_name, line, EXPECTED_ARTICLE)
    articles, issue_note = _read_articles(
        content[articles_start:distribution_start], source_name, notes
    )
    distribution = _DistributionReader(source_name, notes)
    distribution.read(content[distribution_start:])

    # The block's compiler and date stand in for a masthead that lost them.
    if "compiler" not in masthead and distribution.office:
        masthead["compiler"] = distribution.office
        fact_lines["compiler"] = distribution.office_line
        notes.add(Finding.GUESSED, GUESSED_COMPILER, distribution.office_line)
    if "issue_date" not in masthead and distribution.issue_date:
        masthead["issue_date"] = distribution.issue_date
        fact_lines["issue_date"] = distribution.date_line
        notes.add(Finding.GUESSED, GUESSED_DATE, distribution.date_line)
    month = masthead.pop("issue_month", None)
    if month and "issue_date" not in masthead:
        masthead["issue_date"] = month
        notes.add(Finding.GUESSED, GUESSED_FIRST_OF_MONTH, month=month.month)
    if "number" in masthead and "year" not in masthead and masthead.get("issue_date"):
        masthead["year"] = masthead["issue_date"].year
        notes.add(Finding.GUESSED, GUESSED_YEAR, year=masthead["year"])
    facts = {name: masthead.get(name) for name in MASTHEAD_FACTS}
    missing = tuple(name for name, value in facts.items() if value is None)
    for name in missing:
        notes.add(Finding.MISSING, MISSING_FACT, fact=_translated(FACT_NAMES[name]))
    if not distribution.recipients:
        notes.add(Finding.MISSING, MISSING_RECIPIENTS)
    return ParsedBulletin(
        **facts,
        print_count=distribution.print_count,
        articles=tuple(articles),
        recipients=tuple(distribution.recipients),
        missing=missing,
        editor_note=issue_note,
        fact_lines=fact_lines,
        notes=tuple(notes.notes),
    )


def _skip_issue_note_and_contents(lines: list[_Line], start: int, notes: _Notes) -> int:
    """Skip a contents list after the masthead (an issue's 编者按 may stand before it)."""
    index = start
    while index < len(lines) and _is_note(lines[index]):
        index = _note_end(lines, index)
    after_contents = _skip_contents(lines, index, notes)
    if after_contents == index:
        return start
    # The 编者按 lines before the list stay: the article reader makes them the issue's note.
    del lines[index:after_contents]
    return start
