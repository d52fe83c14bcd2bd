"""The Chinese interface is complete: every English source string has a translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATALOGS = sorted((PROJECT_DIR / "locale").glob("zh_Hans/LC_MESSAGES/*.po"))
# One entry's keyword (msgid, msgid_plural, msgstr, msgstr[0]) and its quoted lines.
FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) ((?:".*"\n?)+)', re.MULTILINE)


def joined(quoted_lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted_lines))


def entries(catalog: Path) -> list[dict]:
    """The catalog's current entries (obsolete ones left out), each with its flags."""
    found = []
    for block in catalog.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        fields = {keyword: joined(lines) for keyword, lines in FIELD.findall(block + "\n")}
        if fields.get("msgid"):  # the header has an empty msgid
            flags = re.findall(r"^#, (.*)$", block, re.MULTILINE)
            fields["fuzzy"] = any("fuzzy" in line for line in flags)
            found.append(fields)
    return found


def is_english(msgid: str) -> bool:
    return bool(re.search(r"[a-z]{3}", re.sub(r"%\(\w+\)\w", "", msgid)))


def untranslated(catalog: Path) -> list[str]:
    """English msgids with no translation, or only a fuzzy one (msgfmt leaves those out)."""
    return [
        entry["msgid"]
        for entry in entries(catalog)
        # Chinese source strings (document wording) need no translation.
        if is_english(entry["msgid"])
        and (entry["fuzzy"] or not (entry.get("msgstr") or entry.get("msgstr[0]")))
    ]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_every_english_string_has_a_chinese_translation(catalog):
    assert untranslated(catalog) == []


def test_the_catalog_holds_every_string_of_the_source(tmp_path):
    """A string added to the code but not to the catalog would show in English."""
    if shutil.which("xgettext") is None:
        pytest.skip("needs GNU gettext (apt-get install gettext)")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_DIR, capture_output=True, check=True
    ).stdout.decode()
    if not tracked:
        pytest.skip("needs a git checkout")
    for name in tracked.split("\0"):
        if name and (PROJECT_DIR / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_DIR / name, tmp_path / name)
    for domain in ("django", "djangojs"):
        subprocess.run(
            [
                *(sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-d", domain),
                *("--ignore=tests", "--ignore=bench", "--ignore=scripts", "-v", "0"),
            ],
            cwd=tmp_path,
            check=True,
            env={**os.environ, "DATA_DIR": str(tmp_path / "data")},
        )
    for catalog in CATALOGS:
        relative = catalog.relative_to(PROJECT_DIR)
        extracted = {entry["msgid"] for entry in entries(tmp_path / relative)}
        committed = {entry["msgid"] for entry in entries(catalog)}
        assert sorted(extracted - committed) == [], f"{relative}: run makemessages"


def test_the_compiled_catalog_is_used():
    with translation.override("zh-hans"):
        assert translation.gettext("Bulletin Office") == "简报编辑部"
        # Chinese has one plural form; a catalog without its header would fall back to English.
        assert (
            translation.ngettext("%(counter)s issue", "%(counter)s issues", 5) == "共%(counter)s期"
        )
