"""The official A4 PDF, checked from the PDF itself against docs/layout.md."""

import http.server
import io
import itertools
import re
import shutil
import subprocess
import threading
from urllib.parse import quote

import pdfplumber
import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.checks import Warning
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from weasyprint import HTML

from issues.models import Article
from issues.pdf import checks
from issues.pdf.fetcher import INTERNAL_ORIGIN, BulletinURLFetcher, RefusedURL
from issues.pdf.render import (
    compiler_line_size,
    pdf_filename,
    pdf_response,
    render_issue_pdf,
)
from tests import pdf_fixtures

# Every test may touch the database: the module-wide renders below need it set up.
pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
LINE_PITCH = 225 * MM / 22
BODY_SIZE = 16
TOLERANCE = 1 * MM
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")

needs_pdffonts = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


# --- Rendering once per module --------------------------------------------


def _render_and_roll_back(django_db_blocker, make_issue, **render_options) -> bytes:
    """Renders an issue built inside a transaction that is then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        pdf = render_issue_pdf(make_issue(), **render_options)
        transaction.set_rollback(True)
    return pdf


@pytest.fixture(scope="module")
def issue_pdf(django_db_setup, django_db_blocker) -> bytes:
    return _render_and_roll_back(django_db_blocker, pdf_fixtures.make_issue_2020)


@pytest.fixture(scope="module")
def draft_pdf(django_db_setup, django_db_blocker) -> bytes:
    return _render_and_roll_back(django_db_blocker, pdf_fixtures.make_issue_2019_draft)


@pytest.fixture(scope="module")
def pages(issue_pdf):
    with pdfplumber.open(io.BytesIO(issue_pdf)) as pdf:
        yield pdf.pages


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() for page in document.pages]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def full_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext extracts it, or pypdf where poppler is missing."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


# --- Geometry --------------------------------------------------------------


def body_chars(page):
    """Characters of body size (16 pt), leaving out headlines, page numbers and the 版记."""
    return [char for char in page.chars if abs(char["size"] - BODY_SIZE) < 0.1]


def baseline(page, char) -> float:
    """The baseline of `char` in points from the top of the paper."""
    return page.height - char["matrix"][5]


def line_top(page, char) -> float:
    """Top of the line box holding `char`, in points from the top of the paper.

    A CJK ideograph's em box runs from 0.88 em above to 0.12 em below the
    baseline, and the half-leading centres it in the line box.
    """
    return baseline(page, char) - 0.38 * char["size"] - LINE_PITCH / 2


def rules(page, colour=None):
    """Full-width horizontal rules (borders are drawn as filled rectangles)."""
    return [
        rect
        for rect in page.rects
        if abs((rect["x1"] - rect["x0"]) - 156 * MM) < TOLERANCE
        and (colour is None or tuple(rect["non_stroking_color"] or ()) == colour)
    ]


def test_every_page_is_a4(pages):
    for page in pages:
        assert page.width == pytest.approx(A4[0], abs=1)
        assert page.height == pytest.approx(A4[1], abs=1)


def text_block_left(page_number: int) -> float:
    """Odd (right-hand) pages are bound on the left: 28 mm inside, 26 mm outside."""
    return (28 if page_number % 2 else 26) * MM


def test_text_block_sits_on_the_binding_side_margins(pages):
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        chars = body_chars(page)
        left = min(char["x0"] for char in chars)
        expected_left = text_block_left(number)
        assert left == pytest.approx(expected_left, abs=TOLERANCE), number
        right = max(char["x1"] for char in chars)
        assert right <= expected_left + 156 * MM + TOLERANCE, number


def pages_of_body_text(pages):
    """Pages after the first made of body lines only, without a headline."""
    return [page for page in pages[1:] if all(char["size"] <= BODY_SIZE for char in page.chars)]


def test_text_block_starts_37_mm_from_the_top(pages):
    tops = [min(page.chars, key=lambda char: char["top"]) for page in pages[1:]]
    first_lines = [
        (page, char)
        for page, char in zip(pages[1:], tops, strict=True)
        if abs(char["size"] - BODY_SIZE) < 0.1
    ]
    assert len(first_lines) >= 3  # pages that begin with a body line
    for page, char in first_lines:
        assert line_top(page, char) == pytest.approx(37 * MM, abs=TOLERANCE)


def test_body_lines_follow_the_22_line_grid(pages):
    for page in pages_of_body_text(pages):
        baselines = sorted({round(baseline(page, char), 1) for char in body_chars(page)})
        assert len(baselines) >= 20  # 22, less widow control
        pitches = [below - above for above, below in itertools.pairwise(baselines)]
        assert pitches == pytest.approx([LINE_PITCH] * len(pitches), abs=0.2)


def test_page_numbers_on_the_outer_side_of_every_page(pages):
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.extract_text_lines() if PAGE_NUMBER.fullmatch(line["text"])]
        assert len(lines) == 1, number
        (line,) = lines
        assert PAGE_NUMBER.fullmatch(line["text"])[1] == str(number)
        # 7 mm under the text block (which ends at 262 mm), one 14 pt character in.
        assert 268 * MM < line["top"] < 272 * MM
        if number % 2:
            right = text_block_left(number) + 156 * MM
            assert line["x1"] == pytest.approx(right - 14, abs=TOLERANCE)
        else:
            assert line["x0"] == pytest.approx(text_block_left(number) + 14, abs=TOLERANCE)


def test_masthead_only_on_page_one_with_the_red_rule(pages):
    red = (0.901961, 0.0, 0.070588)
    first, *others = pages
    assert "精神文明创建工作简报" in first.extract_text()
    assert "2020年第26期（总第289期）" in first.extract_text()
    assert "2020年7月20日" in first.extract_text()
    red_rules = rules(first, red)
    assert red_rules
    # Each border is drawn as its box; the rule is at the box's bottom edge.
    for rule in red_rules:
        assert 95 * MM < rule["bottom"] < 105 * MM
    for page in others:
        assert not rules(page, red)
        assert "精神文明创建工作简报" not in page.extract_text()


def test_distribution_block_only_on_the_last_page_at_the_foot(pages):
    *others, last = pages
    text = last.extract_text()
    assert "报：国家邮政局精神文明建设指导委员会" in squeezed(text)
    assert "送：上海市文明办" in squeezed(text)
    assert "2020年7月20日印发" in squeezed(text)
    for page in others:
        assert "报：" not in page.extract_text()
        assert "送：" not in page.extract_text()
    block_rules = rules(last)
    assert max(rule["bottom"] for rule in block_rules) == pytest.approx(262 * MM, abs=TOLERANCE)
    # The articles end higher up: the block was pushed to the foot, not flowed after them.
    last_body_line = max(char["bottom"] for char in body_chars(last))
    assert last_body_line < min(rule["top"] for rule in block_rules)


def test_distribution_block_moves_alone_to_a_new_page_when_it_does_not_fit(db):
    def article_of(count):
        paragraphs = tuple(f"第{index}段。" for index in range(1, count + 1))
        return [pdf_fixtures.SeedArticle(headline="一段一行的长文", paragraphs=paragraphs)]

    # How many one-line paragraphs fit on page 1 under the masthead?
    probe = pdf_fixtures.make_issue_2020(articles=article_of(60))
    first_page = squeezed(page_texts(render_issue_pdf(probe))[0])
    on_first_page = max(int(n) for n in re.findall(r"第(\d+)段", first_page))
    probe.delete()

    # Fill page 2 up to one free line: the block cannot fit under the text.
    issue = pdf_fixtures.make_issue_2020(articles=article_of(on_first_page + 21))
    pdf = render_issue_pdf(issue)
    texts = page_texts(pdf)
    assert len(texts) == 3
    assert "报：" in texts[2]
    assert "报：" not in texts[1]
    assert not re.search(r"第\d+段", texts[2])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        last_rule = max(rule["bottom"] for rule in rules(document.pages[2]))
    assert last_rule == pytest.approx(262 * MM, abs=TOLERANCE)


def _split_at_widest_gap(chars) -> tuple[str, str, float]:
    """(left, right, gap in points): a line split where its characters are furthest apart."""
    gaps = [
        (right["x0"] - left["x1"], index)
        for index, (left, right) in enumerate(itertools.pairwise(chars))
    ]
    gap, index = max(gaps)
    text = [char["text"] for char in chars]
    return "".join(text[: index + 1]), "".join(text[index + 1 :]), gap


def _text_lines(page, top, bottom):
    """pdfplumber's text lines of `page` between `top` and `bottom`, top to bottom."""
    return page.crop((0, top, page.width, bottom)).extract_text_lines()


