import pytest

from issues.models import Article, Issue, Series
from issues.sanitizer import sanitize_body


@pytest.fixture
def issue(db):
    series = Series.objects.create(title="测试简报", slug="test", compiling_office="测试办公室")
    return Issue.objects.create(series=series)


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>正文<script>alert(1)</script></p>", "script"),
        ('<p><img src="/media/a.png" onerror="alert(1)"></p>', "onerror"),
        ('<p><a href="javascript:alert(1)">点我</a></p>', "javascript:"),
        ('<p style="color:red" onclick="x()">正文</p>', "onclick"),
        ("<iframe src='https://example.org'></iframe>", "iframe"),
        ('<img src="https://tracker.example.org/pixel.png">', "tracker"),
        ('<img src="/media/../settings.py">', ".."),
        ('<table style="width:900mm"><tr><td class="x">表格</td></tr></table>', "900mm"),
        ('<table><tr><td onclick="x()">表格</td></tr></table>', "onclick"),
        ("<p><em>斜体</em><u>下划线</u></p>", "<em>"),
    ],
)
def test_forbidden_markup_never_survives_a_save(issue, dirty, forbidden):
    article = Article.objects.create(issue=issue, headline="标题", body=dirty)
    article.refresh_from_db()
    assert forbidden not in article.body


def test_the_formatting_of_an_official_bulletin_survives():
    html = (
        "<h2>一、总体情况</h2><h3>（一）主要做法</h3><h4>1. 加强领导</h4><h5>（1）细化分工</h5>"
        "<p>正文<strong>加粗</strong><br>换行</p><ol><li>一</li></ol><ul><li>二</li></ul>"
        '<figure><img src="/media/issues/images/a.png" alt="照片"><figcaption>图注</figcaption>'
        "</figure>"
    )
    assert sanitize_body(html) == html


def test_tables_keep_their_rows_header_cells_and_merges():
    html = (
        "<table><tbody><tr><th><p>企业</p></th><th><p>业务量</p></th></tr>"
        '<tr><td colspan="2"><p>合计</p></td></tr>'
        '<tr><td rowspan="2"><p>中通</p></td><td><p>1200</p></td></tr></tbody></table>'
    )
    assert sanitize_body(html) == html


def test_a_body_without_text_is_stored_empty(issue):
    article = Article.objects.create(issue=issue, headline="标题", body="<p></p>")
    assert article.body == ""


def test_links_are_not_part_of_a_bulletin():
    assert sanitize_body('<p><a href="https://example.org">网站</a></p>') == "<p>网站</p>"
