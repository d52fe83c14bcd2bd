"""The statistics of reports (信息报送统计): figures against a hand count, exports, queries."""

import csv
import datetime
import html
import io
import random
import re
from collections import Counter
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from contributions.models import PointsRule, Report
from contributions.selectors import report_statistics
from issues.models import Issue, Series
from organisations.models import Organisation
from tests.contributions_support import make_contributor
from tests.portal_fixtures import make_published_issue

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def shanghai(day: datetime.date, hour=12, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def random_day(rng, year_from=2025, year_to=2026) -> datetime.date:
    start = datetime.date(year_from, 10, 1)
    return start + datetime.timedelta(
        days=rng.randrange((datetime.date(year_to, 9, 30) - start).days)
    )


@pytest.fixture
def generated(db, series):
    """Random reports, issues and historical articles, and the plan they were made from.

    The plan (plain Python) is what the hand count reads; the selector reads the database.
    """
    rng = random.Random(18)
    other_series = Series.objects.create(
        title="另一份 简报", slug="other", compiling_office="办公室"
    )
    organisations = [
        Organisation.objects.create(name=f"单位{index}", short_name=f"单{index}", sort_order=index)
        for index in range(6)
    ]
    Organisation.objects.filter(pk=organisations[5].pk).update(is_active=False)
    idle = Organisation.objects.create(name="从未供稿的单位", sort_order=99)
    authors = {org.pk: make_contributor(f"user{org.pk}", org) for org in organisations}

    plan = {"reports": [], "credits": []}  # credits: (issue facts, position==first, org, n reports)
    statuses = [
        (Issue.Status.PUBLISHED, series),
        (Issue.Status.PUBLISHED, other_series),
        (Issue.Status.REVOKED, series),
    ]
    for number in range(1, 15):
        status, issue_series = rng.choice(statuses * 3)  # mostly published issues of the series
        day = random_day(rng)
        credits = [rng.sample(organisations, rng.choice([0, 1, 1, 2])) for _ in range(4)]
        issue = make_published_issue(
            issue_series,
            year=day.year,
            number=number,
            issue_date=day,
            status=status,
            articles=tuple(
                (f"第{number}期第{position}篇", "<p>正文</p>", tuple(credited))
                for position, credited in enumerate(credits, start=1)
            ),
            with_pdf=False,
        )
        counted = (
            issue_series == series and status == Issue.Status.PUBLISHED and START <= day <= END
        )
        for article, credited in zip(issue.articles.order_by("position"), credits, strict=True):
            for org in credited:
                linked = rng.choice([0, 0, 1, 2])  # reports adopted into this article
                for _ in range(linked):
                    sent = shanghai(random_day(rng))
                    report = Report.objects.create(
                        series=series,
                        organisation=org,
                        author=authors[org.pk],
                        headline="采用稿",
                        contact_name="王",
                        contact_phone="021-1234567",
                        status=Report.Status.ADOPTED,
                    )
                    Report.objects.filter(pk=report.pk).update(
                        first_submitted_at=sent, submitted_at=sent, article=article
                    )
                    plan["reports"].append((org.pk, sent, series, counted))
                plan["credits"].append((counted, article.position == 1, org.pk, linked))
    # Reports not adopted (yet): sent, returned, declined, drafts; some on the period's edges.
    edges = [
        shanghai(START, 0, 0),
        shanghai(START - datetime.timedelta(days=1), 23, 59),
        shanghai(END, 23, 59),
        shanghai(END + datetime.timedelta(days=1), 0, 0),
    ]
    for index in range(120):
        org = rng.choice(organisations)
        status = rng.choice(
            [
                Report.Status.SUBMITTED,
                Report.Status.RETURNED,
                Report.Status.DECLINED,
                Report.Status.DRAFT,
            ]
        )
        report_series = rng.choice([series, series, series, other_series])
        sent = (
            None
            if status == Report.Status.DRAFT
            else (
                edges[index] if index < len(edges) else shanghai(random_day(rng), rng.randrange(24))
            )
        )
        report = Report.objects.create(
            series=report_series,
            organisation=org,
            author=authors[org.pk],
            headline="来稿",
            status=status,
        )
        Report.objects.filter(pk=report.pk).update(first_submitted_at=sent, submitted_at=sent)
        plan["reports"].append((org.pk, sent, report_series, False))
    return {"series": series, "organisations": organisations, "idle": idle, "plan": plan}


def hand_count(plan, series, rule):
    """The statistics as a person would count them from the plan, article by article."""
    start = shanghai(START, 0, 0)
    end = shanghai(END + datetime.timedelta(days=1), 0, 0)
    submitted, adopted, lead = Counter(), Counter(), Counter()
    for org, sent, report_series, adopted_in_period in plan["reports"]:
        if sent is not None and report_series == series and start <= sent < end:
            submitted[org] += 1
        if adopted_in_period:
            adopted[org] += 1
    for counted, first, org, linked in plan["credits"]:
        if not counted:
            continue
        if linked == 0:  # a historical article: one report sent and adopted
            submitted[org] += 1
            adopted[org] += 1
        if first:
            lead[org] += 1
    points = {
        org: (adopted[org] - min(lead[org], adopted[org])) * rule.adoption_points
        + min(lead[org], adopted[org]) * rule.lead_points
        for org in set(adopted) | set(lead)
    }
    return submitted, adopted, lead, points


def test_the_statistics_match_a_hand_count(generated):
    series, plan = generated["series"], generated["plan"]
    rule = PointsRule.objects.create(adoption_points=Decimal(1), lead_points=Decimal("2.5"))
    statistics = report_statistics(series, START, END)
    submitted, adopted, lead, points = hand_count(plan, series, rule)
    assert sum(submitted.values()) > 20 and sum(lead.values()) > 0  # the data is not trivial
    figures = {row.organisation.pk: row for row in statistics.rows}
    for org in generated["organisations"]:
        row = figures.get(org.pk)
        if org.pk not in submitted and not org.is_active:
            continue
        assert (row.submitted, row.adopted, row.lead, row.points) == (
            submitted[org.pk],
            adopted[org.pk],
            lead[org.pk],
            points.get(org.pk, 0),
        ), org.name
        expected_rate = (
            (Decimal(100) * adopted[org.pk] / submitted[org.pk]).quantize(Decimal("0.1"))
            if submitted[org.pk]
            else None
        )
        assert row.rate == expected_rate
    # An active organisation that sent nothing is listed, last, with zeros.
    assert statistics.rows[-1].organisation == generated["idle"]
    assert (statistics.rows[-1].submitted, statistics.rows[-1].points) == (0, 0)
    # Ranked by points, ties sharing their rank.
    assert statistics.rows[0].rank == 1
    for before, after in zip(statistics.rows, statistics.rows[1:], strict=False):
        assert before.points >= after.points
        if (before.points, before.adopted) == (after.points, after.adopted):
            assert before.rank == after.rank
        else:
            assert after.rank == statistics.rows.index(after) + 1


def test_the_rule_defaults_to_one_point_and_two_for_a_lead(db):
    rule = PointsRule.current()
    assert (rule.adoption_points, rule.lead_points) == (1, 2)
    assert str(rule) == "采用 1 分，头条 2 分"


def test_the_page_shows_table_and_chart_and_takes_constant_queries(
    client, generated, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    url = reverse("admin:contributions_report_statistics")
    query = {"series": generated["series"].pk, "start": START, "end": END}
    with django_assert_max_num_queries(20) as counted:
        response = client.get(url, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "bar--adopted" in page
    assert "报送数" in page and "采用率" in page and "头条数" in page
    assert "2026年1月1日" in page
    first = report_statistics(generated["series"], START, END).rows[0]
    assert first.organisation.name in page
    # Many more reports: the same number of queries.
    org = generated["organisations"][0]
    author = org.memberships.get().user
    Report.objects.bulk_create(
        Report(
            series=generated["series"],
            organisation=org,
            author=author,
            headline=f"来稿{number}",
            status=Report.Status.SUBMITTED,
            first_submitted_at=shanghai(START),
            submitted_at=shanghai(START),
        )
        for number in range(300)
    )
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url, query)


def test_a_wrong_period_is_said_in_chinese(client, generated, editor):
    client.force_login(editor)
    response = client.get(
        reverse("admin:contributions_report_statistics"),
        {"series": generated["series"].pk, "start": END, "end": START},
    )
    assert "截止日期早于起始日期。" in response.content.decode()


def test_the_xlsx_holds_the_same_figures(client, generated, editor):
    client.force_login(editor)
    response = client.get(
        reverse("admin:contributions_report_statistics"),
        {"series": generated["series"].pk, "start": START, "end": END, "format": "xlsx"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2026-01-01" in rows[0][0] and "2026-06-30" in rows[0][0]
    assert rows[3] == ("名次", "单位", "报送数", "采用数", "采用率（%）", "头条数", "积分")
    statistics = report_statistics(generated["series"], START, END)
    expected = [
        (
            row.rank,
            row.organisation.name,
            row.submitted,
            row.adopted,
            float(row.rate) if row.rate is not None else None,
            row.lead,
            row.points,
        )
        for row in statistics.rows
    ]
    assert [(*row[:6], Decimal(str(row[6]))) for row in rows[4:]] == expected


def test_the_csv_holds_the_same_figures(client, generated, editor):
    client.force_login(editor)
    response = client.get(
        reverse("admin:contributions_report_statistics"),
        {"series": generated["series"].pk, "start": START, "end": END, "format": "csv"},
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    statistics = report_statistics(generated["series"], START, END)
    assert rows[0][:3] == ["名次", "单位", "报送数"]
    assert [(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[5])) for r in rows[1:]] == [
        (row.rank, row.organisation.name, row.submitted, row.adopted, row.lead)
        for row in statistics.rows
    ]


def test_only_the_office_sees_the_statistics(client, db, shentong, staff_without_role):
    url = reverse("admin:contributions_report_statistics")
    client.force_login(make_contributor("c", shentong))
    assert client.get(url).status_code == 302  # not staff: the admin's log-in
    client.force_login(staff_without_role)
    assert client.get(url).status_code == 403


def test_the_chart_scales_bars_and_escapes_names():
    from contributions.chart import BAR_AREA, bar_chart
    from contributions.selectors import OrganisationFigures

    rows = [
        OrganisationFigures(Organisation(name="<b>单位</b>"), submitted=4, adopted=2),
        OrganisationFigures(Organisation(name="乙", short_name="乙单位"), submitted=1, adopted=0),
    ]
    svg = str(bar_chart(rows))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "&lt;b&gt;单位&lt;/b&gt;" in svg and "<b>" not in svg
    assert f'width="{float(BAR_AREA)}"' in svg and f'width="{BAR_AREA / 2}"' in svg
    assert "乙单位" in svg


def test_names_that_look_like_formulas_stay_text(client, series, editor):
    Organisation.objects.create(name='=HYPERLINK("http://example.org")')
    client.force_login(editor)
    url = reverse("admin:contributions_report_statistics")
    query = {"series": series.pk, "start": START, "end": END}
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content)
    ).active
    names = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert '=HYPERLINK("http://example.org")' in names
    assert sheet.cell(5, 2).data_type == "s"
    text = client.get(url, {**query, "format": "csv"}).content.decode()
    assert "'=HYPERLINK" in text


# --- The page as a new user meets it (issue 24) ---------------------------------------------

STATISTICS_URL = "/admin/contributions/report/statistics/"


def date_input(page: str, name: str) -> str:
    """The value the page gives the <input type="date"> `name`, which must be one."""
    (tag,) = re.findall(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    assert 'type="date"' in tag
    return re.search(r'value="([^"]*)"', tag).group(1)


def export_links(page: str) -> dict[str, str]:
    links = re.findall(r'<a href="([^"]+)" class="export-(xlsx|csv)"', page)
    return {kind: html.unescape(href) for href, kind in links}


def sheet_title(response) -> str:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value


def test_the_page_opened_bare_shows_this_year_so_far_in_iso_dates(client, series, editor):
    client.force_login(editor)
    today = timezone.localdate()
    page = client.get(STATISTICS_URL).content.decode()
    # An <input type="date"> shows only ISO dates; 2026/01/01 would leave it empty and invalid.
    assert date_input(page, "start") == f"{today.year}-01-01"
    assert date_input(page, "end") == today.isoformat()
    assert f"{today.year}年1月1日" in page
    assert "errornote" not in page


def test_the_export_links_carry_the_period_shown(client, generated, editor):
    client.force_login(editor)
    series = generated["series"]
    page = client.get(
        STATISTICS_URL, {"series": series.pk, "start": "2026-01-01", "end": "2026-06-30"}
    ).content.decode()
    assert date_input(page, "start") == "2026-01-01"
    assert date_input(page, "end") == "2026-06-30"
    links = export_links(page)
    for kind in ("xlsx", "csv"):
        query = parse_qs(urlsplit(links[kind]).query)
        assert query == {
            "series": [str(series.pk)],
            "start": ["2026-01-01"],
            "end": ["2026-06-30"],
            "format": [kind],
        }
    title = sheet_title(client.get(STATISTICS_URL + links["xlsx"]))
    assert "2026-01-01" in title and "2026-06-30" in title
    response = client.get(STATISTICS_URL + links["csv"])
    assert response["Content-Type"].startswith("text/csv")
    assert "20260101-20260630" in response["Content-Disposition"]


def test_the_export_links_of_the_bare_page_work(client, series, editor):
    client.force_login(editor)
    today = timezone.localdate()
    page = client.get(STATISTICS_URL).content.decode()
    title = sheet_title(client.get(STATISTICS_URL + export_links(page)["xlsx"]))
    assert f"{today.year}-01-01" in title and today.isoformat() in title
    # An export asked for with no filters at all: the default period too, not three errors.
    title = sheet_title(client.get(STATISTICS_URL, {"format": "xlsx"}))
    assert f"{today.year}-01-01" in title and today.isoformat() in title
    response = client.get(STATISTICS_URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "这个字段是必填项" not in response.content.decode("utf-8")


def test_a_filter_left_out_takes_its_default(client, series, editor):
    client.force_login(editor)
    today = timezone.localdate()
    page = client.get(STATISTICS_URL, {"start": "2026-03-01"}).content.decode()
    assert "errornote" not in page
    assert date_input(page, "start") == "2026-03-01"
    assert date_input(page, "end") == today.isoformat()
    assert f"start=2026-03-01&end={today.isoformat()}" in export_links(page)["xlsx"]


def test_dates_in_other_forms_are_read_and_shown_as_iso(client, series, editor):
    client.force_login(editor)
    page = client.get(
        STATISTICS_URL, {"series": series.pk, "start": "2026/01/01", "end": "2026年6月30日"}
    ).content.decode()
    assert "errornote" not in page
    assert date_input(page, "start") == "2026-01-01"
    assert date_input(page, "end") == "2026-06-30"
    assert "2026年1月1日" in page and "2026年6月30日" in page


def test_bad_input_is_said_in_chinese_and_shown_again(client, series, editor):
    client.force_login(editor)
    response = client.get(
        STATISTICS_URL,
        {"series": series.pk, "start": "2026-13-45", "end": "", "format": "xlsx"},
    )
    # No file for a period that cannot be read: the page, with what was typed.
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "起始日期: 请填写有效的日期，例如 2026-01-01。" in page
    assert "截止日期: 请填写截止日期。" in page
    assert date_input(page, "start") == "2026-13-45"
    assert "export-xlsx" not in page
    page = client.get(
        STATISTICS_URL, {"series": "99", "start": "2026-01-01", "end": "2026-06-30"}
    ).content.decode()
    assert "简报: 请从列出的简报中选择一份。" in page