def _text_block_right(page) -> float:
    return text_block_left(page.page_number) + 156 * MM


def test_compiler_line_and_imprint_put_their_second_part_at_the_right_end(db):
    """Each line's right part ends one character in from the text block's right edge.

    A compiling office too long for the imprint line wraps before the date
    instead of running under it.
    """
    issue = pdf_fixtures.make_issue_2020(articles=pdf_fixtures.SEED_2020_ARTICLES[:1])
    issue.series.compiling_office = "上海市快递行业精神文明建设工作领导小组暨行业协会联合办公室"
    issue.series.save()
    with pdfplumber.open(io.BytesIO(render_issue_pdf(issue))) as document:
        first, last = document.pages[0], document.pages[-1]

        # The masthead foot, just above the red rule at 100 mm: compiler and date.
        *_, compiler_line = _text_lines(first, 80 * MM, 100 * MM)
        compiler, date, gap = _split_at_widest_gap(compiler_line["chars"])
        assert compiler.endswith("办公室编") and date == "2020年7月20日"
        assert gap > 16
        assert compiler_line["x1"] == pytest.approx(_text_block_right(first) - 16, abs=TOLERANCE)

        # The imprint, the last lines of the text block (which ends at 262 mm):
        # the long office wraps onto a second line, clear of the date.
        *_, first_line, second_line = _text_lines(last, 0, 262 * MM)
        office, printed, gap = _split_at_widest_gap(first_line["chars"])
        assert printed == "2020年7月20日印发"
        assert gap >= 14
        assert squeezed(office + second_line["text"]) == issue.series.compiling_office
        assert first_line["x1"] == pytest.approx(_text_block_right(last) - 14, abs=TOLERANCE)


