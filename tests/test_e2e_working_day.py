"""A working day in the office, one role a test, through the screens only (issue 24's acceptance).

The administrator gives a new colleague the 供稿人 role; the contributor writes a
report with a pasted photo and sends it; the editor sees the photo in the inbox,
adopts the report into the draft the adopt form names, pastes the hard-wrapped
second seed bulletin into a new article and gets the importer's paragraphs,
drops a photo, is signed out by the idle timeout while typing and gets it all
back; after the approver's return the editor pastes yesterday's article again,
its lines merge into paragraphs; the approver sees the merge in the diff, signs
off and publishes; the editor's first click on 导出为.xlsx gives the period shown.

Each test starts from what the roles before it left, made through the services
(the database is emptied between tests). Set BULLETIN_TEST_SHOTS to a folder to
keep a screenshot of each step.
"""

import datetime
import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from contributions import services as report_services
from contributions.models import Report
from issues import services
from issues.models import Article, ArticleImage, Issue
from tests.browser_support import PASSWORD, logged_in, portal_page, take_step
from tests.conftest import headless_chromium
from tests.test_contributions_images import sent_with_photo
from tests.test_e2e_body_images import GIVE_FILE, jpeg
from tests.test_e2e_paste import PASTE
from tests.test_e2e_review import VIEWPORT
from tests.test_text_structure import seed_2019_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_HEADLINE = "申通开展夏季安全检查"
TYPED = "（本文据区协会通报整理。）"
RETURN_COMMENT = "第1篇每行成了一段，请按原文重新粘贴"


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the day's tests."""
    with pytest.MonkeyPatch.context() as monkeypatch, headless_chromium(monkeypatch) as chromium:
        yield chromium


def shot(page, name, selector=None):
    """The whole page, or the part the step is about."""
    folder = os.environ.get("BULLETIN_TEST_SHOTS")
    if folder:
        path = Path(folder) / f"working-day-{name}.png"
        if selector:
            page.locator(selector).screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)


def body_editor(number):
    return f"#articles-{number} .field-body .ProseMirror[contenteditable=true]"


def paragraphs_in(page, selector):
    return page.locator(selector).evaluate(
        "editor => [...editor.children].filter(n => n.tagName === 'P').map(n => n.textContent)"
    )


def yesterdays_draft(make_issue):
    """Yesterday's draft: the seed's first article pasted a line a paragraph.

    That is what the editor made of a PDF's text before the paste cleaned it.
    """
    (first_paragraphs, first_raw), *_ = seed_2019_articles()
    draft = make_issue(articles=1)
    lines = [line.strip() for line in first_raw.split("\n") if line.strip()]
    Article.objects.filter(issue=draft).update(
        headline="区协会开展夏日送清凉活动", body="".join(f"<p>{line}</p>" for line in lines)
    )
    return draft, lines, first_paragraphs, first_raw


def test_the_administrator_gives_a_new_colleague_the_contributor_role(
    browser, live_server, superuser, shentong
):
    admin = logged_in(browser, live_server, "admin", viewport=VIEWPORT)
    admin.click("a[href='/admin/auth/user/add/']")
    admin.fill("#id_username", "liming")
    admin.fill("#id_password1", "一个足够长的新口令2026")
    admin.fill("#id_password2", "一个足够长的新口令2026")
    admin.select_option("#id_role", "contributor")
    admin.select_option("#id_organisation", str(shentong.pk))
    shot(admin, "01-admin-adds-contributor")
    admin.click("input[name=_continue]")
    admin.wait_for_selector(".messagelist .success")
    assert "供稿人：申通快递有限公司" in admin.inner_text(".field-current_role")
    shot(admin, "02-admin-role-shown")

    colleague = browser.new_context(locale="zh-CN", viewport=VIEWPORT).new_page()
    colleague.goto(f"{live_server.url}/accounts/login/")
    colleague.fill("#id_username", "liming")
    colleague.fill("#id_password", "一个足够长的新口令2026")
    colleague.click("form [type=submit]")
    colleague.click("text=本单位来稿")
    colleague.click("text=撰写稿件")
    colleague.wait_for_selector(".field-body .ProseMirror[contenteditable=true]")
    shot(colleague, "03-new-contributor-report-form")


