"""An article body as the PDF prints it: the stored, sanitised HTML, prepared for paper.

- A table's leading rows of header cells become its <thead>, which WeasyPrint
  repeats at the top of every page the table runs onto; a table with none
  (Word marks a header row only when asked to repeat it) is headed by its
  first row when that row labels each column and a column below it holds
  figures; numeric columns are marked to be right-aligned, and the table
  gets the largest size from 16 pt down to 14 pt at which its columns fit the
  text block (smaller it does not get: cells wrap instead).
- A cell holding a long unbroken Latin string may break it anywhere, so
  that the table never runs past the text block.
- Images point at their print copies (issues.images): at most 300 ppi at the
  size they print, recompressed.

screen_body() does the first two steps (header, figures) for the portal's pages.
"""

import re

import lxml.html

from issues.headlines import width_in_characters
from issues.images import print_copy_url

TEXT_BLOCK_WIDTH_PT = 156 / 25.4 * 72
TABLE_SIZES_PT = (16, 15, 14)
# Cell padding and rules per column, in points (bulletin.css: 3 pt each side).
CELL_FRAME_PT = 7
SHORT_CELL_CHARACTERS = 4
# Latin strings wider than this many Chinese characters (20 letters) may break anywhere.
LONG_WORD_CHARACTERS = 10
LATIN_RUN = re.compile(r"[^\s\u2e80-\uffff]+")
# A figure as statistics tables write it: 12,345 · −3.5% · ¥1.2万元 · 3.2倍 ·
# 1:13.1 (a ratio) · 120人次 · 2.5个百分点.
_AMOUNT = r"\d[\d,，.]*"
_UNIT = (
    r"%|％|‰|个百分点|[万亿]"
    r"|[万亿千百]?(?:元|件|个|人|家|吨|辆|次|倍|份|户|人次|件次|公里|平方米)"
)
NUMBER = re.compile(rf"^[-+−]?[¥￥$€]?{_AMOUNT}(?:\s*[:：∶]\s*{_AMOUNT})?\s*(?:{_UNIT})?$")
# What a table puts in a cell that has no figure: it does not make a column text.
NO_FIGURE = {"-", "－", "—", "——", "/", "／", "…", "×"}


def print_body(html: str) -> str:
    if not html or ("<table" not in html and "<img" not in html):
        return html
    return _rewritten(html, _prepare_table, print_images=True)


def screen_body(html: str) -> str:
    """A sanitised body for the web pages: tables headed and figures right-aligned, as in print."""
    if not html or "<table" not in html:
        return html
    return _rewritten(html, _head_and_mark_figures, print_images=False)


def _rewritten(html: str, prepare_table, *, print_images: bool) -> str:
    fragments = lxml.html.fragments_fromstring(html)
    for fragment in fragments:
        if isinstance(fragment, str):
            continue
        for table in fragment.iter("table"):
            prepare_table(table)
        if print_images:
            for image in fragment.iter("img"):
                image.set("src", print_copy_url(image.get("src", "")))
    return "".join(
        fragment if isinstance(fragment, str) else lxml.html.tostring(fragment, encoding="unicode")
        for fragment in fragments
    )


def _rows(table) -> list:
    return [row for row in table.iter("tr") if _owning_table(row) is table]


def _owning_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(row) -> list:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _prepare_table(table) -> None:
    rows, header_count, body_rows = _head_and_mark_figures(table)
    size = _fitting_size([[_cell_text(cell) for cell in _cells(row)] for row in rows])
    table.set("style", f"font-size: {size}pt")
    _keep_short_cells_whole(rows[header_count:], body_rows, size)
    _let_long_words_break(rows)


def _head_and_mark_figures(table) -> tuple[list, int, list[list[str]]]:
    """Header rows into the <thead>, numeric cells marked; (rows, header count, body texts)."""
    rows = _rows(table)
    header_count = 0
    for row in rows:
        cells = _cells(row)
        if cells and all(cell.tag == "th" for cell in cells):
            header_count += 1
        else:
            break
    if header_count == 0 and _is_label_row(rows):
        for cell in _cells(rows[0]):
            cell.tag = "th"
        header_count = 1
    if header_count and header_count < len(rows):
        _move_into_head(table, rows[:header_count])
    body_rows = [[_cell_text(cell) for cell in _cells(row)] for row in rows[header_count:]]
    _mark_numeric_columns(rows[header_count:], body_rows)
    return rows, header_count, body_rows


