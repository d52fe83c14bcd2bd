"""Times the official PDF of the 2020 seed issue, and headless Chromium on the same HTML.

Also times a 25-article issue and an issue with a phone photo (issue 12).

    .venv/bin/python bench/pdf.py [--runs 10] [--chromium-runs 3]

Builds its own data in a throwaway SQLite database (the seed text comes from
tests/pdf_fixtures.py), renders the issue --runs times in one process and
prints the cold (first) and warm (median of the others) render times, the
page count and the file size. Targets: warm median <= 0.5 s, file <= 500 KB,
faster than Chromium.
"""

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_TARGET_S = 0.5
SIZE_TARGET_BYTES = 500 * 1024


def set_up_django(workdir: Path) -> None:
    """Development settings on a fresh SQLite database in `workdir`."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_office.settings"
    os.environ["DEBUG"] = "1"
    os.environ["SECRET_KEY"] = "bench-only-not-a-secret"
    os.environ["DATA_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def page_count(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def standalone_html(issue) -> str:
    """The PDF's HTML with its stylesheets inlined, for Chromium."""
    from django.conf import settings

    from issues.pdf.fetcher import read_static
    from issues.pdf.render import STYLESHEET, font_css, render_issue_html

    css = read_static(STYLESHEET).decode() + font_css(settings.BULLETIN_PDF_FONTS)
    html = render_issue_html(issue, draft=False)
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def chromium_print(chromium: str, html_file: Path, workdir: Path) -> float:
    profile = Path(tempfile.mkdtemp(dir=workdir, prefix="chromium-profile-"))
    output = workdir / "chromium.pdf"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={output}",
        html_file.as_uri(),
    ]
    seconds, _completed = timed(subprocess.run, command, capture_output=True, check=True)
    return seconds


def time_real_content(runs: int) -> None:
    """A 25-article issue (seed articles, tables, lists) and an issue with a 4000 × 3000 photo.

    The photo's first render makes its print copy (issues.images); later ones reuse it.
    """
    import itertools

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from issues.pdf.render import render_issue_pdf
    from tests import content_corpus, pdf_fixtures

    articles = itertools.cycle([*pdf_fixtures.SEED_2020_ARTICLES, *pdf_fixtures.SEED_2019_ARTICLES])
    long_issue = content_corpus.make_case_issue(content_corpus.CASES["table"])
    pdf_fixtures.add_articles(long_issue, [next(articles) for _ in range(24)])
    stored = default_storage.save(
        "issues/images/bench.jpg", ContentFile(content_corpus.photo_jpeg())
    )
    photo_issue = content_corpus.make_case_issue(content_corpus.photo_case(f"/media/{stored}"))
    for label, issue in (("25 articles", long_issue), ("4000×3000 photo", photo_issue)):
        cold, pdf = timed(render_issue_pdf, issue)
        warm = statistics.median(timed(render_issue_pdf, issue)[0] for _ in range(max(runs - 1, 1)))
        print(
            f"{label + ':':<26}cold {cold:.3f} s, warm median {warm:.3f} s, "
            f"{page_count(pdf)} pages, {len(pdf) / 1024:.0f} KB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="WeasyPrint renders (>= 2)")
    parser.add_argument("--chromium-runs", type=int, default=3, help="Chromium prints")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        workdir = Path(tmp)
        set_up_django(workdir)

        from issues.pdf.render import render_issue_pdf
        from tests.pdf_fixtures import make_issue_2020

        issue = make_issue_2020()
        cold, pdf = timed(render_issue_pdf, issue)
        warm = [timed(render_issue_pdf, issue)[0] for _ in range(max(options.runs - 1, 1))]
        warm_median = statistics.median(warm)

        print(f"WeasyPrint cold render:   {cold:.3f} s")
        print(
            f"WeasyPrint warm median:   {warm_median:.3f} s over {len(warm)} renders "
            f"(target <= {WARM_TARGET_S} s)"
        )
        print(f"Pages:                    {page_count(pdf)}")
        print(
            f"File size:                {len(pdf) / 1024:.0f} KB "
            f"(target <= {SIZE_TARGET_BYTES // 1024} KB)"
        )

        time_real_content(min(options.runs, 5))

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            print("Chromium:                 not installed, skipped")
            return
        html_file = workdir / "issue.html"
        html_file.write_text(standalone_html(issue), encoding="utf-8")
        chromium_times = [
            chromium_print(chromium, html_file, workdir) for _ in range(options.chromium_runs)
        ]
        chromium_median = statistics.median(chromium_times)
        print(
            f"Chromium median:          {chromium_median:.3f} s over {len(chromium_times)} "
            "prints (fresh profile each)"
        )
        print(f"Chromium / WeasyPrint:    {chromium_median / warm_median:.1f}x")


if __name__ == "__main__":
    main()
