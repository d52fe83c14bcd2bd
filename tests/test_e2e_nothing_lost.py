"""Nothing typed is lost, in a real browser: a save after the session ended, a closed tab.

Set BULLETIN_TEST_SHOTS to a folder to keep screenshots of the warning, the
sign-in and the recovered form.
"""

import os
import re
from pathlib import Path

import pytest

from contributions.models import Report
from desk.models import IssueAutosave
from issues.models import Article
from tests.browser_support import PASSWORD, logged_in, portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 900}
HEADLINE = "超时前输入的标题"
TYPED = "这是会话超时之前输入的一整段文字。"


def screenshot(page, name):
    folder = os.environ.get("BULLETIN_TEST_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_a_save_after_the_session_ended_is_given_back_after_signing_in(
    browser, live_server, make_issue, editor, settings
):
    settings.STAFF_IDLE_TIMEOUT = 6
    issue = make_issue(articles=1)
    page = logged_in(browser, live_server, editor.username, viewport=VIEWPORT)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    page.fill("#id_articles-0-headline", HEADLINE)
    page.click("#articles-0 .ProseMirror:visible")
    page.keyboard.press("End")
    page.keyboard.type(TYPED)

    # Nobody touches the screen: the warning, then the end of the session.
    page.wait_for_selector(".idle-warning:not(.idle-expired)", timeout=10_000)
    assert "分钟后将自动退出" in page.inner_text(".idle-warning")
    screenshot(page, "idle-warning")
    page.wait_for_selector(".idle-warning.idle-expired", timeout=10_000)
    screenshot(page, "idle-expired")
    page.wait_for_timeout(2_000)  # the server counts whole seconds, and "more than" the timeout

    page.keyboard.press("Control+s")  # "保存并继续编辑", not the browser's dialog
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    assert Article.objects.get(issue=issue).headline == "第1篇"
    screenshot(page, "sign-in-after-timeout")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.wait_for_url(re.compile(rf"/admin/issues/issue/{issue.pk}/change/"))
    assert "您的会话已超时，未保存的修改已恢复，请检查后保存" in page.inner_text(".messagelist")
    assert page.input_value("#id_articles-0-headline") == HEADLINE
    assert TYPED in page.inner_text("#articles-0 .ProseMirror:visible")
    screenshot(page, "recovered-after-timeout")
    assert Article.objects.get(issue=issue).headline == "第1篇"  # shown, not yet saved

    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(issue=issue)
    assert article.headline == HEADLINE and TYPED in article.body


def test_a_closed_tab_leaves_an_autosave_that_the_change_page_offers_back(
    browser, live_server, make_issue, editor
):
    issue = make_issue(articles=1)
    page = logged_in(browser, live_server, editor.username, viewport=VIEWPORT)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    page.click("#articles-0 .ProseMirror:visible")
    page.keyboard.press("End")
    page.keyboard.type(TYPED)
    context = page.context
    page.close(run_before_unload=False)  # the tab is closed; the page sends its beacon

    page = context.new_page()
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    page.wait_for_selector("a.autosave-restore")
    assert IssueAutosave.objects.filter(user=editor, issue=issue).exists()
    assert "恢复自动保存的内容（" in page.inner_text(".autosave-offer")
    screenshot(page, "autosave-offer")
    page.click("a.autosave-restore")
    page.wait_for_selector(".messagelist")
    assert TYPED in page.inner_text("#articles-0 .ProseMirror:visible")
    assert TYPED not in Article.objects.get(issue=issue).body


def test_ctrl_s_saves_a_contributors_draft_and_a_closed_tab_keeps_it(
    browser, live_server, contributor, make_report
):
    report = make_report(contributor, status=Report.Status.DRAFT)
    page = portal_page(browser, live_server, contributor.username, viewport=VIEWPORT)
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    page.click(".ProseMirror:visible")
    page.keyboard.press("End")
    page.keyboard.type("按Ctrl+S保存的一句。")
    page.keyboard.press("Control+s")
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    screenshot(page, "contributor-ctrl-s")
    report.refresh_from_db()
    assert "按Ctrl+S保存的一句。" in report.body and report.status == Report.Status.DRAFT

    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    page.click(".ProseMirror:visible")
    page.keyboard.press("End")
    page.keyboard.type("关掉标签页之前的一句。")
    context = page.context
    page.close(run_before_unload=False)
    waiting = context.new_page()
    for _ in range(50):  # the beacon arrives in the background
        report.refresh_from_db()
        if "关掉标签页之前的一句。" in report.body:
            break
        waiting.wait_for_timeout(100)
    assert "关掉标签页之前的一句。" in report.body
    assert report.status == Report.Status.DRAFT
