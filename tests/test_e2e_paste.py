"""Pasting a hard-wrapped bulletin into an article body, in a real browser: one paste, one undo.

The paste is a real ClipboardEvent carrying text/plain, as a PDF reader puts it
on the clipboard; the editor (bulletin-paste.js) has the server clean it.
"""

import pytest

from tests.browser_support import logged_in, portal_page
from tests.seed_text import without_whitespace
from tests.test_text_structure import seed_2019_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The first article's body editor (the inline's hidden template for a new article has one too).
EDITOR = ".field-body .ProseMirror:visible"

PASTE = """(target, text) => {
  const data = new DataTransfer()
  data.setData("text/plain", text)
  target.dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
  )
}"""


def wait_for_editor(page, condition: str, value) -> None:
    """Wait (30 s at most, then fail) until `condition(editor, value)` holds in the browser."""
    editor = page.locator(EDITOR).first.element_handle()
    page.wait_for_function(
        f"([editor, value]) => ({condition})(editor, value)", arg=[editor, value], timeout=30_000
    )


def blocks(page) -> list[str]:
    return page.locator(EDITOR).first.evaluate(
        "editor => [...editor.children].map(node => node.textContent)"
    )


def paste_and_undo(page, screenshot):
    paragraphs, raw = seed_2019_articles()[0]
    raw_lines = [line for line in raw.split("\n") if line.strip()]
    page.locator(EDITOR).first.click()
    page.keyboard.press("Control+A")
    page.locator(EDITOR).first.evaluate(PASTE, raw)
    page.wait_for_selector(".bulletin-paste-notice:not([hidden])")
    notice = page.inner_text(".bulletin-paste-notice")
    assert notice == f"已合并{len(raw_lines) - len(paragraphs)}处断行，撤销可恢复原样"
    assert blocks(page) == paragraphs
    page.locator(".field-body").first.screenshot(path=screenshot)

    # One undo brings the paste back as it came: one paragraph a line.
    page.keyboard.press("Control+Z")
    undone = [block for block in blocks(page) if block.strip()]  # the blank line after the headline
    assert len(undone) == len(raw_lines)
    assert without_whitespace("".join(undone)) == without_whitespace(raw)


def test_pasting_in_the_issue_admin(browser, live_server, make_issue, editor):
    draft = make_issue(articles=1)
    page = logged_in(browser, live_server, "editor", timeout=30_000)
    page.goto(f"{live_server.url}{draft.get_admin_url()}")
    paste_and_undo(page, "/tmp/admin-paste.png")
    # What is saved is the raw paste now; paste again and save the cleaned one.
    paragraphs, raw = seed_2019_articles()[0]
    page.keyboard.press("Control+A")
    page.locator(EDITOR).first.evaluate(PASTE, raw)
    # The raw paste is a paragraph a line; the cleaned one the importer's paragraphs.
    wait_for_editor(page, "(editor, count) => editor.children.length === count", len(paragraphs))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    article = draft.articles.get()
    assert article.body == "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def test_pasting_in_the_contributors_report_form(browser, live_server, series, contributor):
    page = portal_page(browser, live_server, "shentong", timeout=30_000)
    page.goto(f"{live_server.url}/reports/new/")
    paste_and_undo(page, "/tmp/report-paste.png")

    # A few words pasted into a sentence stay in it, extraction's space gone.
    page.keyboard.press("Control+A")
    page.keyboard.type("甲乙")
    page.keyboard.press("ArrowLeft")
    page.locator(EDITOR).first.evaluate(PASTE, "上海 市")
    wait_for_editor(page, "(editor, text) => editor.textContent === text", "甲上海市乙")
    assert blocks(page) == ["甲上海市乙"]
