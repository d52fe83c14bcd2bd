"""Real office content survives the whole pipeline: editor HTML, Word import, portal, PDF.

The corpus is tests/content_corpus.py. Each case is checked in the stored
HTML, on the portal's issue page and in the PDF itself (pdfplumber).
"""

import io
import itertools
import re

import docx
import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.html import strip_tags
from PIL import Image

from issues import services
from issues.headlines import width_in_characters, words
from issues.importing.docx import WordFile, WordImportError, append_word_articles
from issues.models import Article
from issues.pdf.render import masthead_title_size, render_issue_pdf
from organisations.models import Organisation, Recipient, Role
from tests import content_corpus as corpus
from tests.portal_fixtures import issue_path, make_published_issue
from tests.seed_text import without_whitespace

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# The text block of either page side (28/26 mm margins), the top and bottom margins.
BLOCK_LEFT, BLOCK_RIGHT = 26 * MM, 184 * MM
BLOCK_TOP, BLOCK_BOTTOM = 37 * MM, 262 * MM
TOLERANCE = 1 * MM


def _case(name, settings=None):
    if name == "photo":
        stored = default_storage.save(
            "issues/images/2020/11/photo.jpg", ContentFile(corpus.photo_jpeg())
        )
        return corpus.photo_case("/media/" + stored)
    return corpus.CASES[name]


def _input_text(case) -> str:
    return without_whitespace(case.headline + strip_tags(case.body) + case.source)


def _pdf(issue) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(render_issue_pdf(issue)))


def _printed_chars(document):
    """Every glyph but the draft watermark and the page numbers."""
    for page in document.pages:
        for char in page.chars:
            if char["size"] < 60 and char["top"] < BLOCK_BOTTOM + 3 * MM:
                yield char


def _without_watermark(page):
    return page.filter(lambda obj: obj.get("size", 0) < 60)


def _text(page) -> str:
    return _without_watermark(page).extract_text()


def _lines(document) -> list[str]:
    return [
        line["text"]
        for page in document.pages
        for line in _without_watermark(page).extract_text_lines()
    ]


ALL_CASES = [*corpus.CASES, "photo"]


@pytest.mark.parametrize("name", ALL_CASES)
def test_the_stored_html_keeps_every_character(name):
    case = _case(name)
    issue = corpus.make_case_issue(case)
    stored = issue.articles.get().body
    assert without_whitespace(strip_tags(stored)) == without_whitespace(strip_tags(case.body))


@pytest.mark.parametrize("name", ALL_CASES)
def test_the_portal_page_shows_every_character(name, client, public_series):
    case = _case(name)
    issue = make_published_issue(public_series, articles=((case.headline, case.body, ()),))
    page = client.get(issue_path(issue)).content.decode()
    assert without_whitespace(strip_tags(case.body)) in without_whitespace(strip_tags(page))
    assert page.count("<tr>") == case.body.count("<tr>")


@pytest.mark.parametrize("name", ALL_CASES)
def test_the_pdf_prints_every_character_within_the_text_block(name):
    case = _case(name)
    with _pdf(corpus.make_case_issue(case)) as document:
        chars = list(_printed_chars(document))
    printed = "".join(char["text"] for char in chars)
    for character in set(_input_text(case)):
        assert printed.count(character) >= _input_text(case).count(character), character
    outside = [
        char["text"]
        for char in chars
        if char["x0"] < BLOCK_LEFT - TOLERANCE
        or char["x1"] > BLOCK_RIGHT + TOLERANCE
        or char["top"] < BLOCK_TOP - TOLERANCE
        or char["bottom"] > BLOCK_BOTTOM + TOLERANCE
    ]
    assert outside == []


