"""The official A4 PDF of an issue, laid out as the project's layout spec (docs/layout.md) says.

One template (issues/pdf/issue.html) and one print stylesheet
(issues/pdf/bulletin.css) make the layout; the font stacks come from the
BULLETIN_PDF_FONTS setting, with the compact fonts of issues.pdf.fonts when
they are built. WeasyPrint reads files only through BulletinURLFetcher. The
official copy is PDF/A-2b and tagged; signatures.signing signs it at sign-off.
"""

import gc
import io
import itertools
import logging
import math
import re
import threading
from contextlib import contextmanager
from functools import cache, partial
from xml.etree.ElementTree import SubElement, fromstring, tostring

import weasyprint
from django.conf import settings
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.text.fonts import FontConfiguration

from core.logs import log_duration
from issues.headlines import balanced_lines, width_in_characters
from issues.pdf.characters import NO_FACE, fallback_families
from issues.pdf.fetcher import INTERNAL_ORIGIN, BulletinURLFetcher, read_static
from issues.pdf.fonts import built_fonts, font_face_css, with_compact_families
from issues.pdf.print_body import print_body
from issues.pdf.writing import finish_pdf
from issues.sanitizer import sanitize_body
from organisations.models import Role

logger = logging.getLogger(__name__)

STYLESHEET = "issues/pdf/bulletin.css"

# Document text, not interface text: the PDF is a Chinese official document
# whatever language the editor's browser asks for (as Issue.issue_line is).
ROLE_PREFIXES = {Role.REPORT: "报：", Role.SEND: "送：", Role.ISSUE: "发："}
DRAFT_MARK = "草稿"
# 〓 (GETA MARK): what stands in the PDF for a character no installed font has.
MISSING_CHARACTER_MARK = "\u3013"
_TEXT_BETWEEN_TAGS = re.compile(r">[^<]+<")

# Which elements of issue.html each BULLETIN_PDF_FONTS role sets.
FONT_SELECTORS = {
    "body": "html",
    "title": ".masthead-title, .headline, .subheadline",
    "heading1": ".marks, .article h2, .article th",
    "heading2": ".source, .byline, .editor-note, .article h3",
    "page_number": "@page",
}
# The weight each role is set in (bulletin.css), which picks the face of a family.
FONT_WEIGHTS = {"title": 700}
# A character that the face of its role leaves blank is set in a span of this class + its code.
INK_CLASS = "ink-"

# The masthead title is at most 初号 (42 pt) and shrinks so that its longest
# line fits the 156 mm text block on one line and all its lines fit above the
# masthead foot (bulletin.css: 63 mm masthead, 24 pt marks line, 1.1 line
# height), never below the 36 pt the layout allows, marks or not.
TITLE_MAX_PT = 42
TITLE_MIN_PT = 36
TEXT_BLOCK_WIDTH_PT = 156 / 25.4 * 72
TEXT_BLOCK_HEIGHT_PT = 225 / 25.4 * 72
TITLE_SPACE_PT = 63 / 25.4 * 72 - 75  # the foot takes 75 pt: 2 lines, 3 mm gap, 4 mm under
MARKS_LINE_PT = 24
TITLE_LINE_HEIGHT = 1.1

# The compiling office's name and the date share the foot's last line, 1 em
# in from each side (bulletin.css .compiler-line, 16 pt on 24 pt lines). A
# long name is set smaller, down to 小四 (12 pt), to keep that line whole; a
# name longer still wraps, and the title above makes room for its lines.
FOOT_PT = 16
FOOT_LINE_PT = 24
COMPILER_MIN_PT = 12

# Characters per line (bulletin.css): 22 pt headlines, and 14 pt recipient
# names between 3 characters in (after 报：) and 1 character from the right.
HEADLINE_CHARACTERS = TEXT_BLOCK_WIDTH_PT / 22
RECIPIENT_CHARACTERS = TEXT_BLOCK_WIDTH_PT / 14 - 4

