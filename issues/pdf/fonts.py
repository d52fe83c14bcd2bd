"""Compact copies of the free CJK fonts, so the official PDF is smaller and quicker.

Noto Serif/Sans CJK hold some 65,000 glyphs, the Chinese ones far up the
glyph list. WeasyPrint keeps glyph numbers when it subsets a font for the
PDF, so every embedded subset carries tables as long as the whole font: about
0.9 MB per face before compression, and its compression and subsetting are a
good part of each render. `manage.py build_pdf_fonts` cuts each face down
once, with HarfBuzz's hb-subset, to the GB 2312 characters, ASCII, Latin-1
and the CJK and general punctuation (about 7,900 glyphs, with the layout
features of simplified Chinese set horizontally). AR PL UKai, the free 楷体,
is cut the same way: its
collection file is 17 MB, which WeasyPrint copies whole into every render
that uses it. The outlines and metrics are those of the original, so the PDF
looks the same, and each copy keeps its name with "Compact" added in CSS
(the SIL Open Font License reserves no Noto name; the Arphic Public License
allows modified copies, and these stay on the server like the originals).

font_css() puts each compact family just before the family it was cut from,
through @font-face rules: a character the compact font lacks (a rare name
outside GB 2312) is set from the full font, as before. Without built fonts
nothing changes but the speed and size.
"""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

# The fonts' path under INTERNAL_ORIGIN, served by BulletinURLFetcher from BULLETIN_PDF_FONT_DIR.
FONT_URL_PATH = "/pdf-fonts/"


@dataclass(frozen=True)
class CompactFont:
    family: str  # the compact copy's CSS family
    source_family: str  # the installed family it is cut from
    weight: int
    file_name: str

    @property
    def path(self) -> Path:
        return Path(settings.BULLETIN_PDF_FONT_DIR) / self.file_name


COMPACT_FONTS = (
    CompactFont(
        "Noto Serif CJK SC Compact", "Noto Serif CJK SC", 400, "noto-serif-cjk-sc-compact-400-2.otf"
    ),
    CompactFont(
        "Noto Serif CJK SC Compact", "Noto Serif CJK SC", 700, "noto-serif-cjk-sc-compact-700-2.otf"
    ),
    CompactFont(
        "Noto Sans CJK SC Compact", "Noto Sans CJK SC", 400, "noto-sans-cjk-sc-compact-400-2.otf"
    ),
    CompactFont(
        "Noto Sans CJK SC Compact", "Noto Sans CJK SC", 700, "noto-sans-cjk-sc-compact-700-2.otf"
    ),
    # 楷体 of the second-level headings and source lines: a 17 MB collection
    # that every render would otherwise copy whole.
    CompactFont("AR PL UKai CN Compact", "AR PL UKai CN", 400, "ar-pl-ukai-cn-compact-400-2.ttf"),
)
# The file names end in the recipe's number (-2): a new recipe gets new
# names, so that `build_pdf_fonts --if-missing` on an upgrade builds them.

# What the compact copies keep of the fonts' layout features, with the glyphs
# only those reach: the forms of simplified Chinese (the language system ZHS
# and each script's default), set horizontally. Noto's copies keep 7,900
# glyphs rather than 13,600. WeasyPrint's subsetting of a font for each PDF
# takes time with the highest glyph number used: a fifth less for the seed
# issue's body face, and the PDF is 7 % smaller.
KEPT_LANGUAGE_SYSTEMS = ("ZHS ",)
UNUSED_LAYOUT_FEATURES = ("vert", "vrt2", "vkrn", "vpal", "vhal", "valt")

# Besides GB 2312: ASCII, Latin-1, general punctuation, enclosed and Roman
# numerals, CJK symbols and punctuation, full-width forms.
EXTRA_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2160, 0x217F),
    (0x2460, 0x249F),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


class FontBuildError(Exception):
    pass


def gb2312_codepoints() -> set[int]:
    """Every character of GB 2312 (6,763 hanzi and 682 other characters)."""
    codepoints = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codepoints.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return codepoints


def compact_codepoints() -> list[int]:
    codepoints = gb2312_codepoints()
    for first, last in EXTRA_RANGES:
        codepoints.update(range(first, last + 1))
    return sorted(codepoints)


