"""Drafting in a real browser: reordering articles with the ↑/↓ buttons and by dragging."""

import pytest

from tests.browser_support import logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(browser, live_server, editor):
    return logged_in(browser, live_server, editor.username)


def headlines_in_order(issue):
    return list(issue.articles.order_by("position").values_list("headline", "position"))


def save(page):
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")


def test_an_editor_reorders_articles_with_the_arrow_buttons(live_server, editor_page, make_issue):
    issue = make_issue(articles=3)
    editor_page.goto(f"{live_server.url}/admin/issues/issue/{issue.pk}/change/")
    editor_page.click("#articles-0 .order-handle button[aria-label='下移']")
    editor_page.click("#articles-2 .order-handle button[aria-label='上移']")
    save(editor_page)
    assert headlines_in_order(issue) == [("第2篇", 1), ("第3篇", 2), ("第1篇", 3)]


def test_an_editor_drags_an_article_to_the_top(live_server, editor_page, make_issue):
    issue = make_issue(articles=3)
    editor_page.goto(f"{live_server.url}/admin/issues/issue/{issue.pk}/change/")
    # A window tall enough for all three articles: scrolling mid-drag would move the grip.
    editor_page.set_viewport_size({"width": 1400, "height": 3000})
    editor_page.locator("#articles-2 .order-grip").drag_to(
        editor_page.locator("#articles-0 > h3"), target_position={"x": 300, "y": 2}
    )
    # Chromium ends an HTML drag (dragend, which renumbers) after the mouse is up.
    editor_page.wait_for_function(
        "document.querySelector('#articles-2 input[name$=\"-position\"]').value === '1'"
    )
    save(editor_page)
    assert headlines_in_order(issue)[0] == ("第3篇", 1)


def test_deleting_an_article_closes_the_gap(live_server, editor_page, make_issue):
    issue = make_issue(articles=3)
    editor_page.goto(f"{live_server.url}/admin/issues/issue/{issue.pk}/change/")
    editor_page.check("#id_articles-1-DELETE")
    save(editor_page)
    assert headlines_in_order(issue) == [("第1篇", 1), ("第3篇", 2)]