def test_the_contributor_sends_a_report_with_a_photo(browser, live_server, series, contributor):
    page = portal_page(browser, live_server, contributor.username, viewport=VIEWPORT)
    page.click("text=本单位来稿")
    page.click("text=撰写稿件")
    page.fill("#id_headline", REPORT_HEADLINE)
    body = ".field-body .ProseMirror[contenteditable=true]"
    undo = ".prose-menubar__button[title='撤销']"
    page.wait_for_selector(f"{undo}[aria-disabled=true]")  # nothing to undo: inactive, not faint
    page.click(body)
    page.keyboard.type("7月15日，申通快递组织各网点开展夏季安全检查。检查现场如下：")
    page.wait_for_selector(f"{undo}[aria-disabled=false]")
    page.evaluate(GIVE_FILE, [body, jpeg((1600, 1000), "darkgreen"), "现场.jpg", "paste"])
    page.wait_for_selector(f"{body} figure img[src*='?upload=']")
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "021-66668888")
    shot(page, "04-contributor-report-form")
    page.click("button[name=submit]")
    page.wait_for_selector(".status--submitted")
    page.wait_for_function(
        "() => document.querySelector('.article__body img')?.naturalWidth === 1600"
    )
    shot(page, "05-contributor-report-sent")

    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert report.images.count() == 1 and report.body.count("<figure") == 1


def test_the_editor_adopts_pastes_drops_a_photo_and_loses_nothing_at_the_timeout(
    browser, live_server, settings, series, editor, approver, contributor, make_issue
):
    settings.STAFF_IDLE_TIMEOUT = 12  # the session ends while the editor looks away
    report = sent_with_photo(Client(), series, contributor, REPORT_HEADLINE)
    draft, _, first_paragraphs, first_raw = yesterdays_draft(make_issue)
    paragraphs, raw = seed_2019_articles()[1]

    page = logged_in(browser, live_server, editor.username, viewport=VIEWPORT, timeout=30_000)
    page.click("a[href='/admin/contributions/report/']")
    page.click(f"text={REPORT_HEADLINE}")
    # The contributor's photo, in the inbox, before the office decides.
    page.wait_for_function(
        "() => document.querySelector('.report-as-sent__body img')?.naturalWidth > 0"
    )
    shot(page, "06-editor-inbox-photo")
    page.click("a.report-step--adopt")
    assert page.locator("#id_issue option").all_inner_texts() == [
        "2026年3月2日：区协会开展夏日送清凉活动（1篇文章）"
    ]
    shot(page, "07-editor-adopt-form")
    page.select_option("#id_issue", str(draft.pk))
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist")
    assert Report.objects.get(pk=report.pk).article.issue == draft

    # A new article: the second seed bulletin's article, copied from its PDF.
    page.goto(f"{live_server.url}{draft.get_admin_url()}")
    page.click("#articles-group .add-row a")
    page.fill("#id_articles-2-headline", "新文章：夏季安全生产检查")
    page.click(body_editor(2))
    page.locator(body_editor(2)).evaluate(PASTE, raw)
    page.wait_for_selector("#articles-2 .bulletin-paste-notice:not([hidden])")
    assert paragraphs_in(page, body_editor(2)) == list(paragraphs)
    page.keyboard.press("Control+End")
    page.keyboard.type(TYPED)
    page.evaluate(GIVE_FILE, [body_editor(2), jpeg((1600, 1000), "navy"), "现场.jpg", "drop"])
    page.wait_for_selector(f"{body_editor(2)} figure img[src*='?upload=']")
    shot(page, "08-editor-pasted-and-dropped", "#articles-2")

    # Nobody touches the screen; the session ends; the editor comes back and saves.
    page.wait_for_selector(".idle-warning.idle-expired", timeout=30_000)
    shot(page, "09-editor-session-expired", ".idle-warning")
    page.wait_for_timeout(2_000)  # the server counts whole seconds, and "more than" the timeout
    page.keyboard.press("Control+s")
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    assert draft.articles.count() == 2
    shot(page, "10-editor-sign-in-again")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(rf"/admin/issues/issue/{draft.pk}/change/"))
    assert "未保存的修改已恢复" in page.inner_text(".messagelist")
    assert page.input_value("#id_articles-2-headline") == "新文章：夏季安全生产检查"
    recovered = paragraphs_in(page, body_editor(2))
    assert recovered[:-1] == list(paragraphs[:-1]) and recovered[-1] == paragraphs[-1] + TYPED
    page.wait_for_function(
        f'() => document.querySelector("{body_editor(2)} figure img")?.naturalWidth === 1600'
    )
    shot(page, "11-editor-recovered")
    shot(page, "11-editor-recovered-article", "#articles-2")
    settings.STAFF_IDLE_TIMEOUT = 30 * 60
    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist .success")
    new_article = draft.articles.get(position=3)
    assert new_article.body.count("<figure") == 1 and "?upload=" not in new_article.body
    assert ArticleImage.objects.filter(article=new_article).count() == 1
    assert TYPED in new_article.body
    take_step(page, "submit")

    # The approver returns it: yesterday's article is a paragraph a line.
    services.return_to_draft(Issue.objects.get(pk=draft.pk), approver, RETURN_COMMENT)
    page.goto(f"{live_server.url}{draft.get_admin_url()}")
    assert RETURN_COMMENT in page.inner_text(".returned-notice")
    page.click(body_editor(0))
    page.keyboard.press("Control+A")
    page.locator(body_editor(0)).evaluate(PASTE, first_raw)
    page.wait_for_selector("#articles-0 .bulletin-paste-notice:not([hidden])")
    assert paragraphs_in(page, body_editor(0)) == list(first_paragraphs)
    shot(page, "12-editor-re-pasted", "#articles-0")
    take_step(page, "submit")  # unsaved changes are saved first
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.IN_REVIEW
    assert draft.articles.get(position=1).body == "".join(
        f"<p>{paragraph}</p>" for paragraph in first_paragraphs
    )


