"""A recipient finds an issue in the archive and downloads it, in headless Chromium."""

import hashlib

import pytest

from portal import selectors
from portal.models import Receipt
from tests.portal_fixtures import make_published_issue

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_recipient_finds_downloads_and_receives_an_issue(
    live_server, browser_page, tmp_path, restricted_series, bureau, association, recipient
):
    wanted = make_published_issue(
        restricted_series,
        year=2020,
        number=26,
        cumulative_number=289,
        recipients=(bureau, association),
        articles=(("奉献点滴爱心 助力脱贫攻坚", "<p>爱心校服漂流活动。</p>", (bureau,)),),
    )
    make_published_issue(
        restricted_series,
        year=2019,
        number=30,
        recipients=(bureau,),
        articles=(("爱心校服漂流（上年）", "<p>旧闻。</p>", ()),),
    )
    make_published_issue(
        restricted_series,
        year=2020,
        number=25,
        recipients=(bureau,),
        articles=(("安全生产检查", "<p>检查。</p>", ()),),
    )
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", recipient.username)
    page.fill("#id_password", "pw-收件-2020")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".issue-card").count() == 3

    page.select_option("#id_year", "2020")
    page.fill("#id_q", "校服")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "year=2020" in page.url
    assert "q=" in page.url
    cards = page.locator(".issue-card")
    assert cards.count() == 1
    assert "2020年第26期" in cards.first.inner_text()

    cards.first.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/wenming/2020/26/")
    assert "（总第289期）" in page.locator("h1").inner_text()
    assert "报：" in page.locator(".distribution").inner_text()

    with page.expect_download() as download_info:
        page.click(".download a")
    download = download_info.value
    assert download.suggested_filename == "上海市快递行业精神文明创建工作简报-2020年第26期.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == wanted.official_pdf.sha256

    receipt = Receipt.objects.get(issue=wanted)
    assert (receipt.organisation, receipt.user) == (bureau, recipient)
    status = {line.organisation: line.received for line in selectors.receipt_status(wanted)}
    assert status == {bureau: True, association: False}

    # Received: the page's link now carries a download grant, and gives the same file.
    page.reload()
    assert "?grant=" in page.locator(".download a").get_attribute("href")
    with page.expect_download() as download_info:
        page.click(".download a")
    again = download_info.value
    assert again.suggested_filename == download.suggested_filename
    again.save_as(tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == saved.read_bytes()
    assert Receipt.objects.filter(issue=wanted).count() == 1
