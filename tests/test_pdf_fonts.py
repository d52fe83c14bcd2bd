"""The compact CJK fonts (issues.pdf.fonts): made once, used first, full fonts behind them."""

import io
import shutil

import pdfplumber
import pikepdf
import pytest
from fontTools.ttLib import TTFont

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

    def test_the_compact_copy_keeps_the_forms_of_simplified_chinese_only(self, compact_serif):
        font = TTFont(compact_serif.path)
        scripts = font["GSUB"].table.ScriptList.ScriptRecord
        languages = {
            language.LangSysTag for script in scripts for language in script.Script.LangSysRecord
        }
        assert languages == {"ZHS "}
        features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
        assert "locl" in features and not features & set(fonts.UNUSED_LAYOUT_FEATURES)
        # The Japanese, Korean and traditional forms are gone with their language systems.
        assert len(font.getGlyphOrder()) < 9000

    @pytest.mark.django_db
    def test_dashes_and_quotes_stay_full_width_as_in_the_full_font(self, compact_serif):
        # Simplified Chinese's own regional forms (locl ZHS) set —— and “” a character wide.
        article = SeedArticle(headline="测试", paragraphs=("数据中心——邮政“最后一公里”试点。",))
        pdf = render.render_issue_pdf(make_issue_2020(articles=[article]))
        assert "Noto-Serif-CJK-SC-Compact" in embedded_font_names(pdf)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            line = next(
                line["chars"]
                for page in document.pages
                for line in page.extract_text_lines()
                if line["text"].startswith("数据中心")
            )
        by_text = {char["text"]: char for char in line}
        character = by_text["邮"]["x1"] - by_text["邮"]["x0"]
        dashes = by_text["邮"]["x0"] - by_text["心"]["x1"]
        assert dashes == pytest.approx(2 * character, abs=1)
        for quote in "“”":
            assert by_text[quote]["x1"] - by_text[quote]["x0"] == pytest.approx(character, abs=0.5)


def test_fonts_of_an_earlier_recipe_are_removed(settings, tmp_path):
    settings.BULLETIN_PDF_FONT_DIR = tmp_path
    earlier = tmp_path / "noto-serif-cjk-sc-compact-400.otf"
    current = tmp_path / SERIF.file_name
    unrelated = tmp_path / "README.txt"
    for path in (earlier, current, unrelated):
        path.write_bytes(b"x")
    assert fonts.remove_earlier_builds() == [earlier]
    assert not earlier.exists() and current.exists() and unrelated.exists()


@pytest.mark.skipif(shutil.which("hb-subset") is None, reason="needs libharfbuzz-bin")
def test_a_font_fonttools_cannot_read_fails_the_build(settings, tmp_path, monkeypatch):
    settings.BULLETIN_PDF_FONT_DIR = tmp_path

    def unreadable(path, output):
        raise AssertionError("bad GSUB")

    monkeypatch.setattr(fonts, "_keep_simplified_chinese_forms", unreadable)
    with pytest.raises(fonts.FontBuildError, match=SERIF.file_name):
        fonts.build(SERIF)
    assert list(tmp_path.iterdir()) == []  # nothing half made is left


def _installed(family: str) -> bool:
    try:
        fonts.installed_face(family, 400)
    except (fonts.FontBuildError, OSError):
        return False
    return True


@pytest.mark.django_db
@pytest.mark.skipif(not _installed("HanaMinB"), reason="needs fonts-hanazono")
def test_a_rare_character_of_a_name_prints_from_hanamin():
    # 𠀀 (U+20000, CJK extension B): in no Noto CJK font.
    article = SeedArticle(headline="测试", paragraphs=("王𠀀同志的来信。",))
    pdf = render.render_issue_pdf(make_issue_2020(articles=[article]))
    assert any(name.startswith("HanaMin") for name in embedded_font_names(pdf))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert "王𠀀同志" in "".join(page.extract_text() for page in document.pages)
