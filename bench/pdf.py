"""Times the official PDF against a warm headless Chromium printing the same HTML.

Also times a 25-article issue and an issue with a phone photo (issue 12).

    .venv/bin/python bench/pdf.py [--runs 10] [--profile]

Builds its own data in a throwaway SQLite database (the seed text comes from
tests/pdf_fixtures.py) and a trial office certificate, so the official copy is
made as at sign-off: PDF/A-2b, tagged, signed, with the compact fonts
`manage.py build_pdf_fonts` makes. It starts as a web worker does
(ops.worker.prepare_worker: the first render, the signing key, gc.freeze)
and prints how long that took. For each issue in CASES it renders once,
then --runs times interleaved with Chromium: one browser
and one page kept open in this process, Playwright's page.pdf() on the same
HTML with the stylesheets inlined. It prints the medians, the file sizes and
the two ratios, WeasyPrint / Chromium.

Targets: time <= 0.5 x warm Chromium, file <= 0.4 x Chromium's.
--profile prints cProfile's top functions over the warm official renders.
"""

import argparse
import base64
import cProfile
import io
import logging
import os
import platform
import pstats
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
TIME_RATIO_TARGET = 0.5
SIZE_RATIO_TARGET = 0.4


def make_issue_2020():
    from tests.pdf_fixtures import make_issue_2020

    return make_issue_2020()


def make_issue_2020_with_table_and_photo():
    """The seed issue and one more article: a statistics table and a 4000 × 3000 phone photo.

    The seed issue of the first case, when it was made, since its number is taken.
    """
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from issues.models import Article, Issue
    from tests import content_corpus
    from tests.pdf_fixtures import make_issue_2020

    issue = Issue.objects.filter(year=2020, number=26).first() or make_issue_2020()
    photo = content_corpus.photo_jpeg()
    photo = default_storage.save("issues/images/bench.jpg", ContentFile(photo))
    Article.objects.create(
        issue=issue,
        position=issue.articles.count() + 1,
        headline="十月全市快递业务量统计",
        body="<p>十月全市主要快递企业业务量统计如下：</p>"
        + content_corpus.statistics_table()
        + f'<figure><img src="/media/{photo}" alt="活动现场"><figcaption>图为活动现场</figcaption>'
        "</figure><p>以上数据来源于各企业报送。</p>",
    )
    return issue


# (label, function making the issue): each is timed on its own. The targets
# are the seed issue's. A photo adds the same JPEG bytes to both files, so it
# moves the file ratio towards 1 whatever the renderer does.
CASES = [
    ("2020 seed issue (2020年第26期)", make_issue_2020),
    ("The seed issue with a table and a photo", make_issue_2020_with_table_and_photo),
]


def set_up_django(workdir: Path) -> None:
    """Development settings on a fresh SQLite database in `workdir`, signing on."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_office.settings"
    os.environ["DEBUG"] = "1"
    os.environ["SECRET_KEY"] = "bench-only-not-a-secret"
    os.environ["DATA_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["BULLETIN_SIGNING_CERT"] = str(workdir / "office-cert.pem")
    os.environ["BULLETIN_SIGNING_KEY"] = str(workdir / "office-key.pem")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django
    from django.core.management import call_command

    django.setup()
    # migrate's permission grants are audit log lines, not the bench's figures.
    logging.getLogger("audit").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    # As installed (scripts/bootstrap.sh): the compact CJK fonts (issues.pdf.fonts).
    call_command("build_pdf_fonts", stdout=io.StringIO())
    call_command(
        "make_office_certificate", "上海市快递行业精神文明创建办公室", directory=str(workdir),
        stdout=io.StringIO(),
    )  # fmt: skip


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def official_copy(issue) -> bytes:
    """The bytes sign-off stores: rendered (PDF/A-2b, tagged), then signed."""
    from issues.pdf.render import render_issue_pdf
    from signatures.signing import sign_official_pdf

    signed, signature = sign_official_pdf(render_issue_pdf(issue))
    assert signature.signed_at is not None, "the bench must sign, as sign-off does"
    return signed


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
    html = re.sub(r'src="([^"]+)"', lambda match: f'src="{_data_url(match[1])}"', html)
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def _data_url(src: str) -> str:
    """An image of the PDF's HTML as a data: URL, read as WeasyPrint reads it."""
    from issues.pdf.fetcher import INTERNAL_ORIGIN, BulletinURLFetcher

    response = BulletinURLFetcher().fetch(urljoin(f"{INTERNAL_ORIGIN}/", src))
    data = base64.b64encode(response.read()).decode()
    return f"data:{response.content_type};base64,{data}"


