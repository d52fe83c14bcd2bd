"""A member organisation's report in a real browser: sent, adopted, published, counted."""

import re

import pytest

from contributions.models import Report
from issues.models import ArticleImage, Issue
from organisations.models import Recipient, Role
from tests.browser_support import logged_in, portal_page, take_step
from tests.contributions_support import report_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_from_submission_to_the_statistics(
    browser, live_server, tmp_path, series, editor, approver, contributor, make_issue
):
    shentong = contributor.membership.organisation
    # The bulletin is sent (发) to 申通, so its contributor may read the issue.
    Recipient.objects.create(
        distribution_list=series.default_distribution_list,
        role=Role.ISSUE,
        organisation=shentong,
        position=9,
    )
    draft = make_issue(articles=1)

    # 申通's contributor sends a Word report with a table and a photo.
    word = tmp_path / "夏季安全检查.docx"
    word.write_bytes(report_docx("申通开展夏季安全检查"))
    writer = portal_page(browser, live_server, "shentong", timeout=30_000)
    writer.click("text=本单位来稿")
    writer.click("text=撰写稿件")
    writer.set_input_files("#id_document", str(word))
    writer.fill("#id_contact_name", "王芳")
    writer.fill("#id_contact_phone", "")
    writer.click("button[name=submit]")
    # Without a phone number the form comes back, with the Word file read and kept.
    assert "请填写联系电话。" in writer.inner_text(".field-contact_phone")
    assert writer.input_value("#id_headline") == "申通开展夏季安全检查"
    assert "已全部整改" in writer.inner_text(".field-body [contenteditable=true]")
    writer.fill("#id_contact_phone", "021-66668888")
    writer.click("button[name=submit]")
    writer.wait_for_selector(".status--submitted")
    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert report.source_document and report.images.count() == 1

    # The editor adopts it into the current draft from the inbox.
    office = logged_in(browser, live_server, "editor")
    office.goto(f"{live_server.url}/admin/contributions/report/")
    office.click("text=申通开展夏季安全检查")
    assert "已全部整改" in office.inner_text(".report-as-sent__body")
    office.click("a.report-step--adopt")
    office.select_option("#id_issue", str(draft.pk))
    office.click("input[name=confirm]")
    office.wait_for_selector(".messagelist")
    report.refresh_from_db()
    article = report.article
    assert (article.issue, article.headline) == (draft, "申通开展夏季安全检查")
    assert "闵行网点" in article.body and "<img" in article.body
    assert "<table" in article.body
    assert ArticleImage.objects.filter(article=article).count() == 1
    assert list(article.organisations.all()) == [shentong]

    # The editor submits the issue; the approver signs it off and publishes it.
    office.goto(f"{live_server.url}{draft.get_admin_url()}")
    take_step(office, "submit")
    approving = logged_in(browser, live_server, "approver")
    approving.goto(f"{live_server.url}{draft.get_admin_url()}")
    take_step(approving, "sign-off")
    take_step(approving, "publish")
    draft.refresh_from_db()
    assert draft.status == Issue.Status.PUBLISHED

    # The contributor sees what became of the report, with the issue's numbers and link.
    writer.goto(f"{live_server.url}/reports/")
    status = writer.locator(".status--adopted a")
    assert status.inner_text() == "已采用：2026年第1期（总第290期）"
    status.click()
    writer.wait_for_url(re.compile(r"/shanghai/2026/1/$"))
    assert "申通开展夏季安全检查" in writer.inner_text("main")

    # The statistics count it.
    office.goto(
        f"{live_server.url}/admin/contributions/report/statistics/"
        f"?series={series.pk}&start=2026-01-01&end=2026-12-31"
    )
    row = office.locator(".statistics-table tbody tr", has_text="申通快递有限公司")
    cells = row.locator("td").all_inner_texts()
    assert cells[2:6] == ["1", "1", "100.0%", "0"]
    assert office.locator(".statistics-chart svg").count() == 1