def test_table_rows_print_as_rows_numbers_right_aligned_header_repeated():
    with _pdf(corpus.make_case_issue(corpus.CASES["table"])) as document:
        lines = _lines(document)
        header_pages = sum(
            1
            for page in document.pages
            if any(line["text"].startswith("企业 业务量") for line in page.extract_text_lines())
        )
        numbers = [c for c in document.pages[0].chars if c["text"] == "%" and c["size"] < 20]
        header_fonts = {
            char["fontname"]
            for line in document.pages[0].extract_text_lines()
            if line["text"].startswith("企业 业务量")
            for char in line["chars"]
        }
    # The header row is set in 黑体 (docs/layout.md), the cells in the body face.
    assert header_fonts and all("Sans-CJK" in font for font in header_fonts)
    for row in corpus.STATISTICS_ROWS:
        assert " ".join(row) in lines
    # The long table runs over three pages; its header row heads each of them.
    assert header_pages >= 3
    # Right-aligned: the % signs of a numeric column end at the same x.
    ends = {round(char["x1"]) for char in numbers}
    assert len(ends) <= 4  # two numeric columns of % per table, at most two tables


def test_a_list_marker_is_on_its_items_line():
    with _pdf(corpus.make_case_issue(corpus.CASES["lists"])) as document:
        lines = [line.replace(" ", "") for line in _lines(document)]
    for number, item in enumerate(corpus.LIST_ITEMS, start=1):
        assert any(line.startswith("・" + item[:6]) for line in lines)
        assert any(line.startswith(f"{number}." + item[:6]) for line in lines)


def test_headings_print_at_their_levels():
    with _pdf(corpus.make_case_issue(corpus.CASES["headings"])) as document:
        fonts = {}
        for char in document.pages[0].chars:  # the first use of each: the heading's
            fonts.setdefault(char["text"], char["fontname"])
    assert "Sans-CJK" in fonts["总"] and "UKai" in fonts["稳"] and "Bold" in fonts["递"]


def test_a_headline_without_spaces_breaks_between_words_into_balanced_lines():
    case = corpus.CASES["headline"]
    with _pdf(corpus.make_case_issue(case)) as document:
        lines = [
            line["text"]
            for line in document.pages[0].extract_text_lines()
            if round(line["chars"][0]["size"]) == 22
        ]
    assert "".join(lines) == case.headline
    assert len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) <= 3
    boundaries, position = set(), 0
    for word in words(case.headline):
        position += len(word)
        boundaries.add(position)
    assert len(lines[0]) in boundaries


def test_an_explicit_space_in_a_headline_still_wins():
    case = corpus.Case("space", "上海邮政 全力做好第三届进口博览会服务保障", "<p>正文。</p>")
    with _pdf(corpus.make_case_issue(case)) as document:
        lines = [
            line["text"]
            for line in document.pages[0].extract_text_lines()
            if round(line["chars"][0]["size"]) == 22
        ]
    assert lines[0] == "上海邮政"


def test_all_hundred_recipients_print_on_the_last_page():
    case = corpus.CASES["recipients"]
    issue = corpus.make_case_issue(case)
    assert services.submission_problems(issue) == []
    with _pdf(issue) as document:
        last_page = without_whitespace(_text(document.pages[-1]))
    assert "报：" in last_page and "送：" in last_page
    for name in corpus.RECIPIENT_NAMES:
        assert name in last_page


def test_a_list_too_long_for_a_page_is_refused_at_submission_saying_how_many_fit():
    case = corpus.CASES["recipients"]
    issue = corpus.make_case_issue(case)
    Recipient.objects.bulk_create(
        Recipient(
            distribution_list=issue.distribution_list,
            role=Role.SEND,
            free_text=f"{name}第{number}联络点",
            position=1000 + number,
        )
        for number, name in enumerate(corpus.RECIPIENT_NAMES * 2)
    )
    problems = services.submission_problems(issue)
    assert len(problems) == 1
    assert "300" in problems[0]
    fitting = int(re.search(r"(\d+)", problems[0].replace("300", "", 1))[1])
    assert 100 <= fitting < 300
    # The draft still prints every name, flowing over pages.
    with _pdf(issue) as document:
        text = without_whitespace("".join(_text(page) for page in document.pages))
    assert "联络点" in text and text.count("联络点") == 200


def test_the_photo_prints_from_a_300_ppi_copy_and_the_pdf_stays_small():
    case = _case("photo")
    pdf = render_issue_pdf(corpus.make_case_issue(case))
    assert len(pdf) <= 1.5 * 1024 * 1024
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        images = [image for page in document.pages for image in page.images]
    assert len(images) == 1
    width_px, _height_px = images[0]["srcsize"]
    printed_inches = (images[0]["x1"] - images[0]["x0"]) / 72
    assert width_px / printed_inches <= 301
    # The upload itself is kept as it came.
    stored = re.search(r'src="/media/([^"]+)"', case.body)[1]
    with default_storage.open(stored) as original:
        assert Image.open(original).size == (4000, 3000)