@pytest.mark.parametrize(
    ("office", "size", "lines_added"),
    [
        ("上海市快递行业精神文明创建办公室", 16, 0),
        # Too long beside the date at 16 pt: set smaller, on one line.
        ("杭州市西湖区教育局办公室党委宣传部", 15, 0),
        # Too long even at 12 pt: wraps at full size, the date beside its last line.
        ("中共上海市浦东新区张江科学城建设管理办公室党群工作部", 16, 1),
    ],
)
def test_a_long_compiling_office_is_set_smaller_or_wraps(office, size, lines_added):
    assert compiler_line_size(f"{office}编", "2020年7月20日") == (size, lines_added)


def test_a_compiling_office_that_wraps_leaves_the_issue_line_clear_of_the_title(db):
    issue = pdf_fixtures.make_issue_2020(articles=pdf_fixtures.SEED_2020_ARTICLES[:1])
    issue.series.compiling_office = "中共上海市浦东新区张江科学城建设管理办公室党群工作部"
    issue.series.save()
    with pdfplumber.open(io.BytesIO(render_issue_pdf(issue))) as document:
        first = document.pages[0]
        lines = _text_lines(first, 37 * MM, 100 * MM)
        *title, issue_line, office_line, office_and_date = lines
        assert squeezed(title[-1]["text"]) == "精神文明创建工作简报"
        assert issue_line["text"].startswith("2020年第26期")
        assert title[-1]["bottom"] < issue_line["top"]
        assert issue_line["bottom"] < office_line["top"]
        assert office_and_date["text"].endswith("2020年7月20日")
        assert squeezed(office_line["text"] + office_and_date["text"]).startswith(
            "中共上海市浦东新区张江科学城建设管理办公室党群工作部编"
        )
        assert office_and_date["bottom"] < 100 * MM  # above the red rule


# --- Text, fonts and metadata ------------------------------------------------


def test_every_headline_and_the_distribution_lines_are_in_the_text(issue_pdf, draft_pdf):
    text = squeezed(full_text(issue_pdf))
    for article in pdf_fixtures.SEED_2020_ARTICLES:
        assert squeezed(article.headline) in text
    assert "报：国家邮政局精神文明建设指导委员会" in text
    assert "送：上海市文明办" in text
    draft_text = squeezed(full_text(draft_pdf))
    for article in pdf_fixtures.SEED_2019_ARTICLES:
        assert squeezed(article.headline) in draft_text


