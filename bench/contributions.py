"""Times the reports' statistics page on PostgreSQL with years of reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bo_i18 \
        .venv/bin/python bench/contributions.py [--organisations 50] [--years 5] \
        [--reports-per-year 2000] [--per-organisation] [--runs 15]

Empties and fills the given database (it must be a throwaway one) with
bulk_create: per year 40 published issues of 8 articles, the reports of
every organisation spread over the year, three in ten adopted into that
year's articles (two or so per article, as 综合 pieces), the articles of the
first year credited to organisations without reports (issues from before
the system). --per-organisation makes --reports-per-year count per
organisation instead of for all together. Prints the median server time of
the statistics page (Django test client, session, templates) and its query
count, for one year and for the whole span, with fewer and with all the
reports: the query count must not change. Target: <= 200 ms.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200
ISSUES_PER_YEAR = 40
ARTICLES_PER_ISSUE = 8
ADOPTED_SHARE = 0.3
FIRST_YEAR = 2021


def set_up_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_office.settings"
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database, e.g. …/bo_i18.")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from django.conf import settings

    settings.DEBUG = False


def fill(args, rng: random.Random, *, years: int) -> dict:
    from django.contrib.auth.models import Group, User
    from django.db.models import QuerySet
    from django.utils import timezone

    from contributions.models import Report
    from contributions.roles import CONTRIBUTORS
    from issues.models import Article, Issue, Series
    from issues.roles import EDITORS
    from organisations.models import Membership, Organisation

    series = Series.objects.create(
        title="上海市快递行业 精神文明创建工作简报", slug="shanghai", compiling_office="办公室"
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"成员单位{index:02d}", short_name=f"单位{index:02d}", sort_order=index)
        for index in range(args.organisations)
    )
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    authors = User.objects.bulk_create(User(username=f"c{org.pk}") for org in organisations)
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org)
        for user, org in zip(authors, organisations, strict=True)
    )
    Group.objects.get(name=CONTRIBUTORS).user_set.add(*authors)
    author_of = {org.pk: user for org, user in zip(organisations, authors, strict=True)}

    through = Article.organisations.through
    per_year = args.reports_per_year * (args.organisations if args.per_organisation else 1)
    number = 0
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        issues = []
        for index in range(ISSUES_PER_YEAR):
            number += 1
            day = datetime.date(year, 1, 5) + datetime.timedelta(days=index * 9)
            issues.append(
                Issue(
                    series=series,
                    year=year,
                    number=index + 1,
                    cumulative_number=number,
                    issue_date=day,
                    status=Issue.Status.PUBLISHED,
                    published_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time())
                    ),
                )
            )
        issues = Issue.objects.bulk_create(issues)
        # Rows of issues published already: past the freeze guard's bulk_create.
        articles = QuerySet(Article).bulk_create(
            Article(
                issue=issue, position=position, headline=f"{issue.cumulative_number}-{position}"
            )
            for issue in issues
            for position in range(1, ARTICLES_PER_ISSUE + 1)
        )
        credits = set()
        reports = []
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        for _ in range(per_year):
            org = rng.choice(organisations)
            sent = start + datetime.timedelta(seconds=rng.randrange(365 * 24 * 3600))
            adopted = year > FIRST_YEAR and rng.random() < ADOPTED_SHARE
            article = rng.choice(articles) if adopted else None
            status = (
                Report.Status.ADOPTED
                if adopted
                else rng.choice(
                    [Report.Status.SUBMITTED, Report.Status.DECLINED, Report.Status.RETURNED]
                )
            )
            reports.append(
                Report(
                    series=series,
                    organisation=org,
                    author=author_of[org.pk],
                    headline="来稿",
                    contact_name="王",
                    contact_phone="021-1234567",
                    status=status,
                    first_submitted_at=sent,
                    submitted_at=sent,
                    article=article,
                )
            )
            if article is not None:
                credits.add((article.pk, org.pk))
        if year == FIRST_YEAR:  # before the system: articles name their organisations only
            credits = {(article.pk, rng.choice(organisations).pk) for article in articles}
        Report.objects.bulk_create(reports, batch_size=5000)
        QuerySet(through).bulk_create(
            (through(article_id=a, organisation_id=o) for a, o in credits), batch_size=5000
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a settled database
    return {"series": series, "editor": editor}


def statistics_path(data, start: datetime.date, end: datetime.date) -> str:
    return (
        f"/admin/contributions/report/statistics/?series={data['series'].pk}"
        f"&start={start.isoformat()}&end={end.isoformat()}"
    )


def measure(data, path: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(data["editor"])
    assert client.get(path).status_code == 200
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(timings), len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--reports-per-year", type=int, default=2000)
    parser.add_argument("--per-organisation", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    set_up_django()
    from django.core.management import call_command

    from contributions.models import Report

    last_year = datetime.date(FIRST_YEAR + args.years - 1, 1, 1)
    periods = {
        "one year": (last_year, last_year.replace(month=12, day=31)),
        f"{args.years} years": (
            datetime.date(FIRST_YEAR, 1, 1),
            last_year.replace(month=12, day=31),
        ),
    }
    for label, years in (("1 year of data", 1), (f"{args.years} years of data", args.years)):
        call_command("flush", interactive=False, verbosity=0)
        began = time.perf_counter()
        data = fill(args, random.Random(18), years=years)
        print(
            f"{label}: {Report.objects.count():,} reports, {args.organisations} organisations "
            f"(filled in {time.perf_counter() - began:.0f} s)"
        )
        # The admin's home page, for comparison: on a busy machine every figure grows.
        median, queries = measure(data, "/admin/", args.runs)
        print(f"  the admin's home page:        {median:6.1f} ms median, {queries} queries")
        for period, (start, end) in periods.items():
            median, queries = measure(data, statistics_path(data, start, end), args.runs)
            verdict = "ok" if median <= TARGET_MS else f"OVER {TARGET_MS} ms"
            figures = f"{median:6.1f} ms median, {queries} queries"
            print(f"  statistics for {period:>8}: {figures}  {verdict}")


if __name__ == "__main__":
    main()
