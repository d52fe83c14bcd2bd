"""The whole workflow in a real browser: write, submit, return, fix, sign off, publish."""

import pytest

from issues.models import Issue
from tests.browser_support import logged_in, take_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_issue_from_first_draft_to_publication(browser, live_server, series, editor, approver):
    editor_page = logged_in(browser, live_server, "editor")
    editor_page.goto(f"{live_server.url}/admin/issues/issue/add/")
    editor_page.fill("#id_issue_date", "2026-03-02")
    editor_page.fill("#id_articles-0-headline", "行业协会开展夏日送清凉活动")
    editor_page.click("#articles-0 .ProseMirror:visible")
    editor_page.keyboard.type("7月15日，协会走访了十家快递网点。")
    editor_page.click("input[name=_continue]")
    editor_page.wait_for_selector("a.workflow-submit")
    issue = Issue.objects.get()
    assert "十家快递网点" in issue.articles.get().body
    take_step(editor_page, "submit")

    approver_page = logged_in(browser, live_server, "approver")
    approver_page.goto(f"{live_server.url}{issue.get_admin_url()}")
    take_step(approver_page, "return", comment="请写明走访的区")

    editor_page.goto(f"{live_server.url}{issue.get_admin_url()}")
    assert "请写明走访的区" in editor_page.inner_text(".returned-notice")
    editor_page.click("#articles-0 .ProseMirror:visible")
    editor_page.keyboard.press("End")
    editor_page.keyboard.type("涉及浦东、闵行两区。")
    editor_page.click("input[name=_continue]")
    editor_page.wait_for_selector("a.workflow-submit")
    take_step(editor_page, "submit")

    approver_page.goto(f"{live_server.url}{issue.get_admin_url()}")
    take_step(approver_page, "sign-off")
    assert "2026年第1期（总第290期）" in approver_page.inner_text(".field-numbers_display")
    take_step(approver_page, "publish")

    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.is_visible_to_recipients
    assert "浦东、闵行" in issue.articles.get().body
    assert issue.official_pdf is not None
    assert [e.action for e in issue.events.all()] == [
        "publish",
        "sign_off",
        "submit",
        "return",
        "submit",
    ]
