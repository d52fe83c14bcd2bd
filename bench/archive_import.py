"""Time `import_bulletin` on a folder of generated bulletins; prints seconds and peak memory.

    .venv/bin/python bench/archive_import.py [COUNT]

Makes COUNT (default 500) bulletins of the layouts in tests/archive_samples.py, with
numbers and text varied, in a temporary folder, and imports them into a throw-away
SQLite database (or DATABASE_URL's). Memory is sampled after every 100 files: a flat
line means the import holds nothing per file.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bulletin_office.settings")
# Off, as in production: with DEBUG on, Django keeps every query, and memory grows.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
WORK = Path(tempfile.mkdtemp(prefix="bench-archive-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from archive_import.services import ImportOptions, import_files  # noqa: E402
from issues.models import Series  # noqa: E402
from tests.archive_samples import SAMPLES as ALL_SAMPLES  # noqa: E402

# The layouts whose masthead gives every number a past issue needs.
SAMPLES = [sample for sample in ALL_SAMPLES if sample.expected.cumulative_number is not None]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_folder(folder: Path, count: int) -> None:
    for index in range(count):
        sample = SAMPLES[index % len(SAMPLES)]
        serial = index // len(SAMPLES) + 1
        text = sample.text()
        number, cumulative = sample.expected.number, sample.expected.cumulative_number
        text = text.replace(f"第{number}期", f"第{serial}期", 1)
        text = text.replace(f"总第{cumulative}期", f"总第{1000 + serial}期", 1)
        text = text.replace(f"总{cumulative}期", f"总{1000 + serial}期", 1)
        text = text.replace(f"({cumulative}期", f"({1000 + serial}期", 1)
        # The body varies too, so that every file is a different file.
        text = text.replace("。", f"（第{serial}次）。", 1)
        (folder / f"{index:04d}-{sample.name}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    for number, sample in enumerate(SAMPLES):
        Series.objects.create(title=sample.expected.series_title, slug=f"bench-{number}")
    folder = WORK / "bulletins"
    folder.mkdir()
    write_folder(folder, count)
    samples = []

    def progress(done, total, name):
        if done % 100 == 0 or done == total:
            samples.append((done, time.perf_counter() - start, peak_mb()))

    start = time.perf_counter()
    outcomes = import_files([folder], ImportOptions(user=user), progress=progress)
    elapsed = time.perf_counter() - start
    by_status = {}
    for outcome in outcomes:
        by_status[outcome.status] = by_status.get(outcome.status, 0) + 1
    print(f"{count} bulletins in {elapsed:.1f} s ({elapsed / count * 1000:.0f} ms a file)")
    print("outcomes:", by_status)
    for done, seconds, memory in samples:
        print(f"  after {done:4d} files: {seconds:6.1f} s, peak RSS {memory:.0f} MB")
    refused = [outcome for outcome in outcomes if outcome.status == "refused"]
    for outcome in refused[:5]:
        print("  refused:", outcome.name, outcome.message)


if __name__ == "__main__":
    main()