def embedded_fonts(pdf: bytes) -> list[tuple[str, bool, bool]]:
    """(name, embedded, subset) of every font, from pdffonts or else from pypdf."""
    if shutil.which("pdffonts"):
        output = subprocess.run(
            ["pdffonts", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        rows = [line.split() for line in output.splitlines()[2:]]
        # name type… encoding emb sub uni object-id generation
        return [(row[0], row[-5] == "yes", row[-4] == "yes") for row in rows]
    fonts = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font["/BaseFont"]).lstrip("/")
            fonts[name] = (name, embedded, re.match(r"[A-Z]{6}\+", name) is not None)
    return list(fonts.values())


@needs_pdffonts
def test_only_embedded_subset_cjk_fonts(issue_pdf, draft_pdf):
    for pdf in (issue_pdf, draft_pdf):
        fonts = embedded_fonts(pdf)
        assert fonts
        for name, embedded, subset in fonts:
            assert embedded and subset, name
            assert re.search(r"CJK|UKai|Song|Fang|Kai|Hei", name), name


def test_the_fallback_faces_cover_every_seed_character():
    """With only Debian's free fonts, no character of the seeds is a missing-glyph box."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("needs fontconfig")
    from fontTools.ttLib import TTCollection, TTFont

    font_file = subprocess.run(
        [fc_match, "-f", "%{file}", "Noto Serif CJK SC"], capture_output=True, text=True
    ).stdout
    font = TTCollection(font_file).fonts[0] if font_file.endswith(".ttc") else TTFont(font_file)
    cmap = font.getBestCmap()
    seeds = pdf_fixtures.SEED_2020_ARTICLES + pdf_fixtures.SEED_2019_ARTICLES
    text = "".join(
        seed.headline + seed.subheadline + seed.source + "".join(seed.paragraphs) for seed in seeds
    )
    text += "".join(name for _role, name in pdf_fixtures.SEED_RECIPIENTS) + "—报送发：、草稿"
    missing = {char for char in text if not char.isspace() and ord(char) not in cmap}
    assert not missing


def test_headings_use_their_font_roles(db):
    article = pdf_fixtures.SeedArticle(headline="标题", paragraphs=("正文。",))
    issue = pdf_fixtures.make_issue_2020(articles=[article])
    Article.objects.filter(issue=issue).update(
        body="<h2>一、黑体标题</h2><h3>（一）楷体标题</h3><h4>1.仿宋标题</h4>"
        "<h5>（1）四级标题</h5><p>正文。</p>"
    )
    with pdfplumber.open(io.BytesIO(render_issue_pdf(issue))) as document:
        fonts = {char["text"]: char["fontname"] for char in document.pages[0].chars}
    assert "Sans-CJK" in fonts["黑"]
    assert "UKai" in fonts["楷"]
    # 三级标题 1. in the body face, bold (the issue's heading menu); 四级标题 plain.
    assert "Serif-CJK-SC" in fonts["仿"] and "Bold" in fonts["仿"]
    assert "Serif-CJK-SC" in fonts["四"] and "Bold" not in fonts["四"]


def test_metadata(issue_pdf):
    reader = pypdf.PdfReader(io.BytesIO(issue_pdf))
    assert reader.metadata.title == "上海市快递行业精神文明创建工作简报 2020年第26期（总第289期）"
    assert reader.metadata.author == "上海市快递行业精神文明创建办公室"
    assert reader.metadata.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


# --- Drafts ----------------------------------------------------------------


def watermarks(pdf: bytes) -> list[str]:
    """The large light characters of each page, where the 草稿 watermark is."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            "".join(char["text"] for char in page.chars if char["size"] > 60)
            for page in document.pages
        ]


