"""The review in a real browser: marked changes, edit conflicts, unsaved typing, reminders.

Set BULLETIN_TEST_SHOTS to a folder to keep screenshots of the review page and
of the conflict message.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.core import mail

from issues import services
from issues.models import Article, Issue
from portal.models import Receipt
from tests.browser_support import logged_in
from tests.portal_fixtures import make_recipient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "<p>区协会走访了十家快递网点。发放了防暑降温用品。现场反响热烈。</p>"
DELETED = "区协会走访了十家快递网点。"
INSERTED = "涉及浦东、闵行两区。"
VIEWPORT = {"width": 1280, "height": 900}


def screenshot(page, name, selector=None):
    folder = os.environ.get("BULLETIN_TEST_SHOTS")
    if folder:
        target = page.locator(selector) if selector else page
        target.screenshot(path=str(Path(folder) / f"{name}.png"))


def delete_from_start(page, editor, text):
    """Delete `text` from the start of `editor`, one key press at a time, each one checked.

    The editor's own key handling deletes: a selection made with Shift+arrows
    reaches ProseMirror only at the browser's next selectionchange, so a key
    pressed right after it could act on a shorter selection.
    """
    handle = editor.element_handle()
    whole = editor.evaluate("element => element.textContent")
    assert whole.startswith(text)
    page.keyboard.press("Control+Home")
    for count in range(1, len(text) + 1):
        page.keyboard.press("Delete")
        page.wait_for_function(
            "([element, rest]) => element.textContent.startsWith(rest)",
            arg=[handle, whole[count:]],
        )


def test_after_a_return_the_approver_sees_exactly_the_inserted_and_deleted_sentence(
    browser, live_server, make_issue, editor, approver
):
    issue = make_issue(articles=2)
    Article.objects.filter(issue=issue, position=1).update(body=BODY)
    services.submit(issue, editor)
    approver_page = logged_in(browser, live_server, "approver", viewport=VIEWPORT)
    approver_page.goto(f"{live_server.url}{issue.get_admin_url()}")
    assert "第一次审核" in approver_page.inner_text(".review-changes")
    approver_page.click("a.workflow-return")
    approver_page.fill("textarea[name=comment]", "第一句删去，补充涉及的区")
    article = issue.articles.get(position=1)
    approver_page.fill(f"textarea[name=article_{article.pk}]", "请写明走访的区")
    # Selecting words of the article quotes them as the passage the comment is about.
    text = approver_page.locator(".commentable").first
    text.locator("p").select_text()
    text.dispatch_event("mouseup")
    assert (
        approver_page.input_value(f"#id_passage_{article.pk}")
        == DELETED + "发放了防暑降温用品。现场反响热烈。"
    )
    screenshot(approver_page, "return-with-article-comments")
    approver_page.click("input[name=confirm]")
    approver_page.wait_for_selector(".messagelist")

    editor_page = logged_in(browser, live_server, "editor", viewport=VIEWPORT)
    editor_page.goto(f"{live_server.url}{issue.get_admin_url()}")
    assert "请写明走访的区" in editor_page.inner_text("#articles-0 .review-comments")
    assert DELETED in editor_page.inner_text("#articles-0 .commented-passage")
    editor = editor_page.locator("#articles-0 .ProseMirror:visible")
    editor.click()
    delete_from_start(editor_page, editor, DELETED)
    editor_page.keyboard.press("Control+End")
    editor_page.keyboard.type(INSERTED)
    editor_page.check("#articles-0 input[name=resolve_comment]")
    # Submitting with unsaved changes saves them first, then asks to confirm the step.
    editor_page.click("a.workflow-submit")
    editor_page.wait_for_selector("input[name=confirm]")
    editor_page.click("input[name=confirm]")
    editor_page.wait_for_selector(".messagelist")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.IN_REVIEW
    assert issue.article_comments.get().is_resolved

    approver_page.goto(f"{live_server.url}{issue.get_admin_url()}")
    changes = approver_page.locator(".review-changes")
    assert changes.locator(".review-article ins").all_inner_texts() == [INSERTED]
    assert changes.locator(".review-article del").all_inner_texts() == [DELETED]
    assert changes.locator(".review-article").count() == 1
    screenshot(approver_page, "review-page-with-changes", ".review-changes")
    screenshot(approver_page, "review-page-full")

    approver_page.click("a.workflow-sign-off")
    assert "2026年第1期（总第290期）" in approver_page.inner_text(".numbers-to-assign")
    assert approver_page.locator(".review-article ins").all_inner_texts() == [INSERTED]
    screenshot(approver_page, "sign-off-confirmation")


def test_the_second_of_two_editors_gets_the_conflict_message_and_keeps_the_text(
    browser, live_server, make_issue, editor, other_editor
):
    issue = make_issue(articles=1)
    url = f"{live_server.url}{issue.get_admin_url()}"
    first = logged_in(browser, live_server, "editor", viewport=VIEWPORT)
    second = logged_in(browser, live_server, "editor2", viewport=VIEWPORT)
    first.goto(url)
    second.goto(url)

    first.fill("#id_articles-0-subheadline", "编辑甲加的副标题")
    first.click("input[name=_continue]")
    first.wait_for_selector(".messagelist")

    second.fill("#id_articles-0-headline", "编辑乙改的标题")
    second.click("#articles-0 .ProseMirror:visible")
    second.keyboard.press("Control+End")
    second.keyboard.type("编辑乙补充的一句。")
    second.click("input[name=_continue]")
    second.wait_for_selector(".errornote")
    message = second.inner_text(".errorlist.nonfield")
    assert "editor" in message and "没有保存" in message
    assert second.input_value("#id_articles-0-headline") == "编辑乙改的标题"
    assert "编辑乙补充的一句。" in second.inner_text("#articles-0 .ProseMirror:visible")
    screenshot(second, "edit-conflict")

    article = Article.objects.get(issue=issue)
    assert (article.headline, article.subheadline) == ("第1篇", "编辑甲加的副标题")


def test_leaving_with_unsaved_changes_asks_first(browser, live_server, make_issue, editor):
    issue = make_issue(articles=1)
    page = logged_in(browser, live_server, "editor", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.fill("#id_articles-0-headline", "尚未保存的标题")
    page.click(".breadcrumbs a >> nth=0", no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(issue.get_admin_url())
    assert page.input_value("#id_articles-0-headline") == "尚未保存的标题"


def test_the_reminder_button_sends_the_e_mails(
    browser, live_server, approver, restricted_issue, recipient, bureau, association
):
    Receipt.objects.create(issue=restricted_issue, organisation=bureau, user=recipient)
    make_recipient("association-reader", association)
    page = logged_in(browser, live_server, "approver", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{restricted_issue.get_admin_url()}")
    page.click("input[form=receipt-reminder-form]")
    page.wait_for_selector(".messagelist")
    assert "1" in page.inner_text(".messagelist")
    assert [message.to for message in mail.outbox] == [["association-reader@example.org"]]


def test_the_pdf_preview_posts_what_is_on_the_screen_and_saves_nothing(
    browser, live_server, make_issue, editor
):
    issue = make_issue(articles=1)
    page = logged_in(browser, live_server, "editor", viewport=VIEWPORT)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    page.fill("#id_articles-0-headline", "屏幕上还没保存的标题")
    previewing = page.context.expect_event("request", lambda r: "pdf-preview" in r.url)
    with page.context.expect_page() as preview_tab, previewing as sent:
        page.click("a.pdf-preview")
    assert sent.value.method == "POST"
    posted = parse_qs(sent.value.post_data)
    assert posted["articles-0-headline"] == ["屏幕上还没保存的标题"]
    preview_tab.value.close()
    assert page.url.endswith(issue.get_admin_url())
    assert page.input_value("#id_articles-0-headline") == "屏幕上还没保存的标题"
    assert Article.objects.get(issue=issue).headline == "第1篇"
