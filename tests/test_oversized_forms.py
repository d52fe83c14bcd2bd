"""Text the server cannot take at once: refused in Chinese, and the editor's text is kept."""

import pytest
from django.test import Client, override_settings
from django.utils import translation

from issues.models import Article
from tests.browser_support import logged_in


def test_an_article_longer_than_the_cap_is_a_form_error_and_the_text_stays(
    client, editor, series, settings
):
    settings.BULLETIN_ARTICLE_MAX_CHARACTERS = 100
    client.force_login(editor)
    body = "<p>" + "字" * 150 + "</p>"
    with translation.override("zh-hans"):
        response = client.post(
            "/admin/issues/issue/add/",
            {
                "series": series.pk,
                "issue_date": "2026-03-02",
                "distribution_list": series.default_distribution_list_id,
                "articles-TOTAL_FORMS": "1",
                "articles-INITIAL_FORMS": "0",
                "articles-MIN_NUM_FORMS": "0",
                "articles-MAX_NUM_FORMS": "1000",
                "articles-0-position": "1",
                "articles-0-headline": "长文",
                "articles-0-body": body,
            },
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "正文超过100个字符" in page
    assert "字" * 150 in page
    assert not Article.objects.exists()


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_request_over_the_limit_gets_a_chinese_page_not_a_bare_400(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.post("/admin/issues/issue/add/", {"articles-0-body": "字" * 2000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "浏览器的“后退”" in page
    assert "Bad Request" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_keeps_an_oversized_form_and_says_why(
    browser, live_server, superuser, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    page = logged_in(browser, live_server, superuser.username)
    page.goto(f"{live_server.url}/admin/organisations/distributionlist/add/")
    text = "报送" * 1000  # 18,000 bytes once encoded
    page.fill("#id_name", "长名单")
    page.fill("#id_description", text)
    page.click("input[name=_save]")
    message = page.locator(".post-size-guard .error")
    message.wait_for()
    assert "服务器一次能接收的" in message.inner_text()
    assert page.url.endswith("/distributionlist/add/")
    assert page.input_value("#id_description") == text
