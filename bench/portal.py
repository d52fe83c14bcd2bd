"""Times the recipient portal on a large archive: 10,000 issues, 60,000 articles.

    .venv/bin/python bench/portal.py [--issues 10000] [--runs 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bo_portal .venv/bin/python bench/portal.py

Fills a throwaway SQLite database (and, when DATABASE_URL is set, that
PostgreSQL database too — its tables are emptied first) with bulk_create,
then prints the median server time (Django test client, session and
templates included) of the archive page, a filtered page, keyword searches
and an issue page, for a recipient account and for staff: made afresh each
time (portal.archive_cache retired before each request), then the archive
as its cache serves it. Article text is
drawn from the seed bulletins in demo/demo_data/*.txt when present, else
from a built-in sample. Targets: archive and issue pages <= 50 ms, a keyword
search <= 200 ms on PostgreSQL.

Each database runs in its own child process (Django is set up once per process).
"""

import argparse
import datetime
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_TARGET_MS = 50
SEARCH_TARGET_MS = 200
ARTICLES_PER_ISSUE = 6
RARE_PHRASE = "冷链寄递专项检查"  # put into about 1 article in 200
SAMPLE_TEXT = """\
上海市邮政管理局荣获综合运输示范城市建设先进单位
近日，上海市交通委对积极开展综合运输示范城市建设工作单位予以表彰。上海市邮政管理局荣获综合运输示范城市建设先进单位。
近年来，上海邮政业积极融入地方发展大局，不断夯实发展基础，提高行业治理能力，积极探索、勇于实践，不断推动行业高质量发展。
奉献点滴爱心 助力脱贫攻坚
“爱心校服漂流”活动已在上海各大中小学持续开展多年，得到了社会方方面面的关注和支持。
下一步，将持续推动行业高质量发展，为促进地方经济社会发展作出应有贡献。
"""


def seed_text() -> tuple[list[str], list[str]]:
    """Headline-like short lines and body sentences from the seeds (or the sample)."""
    files = sorted((ROOT / "demo" / "demo_data").glob("*.txt"))
    text = "\n".join(f.read_text(encoding="utf-8") for f in files) if files else SAMPLE_TEXT
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    headlines = [line for line in lines if 6 <= len(line) <= 40 and not line.endswith("。")]
    sentences = [s + "。" for line in lines if len(line) > 40 for s in line.split("。") if s]
    return headlines or ["工作简报"], sentences