# The distribution block's height (bulletin.css .distribution): 14 pt lines at
# 1.55, or at 1.2 (.distribution--compact) when that is what makes it fit on a
# page; its rules, paddings and the imprint line take the rest.
RECIPIENT_LINE_PT = 14 * 1.55
COMPACT_RECIPIENT_LINE_PT = 14 * 1.2
DISTRIBUTION_FRAME_PT = 2 * 1.5 / 25.4 * 72 + (14 * 1.55 + 2 * 1.5 / 25.4 * 72) + 3
DISTRIBUTION_LINES_PER_PAGE = int(
    (TEXT_BLOCK_HEIGHT_PT - DISTRIBUTION_FRAME_PT) / COMPACT_RECIPIENT_LINE_PT
)
DISTRIBUTION_LINES_AT_FULL_LEADING = int(
    (TEXT_BLOCK_HEIGHT_PT - DISTRIBUTION_FRAME_PT) / RECIPIENT_LINE_PT
)


# WeasyPrint's font set-up and parsing the stylesheets take a good part of a
# render, so each process makes them once and reuses them.
@cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@cache
def _stylesheets() -> tuple[CSS, ...]:
    base_url = f"{INTERNAL_ORIGIN}/{settings.STATIC_URL.strip('/')}/{STYLESHEET}"
    layout = read_static(STYLESHEET)
    if layout is None:
        raise FileNotFoundError(f"Static file {STYLESHEET} not found.")
    return tuple(
        CSS(
            string=css,
            base_url=base_url,
            url_fetcher=BulletinURLFetcher(),
            font_config=_font_config(),
        )
        for css in (layout.decode(), font_css(settings.BULLETIN_PDF_FONTS, built_fonts()))
    )