def _move_into_head(table, header_rows) -> None:
    """The header rows into the table's own <thead>, made before its body if it has none.

    A <thead> where the first row was (inside the <tbody>, or inside a <thead>
    already) would be markup that only a forgiving parser puts right.
    """
    head = table.find("thead")
    if head is None:
        head = lxml.html.Element("thead")
        body = next((child for child in table if child.tag in ("tbody", "tr", "tfoot")), None)
        if body is None:
            table.append(head)
        else:
            body.addprevious(head)
    for row in header_rows:
        if row.getparent() is not head:
            head.append(row)


def _is_label_row(rows) -> bool:
    """Whether the first row names each column, one text cell a column, over a column of figures."""
    if len(rows) < 2:
        return False
    first = _cells(rows[0])
    body = [[_cell_text(cell) for cell in _cells(row)] for row in rows[1:]]
    if any(cell.get("colspan") or cell.get("rowspan") for cell in first):
        return False
    labels = [_cell_text(cell) for cell in first]
    if len(labels) != max(len(row) for row in body) or not all(
        label and not NUMBER.match(label) for label in labels
    ):
        return False
    return any(
        _holds_figures([row[column] for row in body if column < len(row)])
        for column in range(len(labels))
    )


def _holds_figures(values: list[str]) -> bool:
    """Whether a column's cells are figures, with at least one, apart from blanks and dashes."""
    figures = [value for value in values if value and value not in NO_FIGURE]
    return bool(figures) and all(NUMBER.match(value) for value in figures)


def _cell_text(cell) -> str:
    return " ".join(cell.text_content().split())


def _mark_numeric_columns(rows, texts) -> None:
    # Columns are counted by position; a table with merged cells keeps its alignment.
    if any(cell.get("colspan") or cell.get("rowspan") for row in rows for cell in _cells(row)):
        return
    column_count = max((len(row) for row in texts), default=0)
    for column in range(column_count):
        if _holds_figures([row[column] for row in texts if column < len(row)]):
            for row in rows:
                cells = _cells(row)
                if column < len(cells):
                    cells[column].set("class", "numeric")


def _keep_short_cells_whole(rows, texts, size: int) -> None:
    """In a table too wide to fit, short cells (a district, a figure) stay on one line.

    The columns' longer texts and the header cells wrap instead, as long as
    the short columns leave them half the block.
    """
    column_count = max((len(row) for row in texts), default=0)
    widest = [
        max((width_in_characters(row[column]) for row in texts if column < len(row)), default=0)
        for column in range(column_count)
    ]
    # Numbers never break inside anyway; the short text columns are the ones to keep whole.
    short = [
        column
        for column, width in enumerate(widest)
        if 0 < width <= SHORT_CELL_CHARACTERS
        and not all(NUMBER.match(row[column]) for row in texts if column < len(row) and row[column])
    ]
    if sum(widest[column] * size + CELL_FRAME_PT for column in short) > TEXT_BLOCK_WIDTH_PT / 2:
        return
    for row in rows:
        cells = _cells(row)
        for column in short:
            if column < len(cells) and not cells[column].get("colspan"):
                classes = (cells[column].get("class", "") + " short").strip()
                cells[column].set("class", classes)


def _let_long_words_break(rows) -> None:
    """A cell holding a long unbroken string (a tracking number, a web address) may break it.

    Other cells keep their numbers and words whole, which is why this is not
    the table's default.
    """
    for row in rows:
        for cell in _cells(row):
            if any(
                width_in_characters(run) > LONG_WORD_CHARACTERS
                for run in LATIN_RUN.findall(_cell_text(cell))
            ):
                cell.set("class", (cell.get("class", "") + " long-word").strip())


def _fitting_size(texts: list[list[str]]) -> int:
    """The largest of TABLE_SIZES_PT at which every column fits its longest cell."""
    column_count = max((len(row) for row in texts), default=0)
    if not column_count:
        return TABLE_SIZES_PT[0]
    widest = [
        max((width_in_characters(row[column]) for row in texts if column < len(row)), default=0)
        for column in range(column_count)
    ]
    for size in TABLE_SIZES_PT:
        if sum(widest) * size + column_count * CELL_FRAME_PT <= TEXT_BLOCK_WIDTH_PT:
            return size
    return TABLE_SIZES_PT[-1]
