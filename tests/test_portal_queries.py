"""Every portal page runs the same number of SQL queries, however much there is."""

import pytest

from organisations.models import Organisation
from portal import archive_cache
from tests.portal_fixtures import feed_path, issue_path, make_published_issue


def fill(series, organisations, size):
    """`size` issues of `size` articles each, every article by two organisations."""
    issues = []
    for number in range(1, size + 1):
        issues.append(
            make_published_issue(
                series,
                year=2020 + number % 2,
                number=number,
                recipients=tuple(organisations),
                articles=tuple(
                    (f"第{number}期第{a}篇 快递", f"<p>正文{a}</p>", organisations[:2])
                    for a in range(1, size + 1)
                ),
            )
        )
    return issues


@pytest.fixture(params=[2, 6], ids=["small", "large"])
def data(request, restricted_series, bureau, association):
    size = request.param
    extra = [Organisation.objects.create(name=f"单位{n}") for n in range(size)]
    issues = fill(restricted_series, [bureau, association, *extra], size)
    return issues


ARCHIVE_FILTERED = "/?year=2020&q=%E5%BF%AB%E9%80%92&series=wenming"

# Each page's path, and its queries for a logged-in recipient and for staff, once the page
# has been seen (the archive is cached then, the receipt recorded): the session, the user
# with its membership, then the page's own. The issue page, the feed and the download
# read the official copies in one query of their own (prefetch_related).
PAGES = {
    "archive": (lambda issues: "/", 2, 2),
    "archive filtered": (lambda issues: ARCHIVE_FILTERED, 2, 2),
    # The recipient's: its organisation's receipt, for the 签收 line.
    "issue": (lambda issues: issue_path(issues[len(issues) // 2]), 10, 9),
    "organisation": (lambda issues: f"/organisations/{first_contributor(issues)}/", 7, 7),
    "feed": (lambda issues: feed_path(issues[0].series), 6, 6),
    "pdf": (lambda issues: issue_path(issues[0], "pdf/"), 4, 4),
}


def first_contributor(issues) -> int:
    return issues[0].articles.first().organisations.first().pk


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("viewer", ["recipient", "staff"])
def test_pages_run_a_constant_number_of_queries(
    client, request, data, django_assert_num_queries, viewer, page
):
    path_of, for_recipient, for_staff = PAGES[page]
    path = path_of(data)
    client.force_login(request.getfixturevalue(viewer))
    client.get(path)
    with django_assert_num_queries(for_recipient if viewer == "recipient" else for_staff):
        response = client.get(path)
    assert response.status_code == 200


def test_the_first_download_records_the_receipt_in_a_constant_number_of_queries(
    client, recipient, data, django_assert_num_queries
):
    client.force_login(recipient)
    # The session, the user, the issue, its copies, then the receipt's get_or_create in its
    # savepoint.
    with django_assert_num_queries(8):
        response = client.get(issue_path(data[0], "pdf/"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "expected"),
    # The session, the user, the next scheduled issue, the grouped count, the contributing
    # organisations, (the filtered count,) the page of issues, their headlines.
    [("/", 7), (ARCHIVE_FILTERED, 8)],
    ids=["archive", "archive filtered"],
)
@pytest.mark.parametrize("viewer", ["recipient", "staff"])
def test_the_archive_made_afresh_runs_a_constant_number_of_queries(
    client, request, data, django_assert_num_queries, viewer, path, expected
):
    client.force_login(request.getfixturevalue(viewer))
    client.get(path)
    archive_cache.archive_changed()
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200


def test_the_archive_reads_its_filter_lists_once_then_from_the_cache(
    client, recipient, data, django_assert_num_queries
):
    client.force_login(recipient)
    with django_assert_num_queries(7 + 2):  # the series, the organisations
        client.get("/")
    archive_cache.archive_changed()
    with django_assert_num_queries(7):
        client.get("/")


def test_contributions_csv_runs_a_constant_number_of_queries(
    client, staff, data, bureau, django_assert_num_queries
):
    client.force_login(staff)
    with django_assert_num_queries(5):
        response = client.get(f"/organisations/{bureau.pk}/articles.csv")
    assert response.status_code == 200
