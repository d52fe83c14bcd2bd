"""Every page each role reaches passes axe-core and fits a 1366 px window and a 390 px phone.

The demo bulletins are the data (real headlines, lists, reports), with what makes
pages wide added: an address, a file name and a long number in a headline, a
body, a table and a return comment, on an issue under review.
"""

import datetime
import re
import shutil
from io import StringIO
from urllib.parse import urljoin, urlparse

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connections

from issues import services
from issues.models import Issue
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, PASSWORD, logged_in, portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
LONG_ADDRESS = "https://www.example.gov.cn/attachments/2020/07/20/" + "A" * 90 + ".docx"
LONG_NUMBER = "编号" + "0123456789" * 7
# Addresses no page should follow: sign-out, downloads and exports, pop-ups.
NOT_CRAWLED = re.compile(
    r"logout|/delete/|/pdf|official-pdf|\.csv|\.xlsx|/feed/|/download|/i18n/|/jsi18n/|"
    r"/media/|/images/|/copies/|_popup|[?#]"
)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module: the pages of every role are crawled in it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[dev]'")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's event loop runs in this thread beside the tests' ORM calls.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            connections.close_all()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def office(db, settings):
    """The demo data, every password PASSWORD, and an issue under review with long strings."""
    settings.DEBUG = True  # the demo commands load only in development
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_reports", stdout=StringIO())
    settings.DEBUG = False
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    editor = User.objects.get(username="editor")
    approver = User.objects.get(username="approver")
    draft = Issue.objects.filter(status=Issue.Status.DRAFT).order_by("pk").first()
    Issue.objects.filter(pk=draft.pk).update(issue_date=datetime.date(2020, 7, 20))
    draft.refresh_from_db()
    services.submit(draft, editor)
    services.return_to_draft(draft, approver, f"请核对链接 {LONG_ADDRESS}")
    article = draft.articles.order_by("position").first()
    article.headline += f"（详见{LONG_ADDRESS}）"
    article.body += (
        f"<p>附件：{LONG_ADDRESS}</p><table><tr><td>序号</td><td>单位</td>"
        f"<td>{LONG_NUMBER}</td></tr></table>"
    )
    article.save()
    draft.refresh_from_db()
    services.submit(draft, editor)
    return draft


def problems_of(page, axe, path):
    """What is wrong with the page at `path`: its widths, then axe's violations, readably."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{path}: {scroll_width} px wide in a {width} px window")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    for violation in axe.run(page).response["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        problems.append(
            f"{path}: {violation['id']} ({violation['help']}) on {len(violation['nodes'])} "
            f"element(s): {targets}"
        )
    return problems


def links(page, prefix, selector="a[href]"):
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    origin = urlparse(page.url).netloc
    found = []
    for href in hrefs:
        url = urlparse(urljoin(page.url, href))
        if url.netloc == origin and url.path.startswith(prefix) and not NOT_CRAWLED.search(href):
            found.append(url.path)
    return list(dict.fromkeys(found))


def crawl(page, axe, live_server, paths, follow):
    """Visits `paths`, then the pages `follow(page, path)` finds on them, once each."""
    problems, seen, queue = [], set(), list(paths)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("load")
        problems += problems_of(page, axe, path)
        queue += [found for found in follow(page, path) if found not in seen]
    return seen, problems


def follow_admin(page, path):
    """From the index its models' lists; from a list its first object; an issue's own pages."""
    if path == "/admin/":  # the models' lists (their add forms are alike: the issue's is crawled)
        return links(page, "/admin/", "#content-main .module th[scope=row] a")
    if re.fullmatch(r"/admin/\w+/\w+/", path):
        return links(page, "/admin/", "#result_list tbody tr:first-child a")[:1]
    if path.startswith("/admin/issues/issue/") and path.endswith("/change/"):
        return links(page, "/admin/issues/issue/", ".object-tools a, .versions-link")
    if path.endswith("/history/"):
        return links(page, "/admin/issues/issue/", "#content-main a[href*='/versions/']")[:1]
    return []


def admin_start(office):
    published = Issue.objects.filter(status=Issue.Status.PUBLISHED).first()
    issue_pages = [f"/admin/issues/issue/{issue.pk}/change/" for issue in (office, published)]
    draft = Issue.objects.filter(status=Issue.Status.DRAFT).first()
    if draft:
        issue_pages.append(f"/admin/issues/issue/{draft.pk}/change/")
    return [
        "/admin/",
        "/admin/issues/issue/add/",
        *issue_pages,
        "/admin/contributions/report/statistics/",
    ]


@pytest.mark.parametrize("username", ["editor", "approver", "admin"])
def test_the_admin_pages_of_each_role(browser, axe, live_server, office, username):
    page = logged_in(browser, live_server, username)
    seen, problems = crawl(page, axe, live_server, admin_start(office), follow_admin)
    page.context.close()
    assert len(seen) > 10, seen
    assert problems == [], "\n".join(problems)


def follow_portal(page, path):
    """The pages the archive, an issue and the reports list link to, one level deep."""
    if path in ("/", "/reports/"):
        return links(page, "/", "main a[href]")
    return []


@pytest.mark.parametrize("username", ["reader", "contributor", None])
def test_the_portal_pages_of_each_role(browser, axe, live_server, office, username):
    if username is None:  # anonymous: the public archive and the sign-in page
        page = browser.new_context(locale="zh-CN").new_page()
        start = ["/", "/accounts/login/"]
    else:
        page = portal_page(browser, live_server, username)
        start = ["/", "/?q=快递"] + (["/reports/", "/reports/new/"] if username != "reader" else [])
    seen, problems = crawl(page, axe, live_server, start, follow_portal)
    page.context.close()
    assert len(seen) >= 2, seen
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("where", ["admin", "portal"])
def test_the_editors_block_menu_arrow_needs_no_font(
    browser, live_server, editor, contributor, where
):
    """The arrow was U+23F7, which no installed font has: it printed as a box."""
    if where == "admin":
        page = logged_in(browser, live_server, editor.username)
        page.goto(f"{live_server.url}/admin/issues/issue/add/")
    else:
        page = portal_page(browser, live_server, contributor.username)
        page.goto(f"{live_server.url}/reports/new/")
    arrow = page.wait_for_selector(".prose-menubar__selected")
    content = arrow.evaluate("e => getComputedStyle(e, '::after').content")
    border = arrow.evaluate("e => getComputedStyle(e, '::after').borderTopWidth")
    page.context.close()
    assert (content, border) == ('""', "5px")
