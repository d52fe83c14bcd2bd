"""Breaking a headline between words into lines of near-equal length (GB/T 9704 §7.2.4).

rjieba (the Rust build of jieba's segmenter) finds the words; punctuation
stays with the word it belongs to, so that no line starts with ， or ends with （.
"""

import itertools
import math
from functools import cache, lru_cache

# Punctuation that closes (stays at the end of the word before it) or opens
# (stays at the start of the word after it).
CLOSING = set("，。、；：？！”’）》」』】〕…—,.;:?!)]%")
OPENING = set("“‘（《「『【〔([")


def width_in_characters(text: str) -> float:
    """Latin letters, digits and spaces take about half the width of a Chinese character."""
    return sum(1 if ord(char) > 0x2E7F else 0.5 for char in text)


def words(text: str) -> list[str]:
    """The text's words, each with the punctuation that must stay beside it."""
    # Imported on first use: loading its dictionary takes about half a second,
    # which every process would otherwise pay at start-up.
    import rjieba

    result: list[str] = []
    pending_opening = ""
    for token in rjieba.cut(text):
        if all(char in OPENING for char in token):
            pending_opening += token
        elif result and all(char in CLOSING for char in token):
            result[-1] += token
        else:
            result.append(pending_opening + token)
            pending_opening = ""
    if pending_opening:
        if result:
            result[-1] += pending_opening
        else:
            result.append(pending_opening)
    return result


def balanced_lines(text: str, capacity: float) -> list[str]:
    """`text` in as few lines of at most `capacity` characters as fit, balanced.

    Among the ways of breaking between words into that many lines, the one
    whose longest line is shortest wins (ties: the later lines longer, the
    trapezoid the standard shows). A word longer than a line is left whole
    for the renderer to wrap.
    """
    if width_in_characters(text) <= capacity:
        return [text] if text else []
    parts = words(text)
    line_count = max(1, math.ceil(width_in_characters(text) / capacity))
    while line_count < len(parts):
        best = _best_split(tuple(parts), line_count, capacity)
        if best is not None:
            return best
        line_count += 1
    return parts


@lru_cache(maxsize=512)
def _best_split(parts: tuple[str, ...], line_count: int, capacity: float) -> list[str] | None:
    widths = [width_in_characters(part) for part in parts]
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)

    @cache
    def split(start: int, lines_left: int) -> tuple[float, float, tuple[int, ...]] | None:
        # (longest line, -last line, break positions) for parts[start:] in lines_left lines.
        if lines_left == 1:
            width = prefix[-1] - prefix[start]
            return (width, -width, ()) if width <= capacity else None
        best = None
        for end in range(start + 1, len(parts) - lines_left + 2):
            width = prefix[end] - prefix[start]
            if width > capacity:
                break
            rest = split(end, lines_left - 1)
            if rest is None:
                continue
            candidate = (max(width, rest[0]), rest[1], (end, *rest[2]))
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        return best

    found = split(0, line_count)
    if found is None:
        return None
    bounds = (0, *found[2], len(parts))
    return ["".join(parts[a:b]) for a, b in itertools.pairwise(bounds)]