def number_blanks(pdf: bytes) -> list[float]:
    """Widths of the gaps between 第 and 期 in the masthead's issue line."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        lines = document.pages[0].extract_text_lines(return_chars=True)
    (line,) = (line for line in lines if "期（总第" in line["text"])
    chars = [char for char in line["chars"] if not char["text"].isspace()]
    return [
        after["x0"] - before["x1"]
        for before, after in itertools.pairwise(chars)
        if before["text"] == "第" and after["text"] == "期"
    ]


def test_drafts_carry_the_watermark_on_every_page_and_blank_numbers(draft_pdf, issue_pdf):
    marks = watermarks(draft_pdf)
    assert len(marks) > 1
    assert marks == ["草稿"] * len(marks)
    assert number_blanks(draft_pdf) == pytest.approx([BODY_SIZE / 2 * 2] * 2, abs=1)
    assert set(watermarks(issue_pdf)) == {""}


def test_a_draft_preview_is_never_stored(db):
    issue = pdf_fixtures.make_issue_2020(numbered=False)
    pdf = render_issue_pdf(issue)
    assert pdf.startswith(b"%PDF")
    issue.refresh_from_db()
    assert not issue.official_copies.exists()


def test_a_numbered_issue_may_be_previewed_as_a_draft(db):
    issue = pdf_fixtures.make_issue_2020(articles=pdf_fixtures.SEED_2020_ARTICLES[:1])
    assert set(watermarks(render_issue_pdf(issue, draft=True))) == {"草稿"}


# --- File name and HTTP response -------------------------------------------


def test_file_name_and_rfc_5987_content_disposition(db):
    issue = pdf_fixtures.make_issue_2020(articles=[])
    name = pdf_filename(issue)
    assert name == "上海市快递行业精神文明创建工作简报-2020年第26期.pdf"
    response = pdf_response(b"%PDF-1.7", name, inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    inline = pdf_response(b"%PDF-1.7", name, inline=True)
    assert inline["Content-Disposition"].startswith("inline; filename*=utf-8''%E4%B8%8A")


def test_draft_file_name(db):
    issue = pdf_fixtures.make_issue_2020(numbered=False, articles=[])
    assert pdf_filename(issue) == "上海市快递行业精神文明创建工作简报-草稿.pdf"


# --- Admin preview -----------------------------------------------------------


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("staff", password="x", is_staff=True)


def test_admin_preview_shows_the_pdf_inline(client, staff):
    staff.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(staff)
    issue = pdf_fixtures.make_issue_2020(
        numbered=False, articles=pdf_fixtures.SEED_2020_ARTICLES[:1]
    )
    response = client.get(f"/admin/issues/issue/{issue.pk}/pdf-preview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    pdf = b"".join(response.streaming_content)
    assert set(watermarks(pdf)) == {"草稿"}
    issue.refresh_from_db()
    assert not issue.official_copies.exists()


def test_admin_preview_url_name_and_refusals(client, staff):
    from django.urls import reverse

    issue = pdf_fixtures.make_issue_2020(articles=pdf_fixtures.SEED_2020_ARTICLES[:1])
    url = reverse("admin:issues_issue_pdf_preview", args=[issue.pk])
    assert url == f"/admin/issues/issue/{issue.pk}/pdf-preview/"
    client.force_login(staff)
    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_issue"))
    assert client.get("/admin/issues/issue/999999/pdf-preview/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- Safe fetching -----------------------------------------------------------


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_an_unsanitised_body_cannot_make_the_renderer_fetch_urls(db, spy_server):
    base, hits = spy_server
    issue = pdf_fixtures.make_issue_2020(articles=pdf_fixtures.SEED_2020_ARTICLES[:1])
    Article.objects.filter(issue=issue).update(
        body=(
            f'<style>@import url("{base}/import.css"); p {{ background: url({base}/bg.png) }}'
            f'</style><p style="background-image: url({base}/inline.png)">正文</p>'
            f'<figure><img src="{base}/photo.png"><figcaption>图</figcaption></figure>'
            f'<img src="file:///etc/passwd">'
        )
    )
    assert render_issue_pdf(issue).startswith(b"%PDF")
    assert hits == []


def test_the_fetcher_refuses_other_urls_even_in_raw_html(spy_server, caplog):
    base, hits = spy_server
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css">'
        f"<style>@import url({base}/import.css); body {{ background: url({base}/bg.png) }}</style>"
        f'</head><body><p style="background: url({base}/inline.png)">x</p>'
        f'<img src="{base}/photo.png"><img src="file:///etc/hostname"></body></html>'
    )
    HTML(string=html, base_url=f"{INTERNAL_ORIGIN}/", url_fetcher=BulletinURLFetcher()).write_pdf()
    assert hits == []
    assert "refused to fetch" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/x.png",
        "file:///etc/passwd",
        "ftp://example.org/x",
        f"{INTERNAL_ORIGIN}/media/../../etc/passwd",
        f"{INTERNAL_ORIGIN}/media/%2e%2e/secret",
        f"{INTERNAL_ORIGIN}/elsewhere/file.png",
        "https://bulletin-office.invalid.example.org/media/x.png",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(RefusedURL):
        BulletinURLFetcher()(url)


def test_the_fetcher_limits_data_urls(settings):
    settings.BULLETIN_PDF_DATA_URL_LIMIT = 100
    small = BulletinURLFetcher()("data:text/plain;base64,5LiK5rW3")
    assert small.read() == "上海".encode()
    with pytest.raises(RefusedURL):
        BulletinURLFetcher()("data:image/png;base64," + "A" * 200)


def test_the_fetcher_serves_static_files_and_media_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("articles/photo.png", ContentFile(b"\x89PNG fake"))
    media = BulletinURLFetcher()(f"{INTERNAL_ORIGIN}/media/{name}")
    assert media.read() == b"\x89PNG fake"
    assert media.content_type == "image/png"
    css = BulletinURLFetcher()(f"{INTERNAL_ORIGIN}/static/issues/pdf/bulletin.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"


# --- System check ------------------------------------------------------------


def test_check_passes_with_harfbuzz_subset():
    assert checks.harfbuzz_subset_available()
    assert checks.check_harfbuzz_subset() == []


def test_check_warns_without_harfbuzz_subset(monkeypatch):
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    (warning,) = checks.check_harfbuzz_subset()
    assert isinstance(warning, Warning)
    assert warning.id == "issues.W001"
    assert "libharfbuzz-subset0" in warning.hint
