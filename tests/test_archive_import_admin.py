"""Imported files in the admin: the list to check, the original beside the result, confirming."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive_import.models import ImportRecord
from archive_import.services import confirm_import
from issues.models import Issue, Series
from tests.archive_samples import COUNTY, STANDARD


@pytest.fixture
def county(db, approver, tmp_path):
    Series.objects.create(title=COUNTY.expected.series_title, slug="county")
    path = tmp_path / "county.txt"
    path.write_text(COUNTY.text(), encoding="utf-8")
    call_command("import_bulletin", str(path), user=approver.username, stdout=StringIO())
    return ImportRecord.objects.get()


def test_a_file_with_guesses_is_a_draft_to_check_with_its_numbers_aside(county):
    assert county.status == ImportRecord.Status.NEEDS_REVIEW
    assert county.issue.status == Issue.Status.DRAFT
    assert not county.issue.is_numbered
    assert ImportRecord.objects.to_check().get() == county
    assert any("年份取自日期" in guess for guess in county.guesses())


def test_confirming_records_the_past_issue_with_its_printed_numbers(county, approver):
    confirm_import(county, approver)
    county.refresh_from_db()
    assert county.status == ImportRecord.Status.CHECKED
    assert county.checked_by == approver
    assert county.issue.status == Issue.Status.PUBLISHED
    assert county.issue.issue_line == "2023年第5期（总第128期）"


def test_a_second_file_with_the_numbers_of_a_draft_to_check_is_skipped(county, approver, tmp_path):
    path = tmp_path / "again.txt"
    path.write_text(COUNTY.text().replace("城关小学", "城南小学"), encoding="utf-8")
    out = StringIO()
    call_command("import_bulletin", str(path), user=approver.username, stdout=out)
    assert "已在系统中" in out.getvalue()
    call_command("import_bulletin", str(path), user=approver.username, replace=True, stdout=out)
    assert Issue.objects.count() == 1
    assert Issue.objects.get().articles.last().headline == "城南小学开展消防演练"


def test_the_list_and_the_check_page_show_the_original_beside_the_result(client, county, editor):
    client.force_login(editor)  # editors see what to check
    listing = client.get(reverse("admin:archive_import_importrecord_changelist"))
    assert listing.status_code == 200
    assert "county.txt" in listing.content.decode()
    page = client.get(reverse("admin:archive_import_importrecord_change", args=[county.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "3月10日，全县教育系统安全工作会议召开。" in html  # the original and the result
    assert "局长李某强调：把安全作为第一要务" in html
    assert "年份取自日期（2023年）" in html
    assert "2023年第5期（总第128期）" in html
    assert "import-check__original" in html


def test_only_approvers_may_confirm_from_the_list(client, county, editor, approver):
    url = reverse("admin:archive_import_importrecord_changelist")
    data = {"action": "confirm", "_selected_action": [county.pk]}
    client.force_login(editor)
    client.post(url, data)
    county.refresh_from_db()
    assert county.status == ImportRecord.Status.NEEDS_REVIEW
    client.force_login(approver)
    client.post(url, data)
    county.refresh_from_db()
    assert county.status == ImportRecord.Status.CHECKED


def test_a_file_without_guesses_is_imported_as_published(db, approver, tmp_path):
    Series.objects.create(title=STANDARD.expected.series_title, slug="district")
    path = tmp_path / "district.docx"
    path.write_bytes(STANDARD.docx())
    call_command("import_bulletin", str(path), user=approver.username, stdout=StringIO())
    record = ImportRecord.objects.get()
    assert record.status == ImportRecord.Status.IMPORTED
    assert record.issue.status == Issue.Status.PUBLISHED


def test_the_list_takes_as_many_queries_for_many_files_as_for_one(
    client, county, superuser, approver, tmp_path
):
    url = reverse("admin:archive_import_importrecord_changelist")
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in (6, 7, 8):
        path = tmp_path / f"county-{number}.txt"
        text = (
            COUNTY.text()
            .replace("第5期", f"第{number}期")
            .replace("总第128期", f"总第{number + 123}期")
        )
        path.write_text(text, encoding="utf-8")
        call_command("import_bulletin", str(path), user=approver.username, stdout=StringIO())
    assert ImportRecord.objects.count() == 4
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert "2023年第8期（总第131期）" in response.content.decode()
    assert len(four) == len(one)


def test_confirming_numbers_taken_since_is_refused_and_changes_nothing(
    client, county, approver, make_issue
):
    make_issue(series=county.issue.series, year=2023, number=5, cumulative_number=128)
    client.force_login(approver)
    response = client.post(
        reverse("admin:archive_import_importrecord_changelist"),
        {"action": "confirm", "_selected_action": [county.pk]},
        follow=True,
    )
    assert "2023年第5期（总第128期） 已在系统中，不能再记为同一期" in response.content.decode()
    county.refresh_from_db()
    assert county.status == ImportRecord.Status.NEEDS_REVIEW
    assert county.issue.status == Issue.Status.DRAFT
