"""Measures what a Word "zip bomb" costs the server: time and memory to refuse it.

    .venv/bin/python bench/docx_bomb.py [--characters 209000000]

Builds a .docx whose document.xml holds one paragraph of --characters
repeated letters (the attack test's file: 244 KB packed, 209
million characters unpacked), then gives it to issues.importing.docx.check_docx,
which every import runs first. Prints the file's size, the time to refuse it,
the peak Python memory during the check and the process's peak resident set.
Before the size checks the import took 33 s and 3.2 GB.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>标题</w:t></w:r></w:p><w:p><w:r><w:t>"
)
# One Latin letter repeated: the attack test's file packs 209 million of them into 244 KB.
FILLER = "a"
DOCUMENT_TAIL = "</w:t></w:r></w:p></w:body></w:document>"


def docx_bomb(characters: int, chunk: int = 1_000_000) -> bytes:
    """A valid .docx with a paragraph of `characters` letters, never held whole in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(DOCUMENT_HEAD.encode())
            block = (FILLER * chunk).encode()
            for _ in range(characters // chunk):
                document.write(block)
            document.write((FILLER * (characters % chunk)).encode())
            document.write(DOCUMENT_TAIL.encode())
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=209_000_000)
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_office.settings"
    os.environ["DEBUG"] = "1"
    os.environ["SECRET_KEY"] = "bench-only-not-a-secret"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.utils import translation

    from issues.importing.docx import WordFile, WordImportError, check_docx

    data = docx_bomb(options.characters)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with translation.override("zh-hans"):
            check_docx(WordFile("bomb.docx", data))
    except WordImportError as error:
        outcome = f"refused: {error}"
    else:
        outcome = "ACCEPTED (the limits did not hold)"
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"file:            {len(data) / 1024:.0f} KB, {options.characters:,} characters unpacked")
    print(f"check_docx:      {elapsed * 1000:.1f} ms")
    print(f"peak Python mem: {peak / 1024:.0f} KB during the check")
    print(f"peak RSS:        {rss_after / 1024:.0f} MB (before: {rss_before / 1024:.0f} MB)")
    print(outcome)


if __name__ == "__main__":
    main()
