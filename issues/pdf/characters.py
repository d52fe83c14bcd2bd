"""Which faces really draw a character, and which characters of a text no installed face draws.

A face covers a character only if its glyph has an outline (docs/layout.md,
"Fonts"). AR PL UKai CN, the free 楷体, lists 47 characters (䶮, 䴙, 䲟,
𠂉…) in its cmap with empty glyphs; fontconfig, which Pango asks for a face,
counts them as covered, and the PDF would print blank paper where a byline
reads 王䶮. fontTools reads the outlines instead: a glyf glyph without data or
a CFF charstring that draws nothing is no ink. Characters that draw nothing
anyway (spaces, controls, Hangul fillers) are never looked up.

fallback_families() tells the renderer, for a character and a font stack of
the settings, the families to set it in when the face Pango would take
leaves it blank; missing_characters() tells the editor and the approver
which characters no installed face draws, so that the PDF prints 〓. Each face
is read once per process; text within the compact fonts' GB 2312 set reads
only the compact fonts (7,900 glyphs), never the full faces.
"""

import itertools
import subprocess
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.ttLib import TTFont

from issues.pdf.fonts import (
    FontBuildError,
    built_fonts,
    compact_codepoints,
    installed_face,
    with_compact_families,
)

# Not drawn, so not looked up: controls, format characters, separators.
_UNDRAWN_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
# Hangul fillers: letters (Lo) that Unicode makes default-ignorable; no face inks them.
_UNDRAWN_CHARACTERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
# A CFF charstring this long or longer draws something: an empty one is a
# width and endchar (or hints), a few bytes; only shorter ones are drawn to see.
_SHORTEST_DRAWING_CHARSTRING = 16
# What fallback_families() answers for a character no installed face draws.
NO_FACE = ()


class Face(NamedTuple):
    path: str
    index: int  # in a font collection


def is_undrawn(character: str) -> bool:
    return (
        unicodedata.category(character) in _UNDRAWN_CATEGORIES or character in _UNDRAWN_CHARACTERS
    )


@cache
def _always_covered() -> frozenset[int]:
    return frozenset(compact_codepoints())


@cache
def _face_coverage(face: Face) -> tuple[frozenset[int], frozenset[int]]:
    """(characters in the face's cmap, those of them whose glyph has no outline)."""
    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    try:
        cmap = font.getBestCmap() or {}
        empty = _empty_glyphs(font)
    finally:
        font.close()
    return frozenset(cmap), frozenset(code for code, glyph in cmap.items() if glyph in empty)


def _empty_glyphs(font: TTFont) -> set[str]:
    order = font.getGlyphOrder()
    if "glyf" in font:
        # A glyph's data is empty exactly when loca gives it no bytes.
        locations = font["loca"].locations
        return {
            order[i] for i, (start, end) in enumerate(itertools.pairwise(locations)) if start == end
        }
    table = "CFF " if "CFF " in font else "CFF2"
    charstrings = font[table].cff.topDictIndex[0].CharStrings
    offsets = charstrings.charStringsIndex.offsets
    empty = set()
    for number, (start, end) in enumerate(itertools.pairwise(offsets)):
        if end - start < _SHORTEST_DRAWING_CHARSTRING:
            pen = ControlBoundsPen(None)
            charstrings[order[number]].draw(pen)
            if pen.bounds is None:
                empty.add(order[number])
    return empty


def face_has(face: Face, character: str) -> bool:
    """Whether `character` is in the face's cmap, drawn or not (what fontconfig tells Pango)."""
    return ord(character) in _face_coverage(face)[0]


def face_draws(face: Face, character: str) -> bool:
    listed, hollow = _face_coverage(face)
    return ord(character) in listed and ord(character) not in hollow


@cache
def _installed(family: str, weight: int) -> Face | None:
    try:
        return Face(*installed_face(family, weight))
    except (FontBuildError, OSError, subprocess.CalledProcessError, ValueError):
        return None


@cache
def stack_faces(stack: tuple[str, ...], weight: int) -> tuple[tuple[str, Face], ...]:
    """(family, face) of each family of the stack that is there, in the order CSS tries them.

    The built compact families come first, as render.font_css() puts them;
    a family not installed is left out, as Pango skips it.
    """
    compact = {}
    for font in built_fonts():
        # The compact copy of the weight asked for, else the one there is (Pango emboldens it).
        if font.family not in compact or font.weight == weight:
            compact[font.family] = Face(str(font.path), 0)
    faces = []
    for family in with_compact_families(list(stack), built_fonts()):
        face = compact.get(family) or _installed(family, weight)
        if face is not None:
            faces.append((family, face))
    return tuple(faces)


@lru_cache(maxsize=16384)
def fallback_families(
    stack: tuple[str, ...], weight: int, character: str
) -> tuple[str, ...] | None:
    """The families to set `character` in within `stack`: None when the stack draws it already.

    The stack draws it when the first face listing it (Pango's choice) has its
    outline. Otherwise: the stack from the next face that draws it on, or an
    installed face outside the stack that does, or NO_FACE when none does.
    """
    if is_undrawn(character):
        return None
    faces = stack_faces(stack, weight)
    listing = [number for number, (_family, face) in enumerate(faces) if face_has(face, character)]
    if listing and face_draws(faces[listing[0]][1], character):
        return None
    for number in listing[1:]:
        if face_draws(faces[number][1], character):
            return tuple(family for family, _face in faces[number:])
    family = _installed_family_drawing(character)
    if family is UNKNOWN:
        return None  # as Pango would set it: nothing better is known
    return (family,) if family else NO_FACE


# What _installed_family_drawing() answers when fontconfig cannot be asked.
UNKNOWN = object()


def _installed_family_drawing(character: str):
    """The family of an installed face that draws `character`, as fontconfig lists the faces.

    None when none does; UNKNOWN when fontconfig cannot be asked.
    """
    try:
        found = subprocess.run(
            ["fc-list", f":charset={ord(character):x}", "--format=%{file}\t%{index}\t%{family}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    for line in sorted(found.splitlines()):
        path, index, families = [*line.split("\t"), "", ""][:3]
        try:
            drawn = face_draws(Face(path, int(index)), character)
        except Exception:  # fontTools raises many kinds for a file it cannot read
            continue
        if drawn:
            return families.split(",")[0]
    return None


@lru_cache(maxsize=4096)
def has_font(character: str) -> bool:
    """Whether some installed face draws `character` (yes when fontconfig cannot be asked)."""
    return _installed_family_drawing(character) is not None


def missing_characters(text: str) -> list[str]:
    """The characters of `text` that no installed face draws, each once, in order."""
    missing = []
    covered = _always_covered()
    for character in dict.fromkeys(text):
        if ord(character) in covered or is_undrawn(character):
            continue
        if not has_font(character):
            missing.append(character)
    return missing