def test_the_approver_sees_the_merge_signs_off_and_the_editor_exports_the_statistics(
    browser, live_server, series, editor, approver, contributor, make_issue, make_report
):
    draft, yesterdays_lines, first_paragraphs, _ = yesterdays_draft(make_issue)
    report = make_report(contributor, REPORT_HEADLINE)
    report_services.adopt_report(report, editor, draft)
    services.submit(draft, editor)
    services.return_to_draft(draft, approver, RETURN_COMMENT)
    merged = "".join(f"<p>{paragraph}</p>" for paragraph in first_paragraphs)
    services.save_content(
        draft,
        editor,
        lambda: Article.objects.filter(issue=draft, position=1).update(body=merged),
    )
    services.submit(draft, editor)

    page = logged_in(browser, live_server, approver.username, viewport=VIEWPORT, timeout=60_000)
    page.goto(f"{live_server.url}{draft.get_admin_url()}")
    changes = page.locator(".review-changes")
    joined = len(yesterdays_lines) - len(first_paragraphs)
    assert changes.locator("del.review-break").count() == joined
    # The paste also took out the PDF's spaces (11 月 27 日), so the text did change a little.
    assert (
        f"原{len(yesterdays_lines)}段合并为{len(first_paragraphs)}段（合并了{joined}段）"
        in changes.inner_text()
    )
    shot(page, "13-approver-diff-merge", ".review-changes")
    take_step(page, "sign-off")  # the PDF is rendered and signed for real
    shot(page, "14-approver-signed-off")
    take_step(page, "publish")
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.PUBLISHED

    office = logged_in(browser, live_server, editor.username, viewport=VIEWPORT)
    office.click("a[href='/admin/contributions/report/']")
    office.click(".object-tools a[href$='/statistics/']")
    start, end = office.input_value("#id_start"), office.input_value("#id_end")
    today = datetime.date.today()
    assert (start, end) == (f"{today.year}-01-01", today.isoformat())
    shot(office, "15-editor-statistics")
    with office.expect_download() as download:
        office.click("a.export-xlsx")
    assert download.value.suggested_filename == (
        f"reports-{series.slug}-{start.replace('-', '')}-{end.replace('-', '')}.xlsx"
    )
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    assert sheet["A1"].value == f"{series.title} 信息报送统计（{start}至{end}）"
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["申通快递有限公司"][2:4] == (1, 1)