def test_the_masthead_title_stays_36_to_48_pt_with_marks():
    for lines in (["上海市快递行业", "精神文明创建工作简报"], ["精神文明创建工作简报"]):
        for has_marks in (True, False):
            assert 36 <= masthead_title_size(lines, has_marks=has_marks) <= 48


# --- Word -----------------------------------------------------------------------------------


def _word(build, name="report.docx") -> WordFile:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return WordFile(name, buffer.getvalue())


def _report(document):
    document.add_paragraph("十月全市快递业务量统计", style="Title")
    document.add_paragraph("一、总体情况", style="List Number")
    document.add_paragraph("全市快递业务量稳步增长。")
    bold = document.add_paragraph()
    bold.add_run("（一）业务量稳步增长").bold = True
    document.add_heading("二、下一步工作", level=1)
    document.add_paragraph("1. 加强末端网点安全检查", style="List Number")
    document.add_paragraph("2. 开展文明服务示范岗创建活动", style="List Number")
    document.add_paragraph("条目甲", style="List Bullet")
    table = document.add_table(rows=1 + len(corpus.STATISTICS_ROWS), cols=4)
    for column, text in enumerate(corpus.STATISTICS_HEADER):
        table.cell(0, column).paragraphs[0].add_run(text).bold = True
    for row, values in enumerate(corpus.STATISTICS_ROWS, start=1):
        for column, text in enumerate(values):
            table.cell(row, column).text = text
    document.add_paragraph(f"运单号{corpus.LATIN_STRING}。")
    document.add_paragraph("（上海市邮政管理局供稿）")


def test_a_word_report_keeps_its_structure(make_issue):
    Organisation.objects.create(name="上海市邮政管理局")
    issue = make_issue(articles=0)
    append_word_articles(issue, [_word(_report)])
    article = Article.objects.get(issue=issue)
    body = article.body
    assert "<h2>一、总体情况</h2>" in body
    assert "<h3>（一）业务量稳步增长</h3>" in body
    assert "<h2>二、下一步工作</h2>" in body
    # Typed numbers and Word's numbering: printed once, as typed.
    assert "<p>1. 加强末端网点安全检查</p>" in body and "<ol>" not in body
    assert "<ul><li>条目甲</li></ul>" in body
    assert body.count("<tr>") == 1 + len(corpus.STATISTICS_ROWS)
    assert "<th><p>企业</p></th>" in body
    assert "供稿" not in body
    assert article.source == "上海市邮政管理局"
    assert [org.name for org in article.organisations.all()] == ["上海市邮政管理局"]
    with _pdf(issue) as document:
        lines = _lines(document)
        printed = without_whitespace("".join(lines))
    assert " ".join(corpus.STATISTICS_ROWS[0]) in lines
    assert corpus.LATIN_STRING in printed
    assert "1.1." not in printed


def test_an_image_that_cannot_be_read_is_refused_naming_it(make_issue, settings):
    settings.BULLETIN_IMAGE_MAX_PIXELS = 1000

    def build(document):
        document.add_paragraph("标题")
        image = io.BytesIO()
        Image.new("RGB", (40, 30), "red").save(image, "PNG")
        image.seek(0)
        document.add_picture(image)

    issue = make_issue(articles=0)
    with pytest.raises(WordImportError, match=r"report\.docx") as refusal:
        append_word_articles(issue, [_word(build)])
    assert "40 × 30" in str(refusal.value)
    assert not Article.objects.filter(issue=issue).exists()


# --- The body as printed ----------------------------------------------------------------------


def test_print_body_heads_tables_marks_numbers_and_sizes_them():
    from issues.pdf.print_body import print_body

    printed = print_body(corpus.statistics_table())
    assert printed.startswith("<table") and "<thead><tr><th>" in printed
    assert printed.count('<td class="numeric">') == 3 * len(corpus.STATISTICS_ROWS)
    assert 'style="font-size: 16pt"' in printed
    wide = print_body(corpus._table(corpus.WIDE_HEADER, corpus.WIDE_ROWS))
    assert 'style="font-size: 14pt"' in wide
    # The district names stay whole; the long headers wrap instead.
    assert wide.count('<td class="short">') == len(corpus.WIDE_ROWS)


