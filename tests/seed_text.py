"""The seed bulletins' text, for tests that compare what became of it.

Holds no tests itself.
"""

import re
from pathlib import Path

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo" / "demo_data"
SEED_2020 = DEMO_DATA / "bulletin-2020-26.txt"
SEED_2019 = DEMO_DATA / "bulletin-2019-late.txt"
MASTHEAD_OR_PAGE_NUMBER = re.compile(
    r"^(\d+|上海市快递行业 精神文明创建工作简报|.*编|\d{4}年第.*|\d{4}年\d+月\d+日)$"
)


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_article_text(path: Path) -> str:
    """The seed's text from its first headline to the 报/送 block, page numbers removed."""
    lines = path.read_text().splitlines()
    distribution_start = next(i for i, line in enumerate(lines) if line.startswith("报："))
    body = [
        line
        for line in lines[:distribution_start]
        if not MASTHEAD_OR_PAGE_NUMBER.match(line.strip())
    ]
    return without_whitespace("".join(body))