def set_up_django(database_url: str, data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_office.settings"
    os.environ["DEBUG"] = "1"
    os.environ["SECRET_KEY"] = "bench-only-not-a-secret"
    os.environ["DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = database_url
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    # Time as served: no query log, no template debugging (both read at run time).
    from django.conf import settings

    settings.DEBUG = False


def fill(issue_count: int, rng: random.Random) -> dict:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet
    from django.utils import timezone

    from issues.models import Article, Issue, IssueRecipient, OfficialCopy, Series
    from organisations.models import Membership, Organisation, Role
    from portal.selectors import forget_filter_lists

    headlines, sentences = seed_text()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"第{n}单位", short_name=f"单位{n}", sort_order=n) for n in range(40)
    )
    series = Series.objects.bulk_create(
        [
            Series(
                title="上海市快递行业 精神文明创建工作简报", slug="wenming", compiling_office="办"
            ),
            Series(title="邮政管理 工作简报", slug="gongzuo", compiling_office="办"),
            Series(title="公开 信息简报", slug="gongkai", compiling_office="办", is_public=True),
        ]
    )
    pdf_sha = hashlib.sha256(b"bench").hexdigest()
    now = timezone.now()
    issues = []
    per_series = issue_count // len(series)
    start = datetime.date(2026, 1, 1) - datetime.timedelta(weeks=per_series)
    for s_index, one_series in enumerate(series):
        for n in range(per_series + (issue_count % len(series) if s_index == 0 else 0)):
            date = start + datetime.timedelta(weeks=n, days=s_index)
            issues.append(
                Issue(
                    series=one_series,
                    year=date.year,
                    number=n + 1,  # unique per series, which is all the bench needs
                    cumulative_number=n + 1,
                    issue_date=date,
                    status=Issue.Status.PUBLISHED,
                    published_at=now - datetime.timedelta(days=1),
                )
            )
    issues = Issue.objects.bulk_create(issues, batch_size=2000)
    OfficialCopy.objects.bulk_create(
        (
            OfficialCopy(
                issue=issue,
                format="pdf",
                file="issues/pdf/bench.pdf",
                sha256=pdf_sha,
                size=123456,
                made_at=now,
            )
            for issue in issues
        ),
        batch_size=2000,
    )

    articles = []
    for issue in issues:
        for position in range(1, ARTICLES_PER_ISSUE + 1):
            paragraphs = [
                "".join(rng.sample(sentences, k=min(3, len(sentences)))) for _p in range(2)
            ]
            if rng.random() < 0.005:
                paragraphs.append(f"开展{RARE_PHRASE}。")
            articles.append(
                Article(
                    issue=issue,
                    position=position,
                    headline=rng.choice(headlines)[:200],
                    body="".join(f"<p>{p}</p>" for p in paragraphs),
                )
            )
    # Seed rows of issues that are published already: past the freeze guard's bulk_create.
    articles = QuerySet(Article).bulk_create(articles, batch_size=2000)
    Through = Article.organisations.through
    QuerySet(Through).bulk_create(
        (
            Through(article_id=article.pk, organisation_id=rng.choice(organisations).pk)
            for article in articles
        ),
        batch_size=5000,
    )
    recipients = []
    for issue in issues:
        chosen = rng.sample(organisations, k=5)
        # The first organisation receives every other issue: a typical member.
        if issue.pk % 2 == 0 and organisations[0] not in chosen:
            chosen[0] = organisations[0]
        elif issue.pk % 2 == 1 and organisations[0] in chosen:
            chosen.remove(organisations[0])
        for position, organisation in enumerate(chosen, start=1):
            recipients.append(
                IssueRecipient(
                    issue=issue,
                    role=Role.REPORT if position == 1 else Role.SEND,
                    organisation=organisation,
                    name=organisation.name,
                    position=position,
                )
            )
    QuerySet(IssueRecipient).bulk_create(recipients, batch_size=5000)
    forget_filter_lists()  # bulk_create sends no signals

    reader = User.objects.create_user("bench-reader", password="x")
    Membership.objects.create(user=reader, organisation=organisations[0])
    staff = User.objects.create_user("bench-staff", password="x", is_staff=True)
    middle = issues[len(issues) // 6 * 2 + 1]  # one the reader receives
    return {"reader": reader, "staff": staff, "issue": middle, "common": sentences[0][2:6]}


def median_ms(client, path: str, runs: int, *, cached: bool = False) -> float:
    """The median time of `path`, made afresh each time unless `cached` (the archive's cache)."""
    from portal.archive_cache import archive_changed

    for _warm in range(2):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _run in range(runs):
        if not cached:
            archive_changed()
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run_child(args) -> None:
    from urllib.parse import quote

    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        tmp = Path(tmp)
        url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
        set_up_django(url, tmp)
        from django.db import connection
        from django.test import Client

        vendor = connection.vendor
        start = time.perf_counter()
        data = fill(args.issues, random.Random(20200720))
        # Planner statistics, as a server that has run for a while has them: on
        # PostgreSQL from autovacuum (with the visibility map that allows index-only
        # scans), on SQLite from ANALYZE or PRAGMA optimize. Without them SQLite sorts
        # every visible issue for the archive's first page.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        from issues.models import Article, Issue

        print(
            f"\n{vendor}: {Issue.objects.count()} issues, {Article.objects.count()} articles "
            f"filled in {time.perf_counter() - start:.1f} s"
        )
        issue = data["issue"]
        pages = {
            "archive": "/",
            "filtered (series+year)": f"/?series=wenming&year={issue.year}",
            "keyword, rare": f"/?q={quote(RARE_PHRASE)}",
            "keyword, common": f"/?q={quote(data['common'])}",
            "keyword+year": f"/?q={quote(RARE_PHRASE)}&year={issue.year}",
            "archive, deep page": f"/?page={max(1, args.issues // 40)}",
            "issue page": f"/{issue.series.slug}/{issue.year}/{issue.number}/",
        }
        for who in ("reader", "staff"):
            client = Client()
            client.force_login(data[who])
            for name, path in pages.items():
                ms = median_ms(client, path, args.runs)
                target = SEARCH_TARGET_MS if name.startswith("keyword") else PAGE_TARGET_MS
                verdict = "ok" if ms <= target else f"OVER {target} ms"
                print(f"  {who:6} {name:24} median {ms:7.1f} ms  {verdict}")
            ms = median_ms(client, "/", args.runs, cached=True)
            print(f"  {who:6} {'archive, from the cache':24} median {ms:7.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    targets = [""]
    if os.environ.get("DATABASE_URL"):
        targets.append(os.environ["DATABASE_URL"])
    for database_url in targets:
        command = [sys.executable, __file__, "--child", "--issues", str(args.issues)]
        command += ["--runs", str(args.runs), "--database-url", database_url]
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(command, check=True, env=env)


if __name__ == "__main__":
    main()
