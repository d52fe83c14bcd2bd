"""The compact CJK fonts (issues.pdf.fonts): made once, used first, full fonts behind them."""

import io
import shutil

import pdfplumber
import pikepdf
import pytest

from issues.pdf import fonts, render
from issues.pdf.fetcher import INTERNAL_ORIGIN, BulletinURLFetcher, RefusedURL
from tests.pdf_fixtures import SeedArticle, make_issue_2020

SERIF = fonts.COMPACT_FONTS[0]


@pytest.fixture
def compact_serif(settings, tmp_path):
    """The compact regular serif built into a fresh folder; stylesheets made anew around it."""
    settings.BULLETIN_PDF_FONT_DIR = tmp_path
    fonts.build(SERIF)
    render._stylesheets.cache_clear()
    yield SERIF
    render._stylesheets.cache_clear()


def embedded_font_names(pdf: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {
            str(obj.BaseFont).split("+", 1)[-1]
            for obj in document.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
        }


def test_gb2312_has_its_7445_characters():
    assert len(fonts.gb2312_codepoints()) == 7445


def test_compact_families_go_just_before_their_source():
    built = [SERIF]
    stack = ["仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC"]
    assert fonts.with_compact_families(stack, built) == [
        "仿宋",
        "Noto Serif CJK SC Compact",
        "Noto Serif CJK SC",
        "Noto Sans CJK SC",
    ]
    assert fonts.with_compact_families(stack, []) == stack


def test_without_built_fonts_the_stacks_are_the_settings(settings, tmp_path):
    settings.BULLETIN_PDF_FONT_DIR = tmp_path
    css = render.font_css(settings.BULLETIN_PDF_FONTS, fonts.built_fonts())
    assert "@font-face" not in css and "Compact" not in css


@pytest.mark.skipif(shutil.which("hb-subset") is None, reason="needs libharfbuzz-bin")
class TestBuiltFonts:
    def test_the_fetcher_serves_built_fonts_by_name_only(self, compact_serif):
        fetched = BulletinURLFetcher().fetch(
            f"{INTERNAL_ORIGIN}{fonts.FONT_URL_PATH}{compact_serif.file_name}"
        )
        assert fetched is not None
        for name in ("../secret_key", "other.otf", "%2e%2e/secret_key"):
            with pytest.raises(RefusedURL):
                BulletinURLFetcher().fetch(f"{INTERNAL_ORIGIN}{fonts.FONT_URL_PATH}{name}")

    @pytest.mark.django_db
    def test_a_character_outside_gb2312_comes_from_the_full_font(self, compact_serif):
        # 堃 (U+5803) is in GBK but not in GB 2312.
        article = SeedArticle(headline="测试", paragraphs=("王堃同志的来信。",))
        pdf = render.render_issue_pdf(make_issue_2020(articles=[article]))
        names = embedded_font_names(pdf)
        assert "Noto-Serif-CJK-SC-Compact" in names
        assert "Noto-Serif-CJK-SC" in names
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            assert "王堃同志" in "".join(page.extract_text() for page in document.pages)