def test_print_body_heads_a_table_whose_first_row_labels_columns_of_figures():
    from issues.pdf.print_body import print_body

    # As the Word import gives a table whose header row Word does not repeat.
    printed = print_body(
        "<table><tbody>"
        "<tr><td><p>街镇</p></td><td><p>检查网点（个）</p></td><td><p>整改率</p></td></tr>"
        "<tr><td><p>嘉定镇街道</p></td><td><p>12</p></td><td><p>91.7%</p></td></tr>"
        "<tr><td><p>南翔镇</p></td><td><p>8</p></td><td><p>100%</p></td></tr>"
        "</tbody></table>"
    )
    assert '<table style="font-size: 16pt"><thead><tr><th><p>街镇</p></th><th>' in printed
    assert "</thead><tbody><tr>" in printed
    assert printed.count('<td class="numeric">') == 4
    # Rows of text only, or a first row that is itself a figure, are not headers.
    words = print_body(
        "<table><tbody><tr><td><p>甲</p></td><td><p>乙</p></td></tr>"
        "<tr><td><p>丙</p></td><td><p>丁</p></td></tr></tbody></table>"
    )
    assert "<thead>" not in words and "<th>" not in words
    figures = print_body(
        "<table><tbody><tr><td><p>区</p></td><td><p>1</p></td></tr>"
        "<tr><td><p>县</p></td><td><p>2</p></td></tr></tbody></table>"
    )
    assert "<thead>" not in figures


def test_print_body_right_aligns_figures_as_statistics_tables_write_them():
    from issues.pdf.print_body import print_body

    rows = [
        ("区", "业务收入", "同比", "人均件数", "投诉率"),
        ("浦东新区", "¥12.5万元", "+2.5个百分点", "1:13.1", "—"),
        ("徐汇区", "8,300元", "−0.4个百分点", "1∶9.8", "0.2‰"),
        ("长宁区", "—", "/", "1:7", "0.1‰"),
    ]
    printed = print_body(
        "<table><tbody>"
        + "".join(
            "<tr>" + "".join(f"<td><p>{cell}</p></td>" for cell in row) + "</tr>" for row in rows
        )
        + "</tbody></table>"
    )
    # A dash or slash where there is no figure leaves its column numeric.
    assert printed.count('class="numeric') == 4 * 3  # not the districts
    # The header row in the table's own <thead>, before the <tbody>.
    assert printed.startswith('<table style="font-size: 16pt"><thead><tr><th><p>区</p></th>')
    assert "</thead><tbody><tr><td" in printed


def test_print_body_leaves_merged_tables_and_plain_text_alone():
    from issues.pdf.print_body import print_body

    plain = "<p>正文</p><ul><li><p>一</p></li></ul>"
    assert print_body(plain) == plain
    merged = print_body(
        '<table><tbody><tr><td colspan="2"><p>合计</p></td></tr>'
        "<tr><td><p>1</p></td><td><p>2</p></td></tr></tbody></table>"
    )
    assert "numeric" not in merged and "<thead>" not in merged


# --- Headlines and typed structure -------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "上海市快递行业全力以赴做好第三届中国国际进口博览会服务保障工作",
        "关于做好2020年“双十一”期间快递业务高峰（含进口博览会）服务保障工作的通知要求",
        "中通快递上海分公司召开迎接进口博览会动员大会暨安全生产工作部署会议并签订责任书",
    ],
)
def test_headline_lines_break_between_words_and_are_balanced(headline):
    from issues.pdf.render import HEADLINE_CHARACTERS, headline_lines

    lines = headline_lines(headline)
    assert "".join(lines) == headline
    assert len(lines) >= 2
    assert all(not line.startswith(tuple("，。、；：？！”）》")) for line in lines)
    widths = [width_in_characters(line) for line in lines]
    assert max(widths) <= HEADLINE_CHARACTERS + 0.5
    assert max(widths) - min(widths) <= 6
    joined = [len("".join(lines[: index + 1])) for index in range(len(lines) - 1)]
    boundaries = set(itertools.accumulate(len(word) for word in words(headline)))
    assert set(joined) <= boundaries


