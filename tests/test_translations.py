"""The Chinese interface is complete: every English source string has a translation."""

import re
from pathlib import Path

import pytest
from django.utils import translation

CATALOGS = sorted(
    (Path(__file__).resolve().parent.parent / "locale").glob("zh_Hans/LC_MESSAGES/*.po")
)
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def joined(quoted_lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted_lines))


def is_english(msgid: str) -> bool:
    return bool(re.search(r"[a-z]{3}", re.sub(r"%\(\w+\)\w", "", msgid)))


def untranslated(catalog: Path) -> list[str]:
    text = catalog.read_text(encoding="utf-8")
    return [
        joined(msgid)
        for msgid, msgstr in ENTRY.findall(text)
        # Chinese source strings (document wording) need no translation.
        if is_english(joined(msgid)) and not joined(msgstr)
    ]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_every_english_string_has_a_chinese_translation(catalog):
    assert untranslated(catalog) == []


def test_the_compiled_catalog_is_used():
    with translation.override("zh-hans"):
        assert translation.gettext("Bulletin Office") == "简报编辑部"
        # Chinese has one plural form; a catalog without its header would fall back to English.
        assert (
            translation.ngettext("%(counter)s issue", "%(counter)s issues", 5) == "共%(counter)s期"
        )