def _css_string(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def font_css(fonts: dict[str, list[str]], compact_fonts=()) -> str:
    """CSS giving each part of the layout its font stack from the settings.

    With `compact_fonts` (issues.pdf.fonts), their @font-face rules, and each
    compact family put before the family it was cut from.
    """
    return "\n".join(
        [
            font_face_css(compact_fonts),
            *(
                f"{FONT_SELECTORS[role]} {{ font-family: "
                f"{', '.join(map(_css_string, with_compact_families(stack, compact_fonts)))}; }}"
                for role, stack in fonts.items()
            ),
        ]
    )


def chinese_date(date) -> str:
    """2020年7月20日, without zero padding; blank when there is no date yet."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def headline_lines(headline: str) -> list[str]:
    """The headline's lines: broken between words, of near-equal length (GB/T 9704 §7.2.4).

    An editor's space is where the headline breaks first; a part still too
    long for a line is broken between the words a Chinese word segmenter finds.
    """
    lines = []
    for line in pack_lines(headline.split(), HEADLINE_CHARACTERS, " "):
        lines.extend(balanced_lines(line.strip(), HEADLINE_CHARACTERS))
    return lines


def pack_lines(parts: list[str], capacity: float, separator: str = "") -> list[str]:
    """Groups parts into lines of at most `capacity` characters, breaking only between parts.

    Headlines break at their spaces and recipient rows between names when
    they can; a part longer than a line is wrapped by WeasyPrint. (Laying the
    parts out as inline blocks does the same in CSS but triples the render time.)
    """
    lines: list[str] = []
    for index, part in enumerate(parts):
        text = part + (separator if index < len(parts) - 1 else "")
        if lines and width_in_characters(lines[-1] + text) <= capacity:
            lines[-1] += text
        else:
            lines.append(text)
    return lines


def masthead_title_size(lines: list[str], *, has_marks: bool, foot_lines_added: int = 0) -> float:
    """The masthead title's size in points, in half points.

    `foot_lines_added`: the lines a long compiling office's name wraps onto
    (compiler_line_size), which the foot takes from the title's space.
    """
    widest = max(map(width_in_characters, lines), default=1)
    space = TITLE_SPACE_PT - (MARKS_LINE_PT if has_marks else 0) - foot_lines_added * FOOT_LINE_PT
    fitting = min(
        TEXT_BLOCK_WIDTH_PT / (widest + 0.5),
        space / (max(len(lines), 1) * TITLE_LINE_HEIGHT),
    )
    return max(TITLE_MIN_PT, min(TITLE_MAX_PT, int(fitting * 2) / 2))


def compiler_line_size(compiler_line: str, date: str) -> tuple[float, int]:
    """(size in points, lines added to the foot) of the compiling office's name beside the date.

    At full size when it fits beside the date, else as large as fits, in half
    points, down to COMPILER_MIN_PT. A name longer still stays at full size
    and wraps, the date (floated right) beside its last line or under it.
    """
    per_line = (TEXT_BLOCK_WIDTH_PT - 2 * FOOT_PT) // FOOT_PT  # characters at full size
    # The date's digits are a little wider than width_in_characters says;
    # a character's gap separates it from the name.
    beside_date = per_line - (width_in_characters(date) + 1.5 if date else 0)
    needed = width_in_characters(compiler_line) or 1
    size = min(FOOT_PT, int(beside_date / needed * FOOT_PT * 2) / 2)
    if size >= COMPILER_MIN_PT:
        return size, 0
    name_lines = math.ceil(needed / per_line)
    last_line = needed - (name_lines - 1) * per_line
    return FOOT_PT, name_lines - 1 + (last_line > beside_date)


def distribution_rows(recipients) -> list[tuple[str, list[str]]]:
    """报/送/发 rows, each as the lines its names flow onto, separated by 、."""
    return [
        (
            ROLE_PREFIXES[role],
            pack_lines([recipient.display_name for recipient in group], RECIPIENT_CHARACTERS, "、"),
        )
        for role, group in itertools.groupby(recipients, key=lambda recipient: recipient.role)
    ]


def distribution_layout(rows) -> str:
    """How the 版记 is set: "" as usual, "compact" (closer lines) or "too-long".

    At the usual leading or the compact one, the block sits at the foot of the
    last page (a page of its own when it does not fit under the text); a block
    taller than a page is "too-long": such an issue cannot be submitted, and
    its draft prints the block flowing over pages so that no name is lost.
    """
    line_count = sum(len(lines) for _prefix, lines in rows)
    if line_count <= DISTRIBUTION_LINES_AT_FULL_LEADING:
        return ""
    if line_count <= DISTRIBUTION_LINES_PER_PAGE:
        return "compact"
    return "too-long"


def distribution_problems(issue) -> list[str]:
    """Why the issue's 版记 cannot be printed on one page; empty when it can."""
    names = list(issue.recipients_for_print())
    if distribution_layout(distribution_rows(names)) != "too-long":
        return []
    fitting = _names_fitting(names)
    return [
        _(
            "The distribution list has %(count)d names; the 报/送 block of the last page "
            "holds about %(fitting)d of them. Shorten the list or the names."
        )
        % {"count": len(names), "fitting": fitting}
    ]


def _names_fitting(recipients) -> int:
    low, high = 0, len(recipients)
    while low < high:
        middle = (low + high + 1) // 2
        if distribution_layout(distribution_rows(recipients[:middle])) == "too-long":
            high = middle - 1
        else:
            low = middle
    return low


def _imprint_right(issue) -> str:
    if issue.print_count:
        return f"共印{issue.print_count}份"
    return f"{chinese_date(issue.issue_date)}印发" if issue.issue_date else ""


def _article_context(article) -> dict:
    return {
        "headline_lines": headline_lines(article.headline),
        "subheadline": article.subheadline,
        "byline": article.byline,
        "source": article.source,
        "editor_note": article.editor_note,
        # Safe only because it is sanitised, once more, right here.
        "body": mark_safe(print_body(sanitize_body(article.body))),
    }


def document_title(issue) -> str:
    return f"{''.join(issue.series.title_lines)} {issue.issue_line}"


def issue_context(issue, *, draft: bool) -> dict:
    series = issue.series
    rows = distribution_rows(issue.recipients_for_print())
    imprint_right = _imprint_right(issue)
    date = chinese_date(issue.issue_date)
    compiler_size, foot_lines_added = compiler_line_size(series.compiler_line, date)
    return {
        "title": document_title(issue),
        "author": series.compiling_office,
        "created": timezone.now().isoformat(timespec="seconds"),
        "draft_mark": DRAFT_MARK if draft else "",
        "marks": series.marks.split(),
        "title_lines": series.title_lines,
        "title_size": masthead_title_size(
            series.title_lines, has_marks=bool(series.marks), foot_lines_added=foot_lines_added
        ),
        # A draft's blanks (第  期) as wide as the digits they stand for: en spaces.
        "issue_line": issue.issue_line.replace(" ", "\u2002"),
        "compiler_line": series.compiler_line,
        "compiler_size": compiler_size if compiler_size != FOOT_PT else None,
        "date": date,
        "editor_note": issue.editor_note,
        "articles": [_article_context(article) for article in issue.articles.all()],
        "distribution_rows": rows,
        "distribution_layout": distribution_layout(rows),
        "imprint_left": series.compiling_office,
        "imprint_right": imprint_right,
        "imprint_right_room": imprint_room(imprint_right),
    }


def imprint_room(imprint_right: str) -> str:
    """The imprint line's right padding in em, which its right part sits in (bulletin.css).

    The 1 em padding, the right part (its digits are a little wider than
    width_in_characters says) and at least a character's gap.
    """
    return f"{width_in_characters(imprint_right) + 3:g}"


def render_issue_html(issue, *, draft: bool) -> str:
    return render_to_string("issues/pdf/issue.html", issue_context(issue, draft=draft))


# The official copy is an archival PDF/A-2b, tagged (headings, paragraphs,
# lists, tables in reading order); drafts are plain PDFs, quicker to make.
OFFICIAL_PDF_OPTIONS = {"pdf_variant": "pdf/a-2b", "pdf_tags": True}


class ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's XMP metadata plus Dublin Core language, publisher and issue date.

    Only standard XMP schemas (dc), which PDF/A accepts without extension schemas.
    """

    def __init__(self, *, publisher: str, issue_date: str, **metadata):
        super().__init__(**metadata)
        self.publisher = publisher
        self.issue_date = issue_date

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        description = SubElement(rdf, f"{{{NS['rdf']}}}Description")
        description.attrib[f"{{{NS['rdf']}}}about"] = ""
        for name, container, value in (
            ("language", "Bag", self.lang),
            ("publisher", "Bag", self.publisher),
            ("date", "Seq", self.issue_date),
        ):
            if value:
                element = SubElement(description, f"{{{NS['dc']}}}{name}")
                element = SubElement(element, f"{{{NS['rdf']}}}{container}")
                SubElement(element, f"{{{NS['rdf']}}}li").text = value
        return tostring(rdf, encoding="utf-8")


def _archival_metadata(metadata: DocumentMetadata, issue) -> ArchivalMetadata:
    fields = vars(metadata).copy()
    # PDF Subject and dc:description: the issue line, e.g. 2020年第26期（总第289期）.
    fields["description"] = issue.issue_line
    # Info /Creator and xmp:CreatorTool; /Producer names WeasyPrint (or pyHanko, once signed).
    fields["generator"] = f"Bulletin Office (WeasyPrint {weasyprint.__version__})"
    return ArchivalMetadata(
        publisher=issue.series.compiling_office,
        issue_date=issue.issue_date.isoformat() if issue.issue_date else "",
        **fields,
    )


@log_duration("issues.pdf", "pdf rendered")
def render_issue_pdf(issue, *, draft: bool | None = None) -> bytes:
    """The issue as an A4 PDF; unnumbered issues are drafts unless told otherwise.

    A numbered issue's official copy is PDF/A-2b with archival metadata.
    """
    if draft is None:
        draft = not issue.is_numbered
    source = render_issue_html(issue, draft=draft)
    options = {} if draft else OFFICIAL_PDF_OPTIONS
    archival_metadata = None if draft else partial(_archival_metadata, issue=issue)
    with cyclic_collection_paused():
        return _write_pdf(source, options, archival_metadata)


def _write_pdf(source: str, options: dict, metadata=None) -> bytes:
    """The PDF of the HTML `source`; `metadata`, if given, makes the document's from WeasyPrint's.

    A character that no installed font has would print as a blank box (the
    .notdef glyph, which PDF/A forbids besides): with_inked_characters()
    puts MISSING_CHARACTER_MARK in its place beforehand, as typesetters mark
    a missing sort. Should WeasyPrint still draw .notdef (fontconfig could not
    be asked), the source is set again with the mark.
    """
    source = with_inked_characters(source, settings.BULLETIN_PDF_FONTS)
    with _missing_characters_recorded() as missing:
        pdf = _write_pdf_once(source, options, metadata)
    if missing:
        logger.warning(
            "No installed font has %s: printed as %s",
            " ".join(f"U+{ord(character):04X}" for character in sorted(missing)),
            MISSING_CHARACTER_MARK,
        )
        pdf = _write_pdf_once(with_missing_marked(source, missing), options, metadata)
    return pdf


def with_missing_marked(source: str, missing: set[str]) -> str:
    """`source` with each of the `missing` characters replaced in its text, not in its tags.

    An image's address may hold the character too, and must still find the image.
    """
    marks = dict.fromkeys(map(ord, missing), MISSING_CHARACTER_MARK)
    return _TEXT_BETWEEN_TAGS.sub(lambda text: text[0].translate(marks), source)


def with_inked_characters(source: str, fonts: dict[str, list[str]]) -> str:
    """`source` with every character of its body set in a face that draws it.

    Where the face a role's stack gives a character has no outline for it
    (issues.pdf.characters), the character is wrapped in a span whose class
    sets it, in that role's elements, in the families that draw it; where
    no installed face does, it becomes MISSING_CHARACTER_MARK. Only text
    between the body's tags changes, never a tag or an attribute; a source
    whose characters all print is returned as it is, after a set lookup
    per distinct character and role.
    """
    head, body_tag, body = source.partition("<body")
    stacks = [
        (role, tuple(with_compact_families(stack, built_fonts())), FONT_WEIGHTS.get(role, 400))
        for role, stack in fonts.items()
        if role != "page_number"  # page numbers are digits and dashes
    ]
    replacements, rules = {}, []
    for character in sorted({character for character in body if character > "\x7f"}):
        fallbacks = [
            (role, stack, fallback_families(tuple(fonts[role]), weight, character))
            for role, stack, weight in stacks
        ]
        if all(families is None for _role, _stack, families in fallbacks):
            continue
        if all(families == NO_FACE for _role, _stack, families in fallbacks):
            replacements[ord(character)] = MISSING_CHARACTER_MARK
            continue
        name = f"{INK_CLASS}{ord(character):x}"
        replacements[ord(character)] = f'<span class="{name}">{character}</span>'
        # A rule for every role, in the stylesheet's order: the span must not
        # take a lower role's fallback (html's) inside a role that draws it.
        rules.extend(
            _ink_rule(role, name, families or stack) for role, stack, families in fallbacks
        )
    if not replacements:
        return source
    if any(mark == MISSING_CHARACTER_MARK for mark in replacements.values()):
        logger.warning(
            "No installed font has %s: printed as %s",
            " ".join(
                f"U+{code:04X}"
                for code, mark in replacements.items()
                if mark == MISSING_CHARACTER_MARK
            ),
            MISSING_CHARACTER_MARK,
        )
    body = _TEXT_BETWEEN_TAGS.sub(lambda text: text[0].translate(replacements), body)
    style = f"<style>{chr(10).join(rules)}</style>\n" if rules else ""
    return head.replace("</head>", style + "</head>", 1) + body_tag + body


def _ink_rule(role: str, class_name: str, families) -> str:
    selectors = ", ".join(
        f"{selector.strip()} .{class_name}" for selector in FONT_SELECTORS[role].split(",")
    )
    return f"{selectors} {{ font-family: {', '.join(map(_css_string, families))}; }}"


def _write_pdf_once(source: str, options: dict, metadata=None) -> bytes:
    """Its own function so that the laid-out document is freed on return,
    before the garbage collector runs again (cyclic_collection_paused).
    """
    html = HTML(string=source, base_url=f"{INTERNAL_ORIGIN}/", url_fetcher=BulletinURLFetcher())
    document = html.render(stylesheets=_stylesheets(), font_config=_font_config(), **options)
    if metadata:
        document.metadata = metadata(document.metadata)
    return document.write_pdf(finisher=finish_pdf, **options)


class _MissingCharacters(logging.Handler):
    """Collects the characters WeasyPrint drew as .notdef in this thread (its warning's U+ code)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.characters: set[str] = set()

    def emit(self, record):
        if record.thread == self.thread and str(record.msg).startswith(".notdef glyph"):
            self.characters.update(
                chr(value) for value in record.args or () if isinstance(value, int)
            )


@contextmanager
def _missing_characters_recorded():
    handler = _MissingCharacters()
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(handler)
    try:
        yield handler.characters
    finally:
        weasyprint_logger.removeHandler(handler)


@contextmanager
def cyclic_collection_paused():
    """No cyclic garbage collection while WeasyPrint makes a PDF.

    A render creates hundreds of thousands of short-lived objects, which set
    off a collection every 700 allocations: about a fifteenth of a render.
    Reference counting still frees nearly all of them; the few cycles wait
    for the next collection after the render.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Every font role of the layout (masthead, headline, h2, h3, body, page
# numbers), for warm_up().
_WARM_UP_CONTEXT = {
    "title": "warm-up",
    "created": "2020-01-01T00:00:00+08:00",
    "marks": ["内部资料"],
    "title_lines": ["简报"],
    "title_size": TITLE_MAX_PT,
    "issue_line": "第1期",
    "compiler_line": "编",
    "date": "2020年1月1日",
    "articles": [
        {
            "headline_lines": ["标题"],
            "subheadline": "副标题",
            "source": "来源",
            "body": mark_safe("<h2>一、</h2><h3>（一）</h3><p>正文1 A</p><ol><li>项</li></ol>"),
        }
    ],
    "distribution_rows": [("报：", ["单位"])],
    "imprint_left": "办公室",
    "imprint_right": "印发",
    "imprint_right_room": imprint_room("印发"),
}


def warm_up() -> None:
    """Render a small official PDF once: fonts, stylesheets and WeasyPrint's caches load.

    Called as a worker starts (deploy/gunicorn.conf.py), so that no user's
    request pays for the first render (about 1.5 s more than the next ones).
    """
    _write_pdf(render_to_string("issues/pdf/issue.html", _WARM_UP_CONTEXT), OFFICIAL_PDF_OPTIONS)


def pdf_filename(issue) -> str:
    """上海市快递行业精神文明创建工作简报-2020年第26期.pdf, or …-草稿.pdf for a draft."""
    title = "".join(issue.series.title_lines).replace("/", "-").replace("\\", "-")
    if issue.is_numbered:
        return f"{title}-{issue.year}年第{issue.number}期.pdf"
    return f"{title}-{DRAFT_MARK}.pdf"


def pdf_response(pdf: bytes, filename: str, *, inline: bool) -> FileResponse:
    """The PDF as a download or for the browser's viewer.

    FileResponse writes Content-Disposition with an RFC 5987 filename*= for
    non-ASCII names (django.utils.http.content_disposition_header).
    """
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=not inline,
        filename=filename,
        content_type="application/pdf",
    )