def installed_face(family: str, weight: int) -> tuple[str, int]:
    """(file, index in a collection) of an installed face, as fontconfig finds it."""
    fc_weight = "bold" if weight >= 700 else "regular"
    found = subprocess.run(
        ["fc-match", "--format=%{file}\n%{index}\n%{family}", f"{family}:{fc_weight}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    if len(found) < 3 or family not in found[2].split(","):
        raise FontBuildError(f"The font {family} is not installed (fonts-noto-cjk).")
    return found[0], int(found[1])


def build(font: CompactFont) -> Path:
    """Cut `font` from its installed source into BULLETIN_PDF_FONT_DIR; returns the path.

    Twice with hb-subset: to the compact characters, then, once the language
    systems other than simplified Chinese are gone (_keep_simplified_chinese_forms),
    again to drop the glyphs only those reached.
    """
    source, index = installed_face(font.source_family, font.weight)
    font.path.parent.mkdir(parents=True, exist_ok=True)
    partial = font.path.with_suffix(".partial")
    try:
        with tempfile.TemporaryDirectory() as work:
            unicodes = Path(work) / "unicodes.txt"
            unicodes.write_text(",".join(f"{codepoint:X}" for codepoint in compact_codepoints()))
            compact, simplified = Path(work) / "compact", Path(work) / "simplified"
            _hb_subset(font, source, index, unicodes, compact)
            try:
                _keep_simplified_chinese_forms(compact, simplified)
            except Exception as error:  # fontTools raises many kinds for a font it cannot read
                raise FontBuildError(
                    f"fontTools could not rewrite {font.file_name}: {error!r}"
                ) from error
            _hb_subset(font, simplified, 0, unicodes, partial)
    except FontBuildError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(font.path)  # a reader never sees half a font
    return font.path


def _hb_subset(font: CompactFont, source, index: int, unicodes: Path, output: Path) -> None:
    result = subprocess.run(
        [
            "hb-subset",
            f"--font-file={source}",
            f"--face-index={index}",
            f"--unicodes-file={unicodes}",
            "--name-IDs=*",
            "--name-languages=*",
            "--notdef-outline",
            f"--layout-features-={','.join(UNUSED_LAYOUT_FEATURES)}",
            f"--output-file={output}",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise FontBuildError(f"hb-subset failed for {font.file_name}: {result.stderr.strip()}")


def _keep_simplified_chinese_forms(path: Path, output: Path) -> None:
    """`path` written to `output` without the GSUB language systems but ZHS and the defaults.

    Their regional forms (locl) are some 5,700 of Noto's glyphs, which
    simplified Chinese text never calls for; its own locl (full-width dashes
    and quotes) stays. Only GSUB is rewritten: with numbered stand-ins for the
    glyph names, the outlines are copied as they are, not recompiled.
    """
    font = TTFont(path)
    if "GSUB" not in font:
        shutil.copyfile(path, output)
        return
    font.setGlyphOrder([f"glyph{number}" for number in range(font["maxp"].numGlyphs)])
    for script in font["GSUB"].table.ScriptList.ScriptRecord:
        script.Script.LangSysRecord = [
            language
            for language in script.Script.LangSysRecord
            if language.LangSysTag in KEPT_LANGUAGE_SYSTEMS
        ]
        script.Script.LangSysCount = len(script.Script.LangSysRecord)
    font.save(output)


def remove_earlier_builds() -> list[Path]:
    """Delete the compact fonts of earlier recipes from BULLETIN_PDF_FONT_DIR; returns them."""
    folder = Path(settings.BULLETIN_PDF_FONT_DIR)
    current = {font.file_name for font in COMPACT_FONTS}
    earlier = [
        path
        for path in folder.glob("*-compact-*")
        if path.suffix in (".otf", ".ttf") and path.name not in current
    ]
    for path in earlier:
        path.unlink()
    return earlier


def built_fonts() -> list[CompactFont]:
    return [font for font in COMPACT_FONTS if font.path.is_file()]


def font_face_css(fonts: list[CompactFont]) -> str:
    """@font-face rules for the built compact fonts, fetched from FONT_URL_PATH."""
    return "\n".join(
        f'@font-face {{ font-family: "{font.family}"; font-weight: {font.weight}; '
        f'src: url("{FONT_URL_PATH}{font.file_name}"); }}'
        for font in fonts
    )


def with_compact_families(stack: list[str], fonts: list[CompactFont]) -> list[str]:
    """`stack` with each built compact family just before the family it was cut from."""
    compact = {font.source_family: font.family for font in fonts}
    result = []
    for family in stack:
        if family in compact and compact[family] not in result:
            result.append(compact[family])
        result.append(family)
    return result