class WarmChromium:
    """One headless Chromium with one page, kept open; prints HTML with page.pdf().

    Playwright's sync API runs an event loop in its thread, where neither
    Django's ORM nor pyHanko (asyncio.run) may run, so the browser lives in a
    thread of its own and this one only waits for it.
    """

    def __init__(self):
        self._thread = ThreadPoolExecutor(max_workers=1)
        self._thread.submit(self._start).result()

    def _start(self):
        from playwright.sync_api import sync_playwright

        from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        self._page = self._browser.new_page()

    def _print(self, html: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        self._page.set_content(html, wait_until="load")
        pdf = self._page.pdf(prefer_css_page_size=True, print_background=True)
        return time.perf_counter() - start, pdf

    def print(self, html: str) -> tuple[float, bytes]:
        """(seconds, PDF), timed inside the browser's thread."""
        return self._thread.submit(self._print, html).result()

    def close(self):
        def stop():
            self._browser.close()
            self._playwright.stop()

        self._thread.submit(stop).result()
        self._thread.shutdown()


def run_case(label: str, make_issue, chromium: WarmChromium, runs: int, profiler) -> None:
    issue = make_issue()
    html = standalone_html(issue)
    first, pdf = timed(official_copy, issue)
    chromium.print(html)  # Chromium warms up too
    ours, theirs = [], []
    chromium_size = 0
    for _ in range(runs):
        if profiler:
            profiler.enable()
        seconds, pdf = timed(official_copy, issue)
        if profiler:
            profiler.disable()
        ours.append(seconds)
        seconds, chromium_bytes = chromium.print(html)
        theirs.append(seconds)
        chromium_size = len(chromium_bytes)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    time_ratio = ours_median / theirs_median
    size_ratio = len(pdf) / chromium_size
    print(f"{label}: {page_count(pdf)} pages")
    print(f"  WeasyPrint first render of the issue: {first:.3f} s")
    print(f"  WeasyPrint warm median:  {ours_median:.3f} s over {runs} (PDF/A-2b, tagged, signed)")
    print(f"  Chromium warm median:    {theirs_median:.3f} s over {runs} (page.pdf, same HTML)")
    print(f"  File: {len(pdf) / 1024:.0f} KB vs Chromium {chromium_size / 1024:.0f} KB")
    print(
        f"  Time ratio: {time_ratio:.2f} (target <= {TIME_RATIO_TARGET}) "
        f"{'met' if time_ratio <= TIME_RATIO_TARGET else 'MISSED'}"
    )
    print(
        f"  File ratio: {size_ratio:.2f} (target <= {SIZE_RATIO_TARGET}) "
        f"{'met' if size_ratio <= SIZE_RATIO_TARGET else 'MISSED'}"
    )


# Where a warm official render spends its time, by the functions that do each part.
PHASES = [
    ("layout (WeasyPrint render)", "weasyprint/__init__.py", "render"),
    ("drawing pages", "weasyprint/document.py", "paint"),
    ("font subsetting (HarfBuzz)", "weasyprint/pdf/fonts.py", "_harfbuzz_subset"),
    ("PDF structure tags", "weasyprint/pdf/tags.py", "add_tags"),
    ("writing and deflating", "pydyf/__init__.py", "write"),
    ("signing (pyHanko)", "signatures/signing.py", "sign_pdf"),
]


def print_phases(stats: pstats.Stats, renders: int) -> None:
    """Cumulative seconds per render of each phase (cProfile's clock, so a little slow)."""
    print(f"Phases, seconds per render under cProfile ({renders} renders):")
    for label, path, function in PHASES:
        seconds = sum(
            cumulative
            for (file, _line, name), (*_counts, cumulative, _callers) in stats.stats.items()
            if name == function and file.endswith(path)
        )
        print(f"  {label:30} {seconds / renders:.3f}")


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
        first, pdf = timed(render_issue_pdf, issue)
        warm = statistics.median(timed(render_issue_pdf, issue)[0] for _ in range(max(runs - 1, 1)))
        print(
            f"{label + ':':<26}first {first:.3f} s, warm median {warm:.3f} s, "
            f"{page_count(pdf)} pages, {len(pdf) / 1024:.0f} KB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="interleaved runs per issue")
    parser.add_argument("--profile", action="store_true", help="cProfile the warm renders")
    options = parser.parse_args()

    profiler = cProfile.Profile() if options.profile else None
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        set_up_django(Path(tmp))
        from ops.worker import prepare_worker

        start, _ = timed(prepare_worker)
        # The interpreter's build counts: see find_python() in scripts/bootstrap.sh.
        print(f"Python {platform.python_version()} ({os.path.realpath(sys.executable)})")
        print(f"Worker start (first render, signing key, gc.freeze): {start:.3f} s")
        chromium = WarmChromium()
        try:
            for label, make_issue in CASES:
                run_case(label, make_issue, chromium, options.runs, profiler)
        finally:
            chromium.close()
        time_real_content(min(options.runs, 5))
    if profiler:
        print_phases(pstats.Stats(profiler), options.runs * len(CASES))
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
