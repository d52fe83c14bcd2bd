"""Numbers at sign-off: 第N期 per year, 总第M期 per series, no gaps and no duplicates."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues import services
from issues.models import Issue, Series

pytestmark = pytest.mark.usefixtures("fake_pdf")


def signed_off(make_issue, editor, approver, **fields):
    issue = services.submit(make_issue(**fields), editor)
    return services.sign_off(issue, approver)


def test_the_first_issue_continues_from_the_series_start(make_issue, editor, approver):
    issue = signed_off(make_issue, editor, approver)
    assert (issue.year, issue.number, issue.cumulative_number) == (2026, 1, 290)
    assert issue.issue_line == "2026年第1期（总第290期）"


def test_numbers_count_on_and_the_year_number_restarts(make_issue, editor, approver):
    dates = [datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), datetime.date(2027, 1, 5)]
    lines = [signed_off(make_issue, editor, approver, issue_date=day).issue_line for day in dates]
    assert lines == [
        "2026年第1期（总第290期）",
        "2026年第2期（总第291期）",
        "2027年第1期（总第292期）",
    ]


def test_numbering_follows_a_recorded_past_issue(make_issue, editor, approver):
    past = make_issue(issue_date=datetime.date(2020, 7, 20))
    services.record_historical_issue(
        past, year=2020, number=26, cumulative_number=289, user=approver
    )
    late_2020 = signed_off(make_issue, editor, approver, issue_date=datetime.date(2020, 9, 1))
    assert late_2020.issue_line == "2020年第27期（总第290期）"


def test_each_series_counts_for_itself(make_issue, editor, approver, distribution_list):
    other = Series.objects.create(
        title="另一份简报",
        slug="other",
        compiling_office="办公室",
        default_distribution_list=distribution_list,
    )
    signed_off(make_issue, editor, approver)
    assert signed_off(make_issue, editor, approver, series=other).issue_line == (
        "2026年第1期（总第1期）"
    )


def test_a_returned_or_withdrawn_issue_takes_no_number(make_issue, editor, approver):
    issue = services.submit(make_issue(), editor)
    services.return_to_draft(issue, approver, "再改改")
    assert not issue.is_numbered
    assert signed_off(make_issue, editor, approver).cumulative_number == 290


def test_sign_off_locks_the_issue_and_the_series(make_issue, editor, approver):
    issue = services.submit(make_issue(), editor)
    with CaptureQueriesContext(connection) as queries:
        services.sign_off(issue, approver)
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update:
        assert any('"issues_issue"' in sql for sql in locking)
        assert any('"issues_series"' in sql for sql in locking)


class TestCorrectingTheStart:
    def test_the_start_can_be_corrected_until_the_first_number(
        self, series, make_issue, editor, approver
    ):
        from django.core.exceptions import ValidationError

        series.cumulative_number_start = 300
        series.full_clean()
        series.save()
        signed_off(make_issue, editor, approver)
        series.cumulative_number_start = 310
        with pytest.raises(ValidationError) as refusal:
            series.full_clean()
        assert "cumulative_number_start" in refusal.value.message_dict
        series.refresh_from_db()
        series.title = "改名后的简报"
        series.full_clean()  # other fields stay editable

    def test_the_admin_shows_the_start_read_only_once_numbered(
        self, client, superuser, series, make_issue, editor, approver
    ):
        from django.urls import reverse

        client.force_login(superuser)
        url = reverse("admin:issues_series_change", args=[series.pk])
        assert 'name="cumulative_number_start"' in client.get(url).text
        signed_off(make_issue, editor, approver)
        assert 'name="cumulative_number_start"' not in client.get(url).text


SIGN_OFFS_AT_ONCE = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_offs_take_each_number_once(make_issue, editor, approver):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (row locks); set DATABASE_URL=postgres://… to run it. "
            "SQLite serialises writers anyway."
        )
    issues = [services.submit(make_issue(articles=1), editor) for _ in range(SIGN_OFFS_AT_ONCE)]
    start = threading.Barrier(SIGN_OFFS_AT_ONCE)
    errors = []

    def sign_off(issue):
        try:
            start.wait()
            services.sign_off(issue, approver)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_off, args=(issue,)) for issue in issues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = Issue.objects.values_list("number", "cumulative_number")
    assert sorted(n for n, _ in numbers) == list(range(1, SIGN_OFFS_AT_ONCE + 1))
    assert sorted(c for _, c in numbers) == list(range(290, 290 + SIGN_OFFS_AT_ONCE))
