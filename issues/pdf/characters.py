"""Which characters of a text no installed font has, so the PDF would print them as 〓.

The renderer marks such characters as it finds them (render.MISSING_CHARACTER_MARK);
this tells the editor and the approver beforehand. Fontconfig, which Pango asks
for a fallback font, answers for each character outside the compact fonts'
GB 2312 set, which the CJK fonts have; the answers are kept for the process.
"""

import subprocess
import unicodedata
from functools import cache, lru_cache

from issues.pdf.fonts import compact_codepoints

# Not drawn, so not looked up: controls, format characters, separators.
_UNDRAWN_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@cache
def _always_covered() -> frozenset[int]:
    return frozenset(compact_codepoints())


@lru_cache(maxsize=4096)
def has_font(character: str) -> bool:
    """Whether some installed font has `character` (fontconfig's answer; yes when it cannot ask)."""
    try:
        found = subprocess.run(
            ["fc-list", f":charset={ord(character):x}", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True
    return found.returncode != 0 or bool(found.stdout.strip())


def missing_characters(text: str) -> list[str]:
    """The characters of `text` that no installed font has, each once, in order."""
    missing = []
    covered = _always_covered()
    for character in dict.fromkeys(text):
        if ord(character) in covered or unicodedata.category(character) in _UNDRAWN_CATEGORIES:
            continue
        if not has_font(character):
            missing.append(character)
    return missing