def test_only_short_numbered_lines_become_headings():
    from issues.importing.word_structure import structure

    body = structure(
        "<p>一、总体情况</p>"
        "<p>一、今年以来，全市快递业务量稳步增长，服务质量持续提升，行业发展态势良好，各项工作有序推进。</p>"
        "<p>1. 没有加粗的一行</p><p><strong>（1）加粗的四级标题</strong></p>"
        "<p>——上海市邮政管理局</p>"
    )
    assert body.body.startswith("<h2>一、总体情况</h2><p>一、今年以来")
    assert "<p>1. 没有加粗的一行</p>" in body.body
    assert "<h5>（1）加粗的四级标题</h5>" in body.body
    assert body.source == "上海市邮政管理局" and "——" not in body.body


def _numbered_heading(document, text, level):
    """A Word heading numbered by Word's list numbering, as many templates number them."""
    heading = document.add_heading(text, level=level)
    numbering = heading._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0  # python-docx's template numbers one level
    numbering.get_or_add_numId().val = document.styles["List Number"].element.pPr.numPr.numId.val
    return heading


def test_headings_numbered_by_word_print_their_number_once(make_issue):
    def build(document):
        document.add_paragraph("全市快递行业运行情况", style="Title")
        _numbered_heading(document, "总体情况", 1)
        _numbered_heading(document, "业务量", 2)
        _numbered_heading(document, "服务质量", 2)
        _numbered_heading(document, "二、主要做法", 1)  # typed as well: kept once
        _numbered_heading(document, "加强领导", 2)
        document.add_paragraph("正文。")

    issue = make_issue(articles=0)
    append_word_articles(issue, [_word(build)])
    assert Article.objects.get(issue=issue).body == (
        "<h2>一、总体情况</h2><h3>（一）业务量</h3><h3>（二）服务质量</h3>"
        "<h2>二、主要做法</h2><h3>（一）加强领导</h3><p>正文。</p>"
    )


def test_the_portal_headline_breaks_only_between_words(client, public_series):
    case = corpus.CASES["headline"]
    issue = make_published_issue(public_series, articles=((case.headline, case.body, ()),))
    page = client.get(issue_path(issue)).content.decode()
    assert "<wbr>".join(words(case.headline)) in page


def test_a_typed_numbered_list_keeps_its_sub_list_and_an_end_mark_is_no_source():
    from issues.importing.word_structure import structure

    structured = structure(
        "<p>正文</p><ol><li>1. 甲<ol><li>子项</li></ol></li><li>2. 乙</li></ol><p>—完—</p>"
    )
    assert structured.body == (
        "<p>正文</p><p>1. 甲</p><ol><li>子项</li></ol><p>2. 乙</p><p>—完—</p>"
    )
    assert structured.source == ""


def test_an_uploaded_image_is_refused_by_name_when_unreadable_or_too_large(settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from issues.images import validate_article_image

    with pytest.raises(ValidationError, match=r"扫描件\.png"):
        validate_article_image(SimpleUploadedFile("扫描件.png", b"not an image"))
    settings.BULLETIN_IMAGE_MAX_PIXELS = 10_000
    photo = SimpleUploadedFile("现场.jpg", corpus.photo_jpeg(400, 300))
    with pytest.raises(ValidationError, match="400 × 300"):
        validate_article_image(photo)
    settings.BULLETIN_IMAGE_MAX_PIXELS = 50_000_000
    validate_article_image(photo)  # within the limit: accepted


def test_with_marks_the_masthead_title_prints_at_36_pt_above_the_issue_line():
    issue = corpus.make_case_issue(corpus.CASES["source"])
    issue.series.marks = "内部资料 注意保存"
    issue.series.save()
    with _pdf(issue) as document:
        page = _without_watermark(document.pages[0])
        title = [char for char in page.chars if char["size"] > 30]
        issue_line = [line for line in page.extract_text_lines() if "期（总第" in line["text"]]
        text = page.extract_text()
    assert "内部资料" in text and "注意保存" in text
    assert 36 <= min(char["size"] for char in title) <= 48
    assert max(char["bottom"] for char in title) < issue_line[0]["top"]
