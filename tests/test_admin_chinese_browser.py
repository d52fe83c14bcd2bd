"""The editor's menus, which only JavaScript builds, read in Chinese once opened in Chromium."""

import pytest
from django.urls import reverse

from tests.browser_support import logged_in, portal_page
from tests.test_admin_chinese import ALLOWED, ENGLISH_WORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a reader of the menus meets: button titles and labels, and the text of what is
# open (the block menu, a dialog); the icons' ligature names are glyphs, not words.
MENU_TEXT = """() => {
  const texts = [];
  for (const element of document.querySelectorAll(
    ".prose-menubar [title], .prose-menubar [aria-label], .prose-menubar__option, dialog[open]"
  )) {
    texts.push(element.getAttribute("title") || "", element.getAttribute("aria-label") || "");
    if (!element.classList.contains("material-icons")) texts.push(element.innerText);
  }
  return texts.join(" ");
}"""


def english(text: str) -> set[str]:
    return {word for word in ENGLISH_WORD.findall(text) if word not in ALLOWED}


def check_the_editors_menus(page):
    """The toolbar, the block menu, the figure and table dialogs, and the table's tools."""
    page.wait_for_selector(".prose-menubar__button")
    toolbar = page.evaluate(MENU_TEXT)
    assert "加粗" in toolbar and "撤销" in toolbar
    assert english(toolbar) == set()

    page.click(".prose-menubar__selected")  # the block menu: paragraph and headings
    page.wait_for_selector(".prose-menubar__option", state="visible")
    block_menu = page.evaluate(MENU_TEXT)
    assert "正文段落" in block_menu
    assert english(block_menu) == set()
    page.keyboard.press("Escape")

    page.click(".prose-menubar [data-name=figure]")  # the figure dialog
    page.wait_for_selector("dialog[open]")
    dialog = page.evaluate(MENU_TEXT)
    assert "插入插图" in dialog
    assert english(dialog) == set()
    page.click("dialog[open] button[value=cancel]")

    page.click(".prose-menubar [data-name=table]")  # the table dialog
    page.wait_for_selector("dialog[open]")
    dialog = page.evaluate(MENU_TEXT)
    assert "表格属性" in dialog and "包含表头行" in dialog
    assert english(dialog) == set()
    page.select_option("dialog[open] select", label="是")
    page.click("dialog[open] button[type=submit]")
    # In the inserted table (its header row chosen in Chinese), the table's tools show.
    page.wait_for_selector(".ProseMirror table th")
    page.wait_for_selector(".prose-menubar [data-name='table:mergeCells']", state="visible")
    tools = page.evaluate(MENU_TEXT)
    assert "合并单元格" in tools and "在右侧插入列" in tools
    assert english(tools) == set()


def test_the_editors_toolbar_menus_and_dialogs_are_in_chinese(
    browser, live_server, editor, make_issue
):
    issue = make_issue(articles=1)
    page = logged_in(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/admin/issues/issue/{issue.pk}/change/")
    check_the_editors_menus(page)


def test_the_contributors_editor_is_in_chinese_too(browser, live_server, series, contributor):
    page = portal_page(browser, live_server, contributor.username)
    page.goto(f"{live_server.url}{reverse('contributions:new')}")
    check_the_editors_menus(page)


def test_the_two_list_selector_of_permissions_is_in_chinese(browser, live_server, superuser):
    page = logged_in(browser, live_server, superuser.username)
    page.goto(f"{live_server.url}/admin/auth/group/add/")
    page.wait_for_selector(".selector-chooseall")
    text = page.evaluate(
        """() => [...document.querySelectorAll('.selector, .selector *')].flatMap(
            e => [e.getAttribute('title') || '', e.getAttribute('placeholder') || '',
                  e.getAttribute('aria-label') || '', e.children.length ? '' : e.innerText]
        ).join(' ')"""
    )
    assert "选择全部" in text
    assert english(text) == set()
