"""Bylines and 编者按 (of an article and of an issue) where bulletins print them."""

import pytest

from issues.models import Article
from issues.pdf.render import FONT_SELECTORS, render_issue_html
from tests.portal_fixtures import issue_path, make_published_issue, public_series  # noqa: F401

NOTE = "春季开学以来，各校狠抓安全工作。"


@pytest.fixture
def noted_issue(public_series, monkeypatch):  # noqa: F811
    issue = make_published_issue(
        public_series, articles=(("城关小学开展消防演练", "<p>3月12日，演练举行。</p>", ()),)
    )
    # The issue is frozen; the test writes what an import wrote before it was published.
    monkeypatch.setattr("issues.models.FreezeGuardedQuerySet.refuse_if_frozen", lambda self: None)
    type(issue).objects.filter(pk=issue.pk).update(editor_note=NOTE)
    Article.objects.filter(issue=issue).update(
        byline="张三、李四", editor_note="城关小学的做法值得推广。"
    )
    issue.refresh_from_db()
    return issue


def test_the_pdf_prints_byline_and_notes_after_the_headline_in_kaiti(noted_issue):
    html = render_issue_html(noted_issue, draft=False)
    headline = html.index("城关小学开展消防演练")
    byline = html.index('<div class="byline">张三、李四</div>')
    note = html.index('<p class="editor-note"><b>编者按：</b>城关小学的做法值得推广。</p>')
    body = html.index("3月12日，演练举行。")
    assert headline < byline < note < body
    issue_note = html.index(f"<b>编者按：</b>{NOTE}")
    assert issue_note < headline  # the issue's note before the first article
    # The byline and notes are set in the 楷体 stack (heading2).
    assert ".byline" in FONT_SELECTORS["heading2"]
    assert ".editor-note" in FONT_SELECTORS["heading2"]


def test_the_portal_shows_byline_and_notes(client, noted_issue):
    html = client.get(issue_path(noted_issue)).content.decode()
    assert '<p class="article__byline">张三、李四</p>' in html
    assert "城关小学的做法值得推广。" in html
    assert NOTE in html
