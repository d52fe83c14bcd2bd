"""Characters no installed font has (issues.pdf.characters) and where an issue has them."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from issues import selectors, services
from issues.pdf import characters

# A private-use character: no installed font draws it.
NO_FONT = "\U0010fffd"


def test_only_characters_no_font_has_are_reported_each_once():
    text = f"王{NO_FONT}同志\n来信 A{NO_FONT}b。\u3000"
    assert characters.missing_characters(text) == [NO_FONT]


def test_gb2312_text_asks_fontconfig_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("fontconfig asked")

    monkeypatch.setattr(subprocess, "run", refuse)
    assert characters.missing_characters("上海市快递行业（2020）第26期：ABC 123。") == []


def test_without_fontconfig_nothing_is_reported(monkeypatch):
    def missing_tool(*args, **kwargs):
        raise FileNotFoundError("fc-list")

    characters.has_font.cache_clear()
    monkeypatch.setattr(subprocess, "run", missing_tool)
    try:
        assert characters.missing_characters(f"王{NO_FONT}") == []
    finally:
        characters.has_font.cache_clear()


@pytest.mark.django_db
def test_the_submit_and_sign_off_pages_say_where_the_pdf_prints_a_mark(
    client, make_issue, editor, approver
):
    issue = make_issue(articles=2)
    issue.articles.filter(position=2).update(body=f"<p>王{NO_FONT}同志的来信。</p>")
    with translation.override("zh-hans"):
        assert selectors.print_warnings(issue) == [
            f"第2篇文章：“{NO_FONT}”（U+10FFFD）没有可用的字体，PDF中将印作〓。"
        ]
    client.force_login(editor)
    page = client.get(reverse("admin:issues_issue_transition", args=[issue.pk, "submit"]))
    assert "U+10FFFD" in page.content.decode()
    services.submit(issue, editor)
    client.force_login(approver)
    page = client.get(reverse("admin:issues_issue_transition", args=[issue.pk, "sign-off"]))
    assert 'class="warning"' in page.content.decode() and "U+10FFFD" in page.content.decode()


@pytest.mark.django_db
def test_an_issue_every_font_can_print_has_no_warnings(make_issue):
    assert selectors.print_warnings(make_issue(articles=3)) == []
