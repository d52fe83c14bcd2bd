"""Forms that tell what they need before they refuse, in a real browser (issue 24).

Set BULLETIN_TEST_SHOTS to a folder to keep screenshots of the adopt form, the
review with joined paragraphs, the user form and the draft that lacks its date.
"""

import pytest
from django.urls import reverse

from issues import services
from issues.models import Article
from tests.browser_support import logged_in
from tests.contributions_support import make_contributor
from tests.test_e2e_review import VIEWPORT, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCES = [f"第{n}项：全市快递网点运行平稳，未发生安全事故。" for n in range(1, 9)]


def test_the_adopt_form_names_the_drafts(browser, live_server, make_issue, make_report, shentong):
    make_issue(articles=0, issue_date=None)
    dated = make_issue(articles=2)
    dated.articles.filter(position=1).update(headline="申通召开安全生产会议")
    report = make_report(make_contributor("shentong", shentong))
    page = logged_in(browser, live_server, "editor", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{reverse('admin:contributions_report_adopt', args=[report.pk])}")
    options = page.locator("#id_issue option").all_inner_texts()
    assert options == [
        "2026年3月2日：申通召开安全生产会议（2篇文章）",
        "未定日期：尚无文章（0篇文章）",
    ]
    screenshot(page, "adopt-form")


def test_joined_paragraphs_show_in_the_review(browser, live_server, make_issue, editor, approver):
    issue = make_issue(articles=1)
    article = Article.objects.get(issue=issue)
    Article.objects.filter(pk=article.pk).update(body="".join(f"<p>{s}</p>" for s in SENTENCES))
    services.submit(issue, editor)
    services.return_to_draft(issue, approver, "请把段落合并")
    joined = f"<p>{''.join(SENTENCES[:4])}</p><p>{''.join(SENTENCES[4:])}</p>"
    services.save_content(
        issue, editor, lambda: Article.objects.filter(pk=article.pk).update(body=joined)
    )
    services.submit(issue, editor)
    page = logged_in(browser, live_server, "approver", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    changes = page.locator(".review-changes")
    assert changes.locator("del.review-break").count() == 6
    assert changes.locator(".review-body p").count() == 2
    assert "原8段合并为2段（合并了6段）；文字未变，只是分段变了。" in changes.inner_text()
    screenshot(page, "review-joined-paragraphs", ".review-changes")


def test_the_user_form_gives_and_shows_the_contributor_role(
    browser, live_server, superuser, editor, shentong
):
    page = logged_in(browser, live_server, "admin", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{reverse('admin:auth_user_change', args=[editor.pk])}")
    page.select_option("#id_role", "contributor")
    page.select_option("#id_organisation", str(shentong.pk))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert "供稿人：申通快递有限公司" in page.inner_text(".field-current_role")
    assert page.input_value("#id_role") == "contributor"
    screenshot(page, "user-form-contributor")
    page.goto(f"{live_server.url}{reverse('admin:auth_user_changelist')}")
    assert "供稿人：申通快递有限公司" in page.inner_text("#result_list")
    screenshot(page, "user-list-roles")


def test_the_change_page_says_the_date_is_missing(browser, live_server, make_issue, editor):
    issue = make_issue(issue_date=None)
    page = logged_in(browser, live_server, "editor", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    assert "本期没有填写日期。" in page.inner_text("#submission-problems")
    submit = page.locator("a.workflow-submit")
    assert submit.inner_text() == "提交审核（尚有1处待补）"
    assert "本期没有填写日期" in submit.get_attribute("title")
    screenshot(page, "change-page-missing-date")
