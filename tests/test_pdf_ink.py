"""Every character printed leaves ink (docs/layout.md, "Fonts"), even where a face's cmap lies.

AR PL UKai CN, the free 楷体 of bylines, sources, 编者按 and （一） headings,
lists 䶮, 䴙, 𠂉… with empty glyphs. The pages are rendered to pixels
(pdftoppm) and each such character's box must hold ink.
"""

import io
import subprocess

import pdfplumber
import pytest
from django.db import transaction
from PIL import Image

from issues import selectors
from issues.pdf import characters
from issues.pdf.conformance import violations
from issues.pdf.render import render_issue_pdf, with_inked_characters
from tests.pdf_fixtures import SeedArticle, make_issue_2020

pytestmark = pytest.mark.django_db

# Characters AR PL UKai CN lists in its cmap with no outline.
HOLLOW_IN_UKAI = "䶮䴙䴘䲟𠂉"
UKAI = "AR PL UKai CN"
RESOLUTION = 100


@pytest.fixture(scope="module")
def hollow_character_pdf(django_db_setup, django_db_blocker):
    """An official copy with the hollow characters in each place the 楷体 sets, and in the body."""
    with django_db_blocker.unblock(), transaction.atomic():
        article = SeedArticle(
            headline="王䶮同志来信",
            source="䴙䴘湖管理处",
            paragraphs=("䲟鱼与𠂉字，正文照常排印。",),
        )
        issue = make_issue_2020(articles=[article])
        issue.editor_note = "本期编者按提到王䶮。"
        issue.save()
        issue.articles.update(
            byline="王䶮",
            editor_note="䲟鱼的编者按。",
            body="<h3>（一）𠂉字标题</h3><p>䲟鱼与𠂉字，正文照常排印。</p>",
        )
        pdf = render_issue_pdf(issue)
        transaction.set_rollback(True)
    return pdf


def is_ukai(fontname: str) -> bool:
    """Whether the PDF font (ABCDEF+AR-PL-UKai-CN, a subset) is cut from AR PL UKai CN."""
    return "ARPLUKaiCN" in fontname.replace("-", "").replace(" ", "")


def page_images(pdf: bytes, tmp_path) -> list[Image.Image]:
    (tmp_path / "copy.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(RESOLUTION), "-gray", "-png", "copy.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    return [Image.open(path) for path in sorted(tmp_path.glob("page-*.png"))]


def dark_pixels(image: Image.Image, char: dict) -> int:
    scale = RESOLUTION / 72
    box = image.crop(
        (
            int(char["x0"] * scale),
            int(char["top"] * scale),
            int(char["x1"] * scale) + 1,
            int(char["bottom"] * scale) + 1,
        )
    )
    return sum(box.point(lambda value: 255 if value < 128 else 0).histogram()[255:])


def test_every_hollow_character_prints_ink_wherever_it_stands(hollow_character_pdf, tmp_path):
    images = page_images(hollow_character_pdf, tmp_path)
    found = []
    with pdfplumber.open(io.BytesIO(hollow_character_pdf)) as document:
        for page, image in zip(document.pages, images, strict=True):
            for char in page.chars:
                if char["text"] in HOLLOW_IN_UKAI:
                    found.append((char["text"], char["fontname"], dark_pixels(image, char)))
    # 䶮 in the issue's note, the headline and the byline, 䴙䴘 in the source,
    # 䲟 and 𠂉 in the article's note, the heading and the body.
    assert len(found) == 9, found
    for text, fontname, ink in found:
        assert not is_ukai(fontname)
        # A 16 pt character at 100 dpi is 22 pixels square; its strokes darken a few hundred.
        assert ink > 100, (text, fontname, ink)


def test_the_text_layer_keeps_the_characters(hollow_character_pdf):
    with pdfplumber.open(io.BytesIO(hollow_character_pdf)) as document:
        text = "".join(page.extract_text() for page in document.pages).replace("\n", "")
    assert "王䶮" in text and "䴙䴘湖管理处" in text and "（一）𠂉字标题" in text


def test_a_character_the_kai_face_draws_stays_in_it(hollow_character_pdf):
    with pdfplumber.open(io.BytesIO(hollow_character_pdf)) as document:
        byline_king = [
            char["fontname"]
            for page in document.pages
            for char in page.chars
            if char["text"] == "王" and char["size"] == pytest.approx(16, abs=0.01)
        ]
    assert any(is_ukai(name) for name in byline_king)


def test_only_text_between_tags_changes_and_plain_sources_stay_as_they_are(settings):
    fonts = settings.BULLETIN_PDF_FONTS
    plain = '<html><head></head><body><p class="byline">王小明</p></body></html>'
    assert with_inked_characters(plain, fonts) is plain
    source = (
        "<html><head><title>王䶮</title></head><body>"
        '<p class="byline">王䶮</p><img src="/media/䶮.jpg" alt="䶮"></body></html>'
    )
    inked = with_inked_characters(source, fonts)
    assert '<p class="byline">王<span class="ink-4dae">䶮</span></p>' in inked
    assert '<img src="/media/䶮.jpg" alt="䶮">' in inked and "<title>王䶮</title>" in inked
    # The byline's 楷体 stack gives way to the next face that draws it; the body's draws it.
    assert (
        ".source .ink-4dae, .byline .ink-4dae, .editor-note .ink-4dae, .article h3 .ink-4dae"
        ' { font-family: "Noto Serif CJK SC"; }'
    ) in inked
    assert 'html .ink-4dae { font-family: "仿宋_GB2312", ' in inked


def test_coverage_is_the_outline_not_the_cmap():
    (_family, ukai), *_rest = [
        face for face in characters.stack_faces((UKAI,), 400) if face[0] == UKAI
    ]
    for character in HOLLOW_IN_UKAI:
        assert characters.face_has(ukai, character)
        assert not characters.face_draws(ukai, character)
    assert characters.face_draws(ukai, "王")
    # Noto's outlines are CFF: its Hangul filler is an empty charstring, 䶮 is drawn.
    ((_family, noto),) = characters.stack_faces(("Noto Serif CJK SC",), 400)
    assert characters.face_has(noto, "\u3164") and not characters.face_draws(noto, "\u3164")
    assert characters.face_draws(noto, "䶮")
    # A space has no outline, and is not missing for it.
    assert characters.fallback_families((UKAI,), 400, "\u3000") is None


def test_a_character_no_face_draws_is_warned_about_and_marked(monkeypatch, make_issue):
    # As if no installed face drew 䶮: the warning before sign-off names it
    # and the PDF prints 〓, in one render.
    monkeypatch.setattr(characters, "_installed_family_drawing", lambda character: None)
    characters.has_font.cache_clear()
    characters.fallback_families.cache_clear()
    try:
        issue = make_issue(articles=1)
        issue.articles.update(byline="王䶮")
        warnings = selectors.print_warnings(issue)
        source = '<html><head></head><body><p class="byline">王䶮</p></body></html>'
        marked = with_inked_characters(source, {"heading2": [UKAI]})
    finally:
        characters.has_font.cache_clear()
        characters.fallback_families.cache_clear()
    assert len(warnings) == 1 and "U+4DAE" in warnings[0]
    assert '<p class="byline">王〓</p>' in marked


def test_the_copy_with_fallback_faces_is_pdf_a_2b(hollow_character_pdf):
    assert violations(hollow_character_pdf) == []
