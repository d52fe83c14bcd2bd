"""One rule set for text that lost its layout: the editor's paste, the Word import, the archive.

issues.text_structure joins lines wrapped inside a paragraph and knows headings
by their numbering; the paste endpoints of the admin and of the contributor's
form answer with its cleaned, sanitised HTML.
"""

import json
import re

import docx
import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from archive_import.parsing import parse_bulletin
from issues.importing.docx import append_word_articles
from issues.text_structure import PasteError, clean_paste, paragraphs_of_lines, text_lines
from tests.seed_text import SEED_2019
from tests.test_import_docx import word_file


def blocks(html: str) -> list[tuple[str, str]]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [(child.tag, child.text_content()) for child in root]


def seed_2019_articles() -> list[tuple[list[str], str]]:
    """Each article of the hard-wrapped seed: the importer's paragraphs and its body as in the file.

    The body runs from the line after the headline to the next headline (or the 报 row).
    """
    text = SEED_2019.read_text()
    lines = text.split("\n")
    parsed = parse_bulletin(text)
    distribution = next(number for number, line in enumerate(lines, 1) if line.startswith("报："))
    ends = [article.line for article in parsed.articles[1:]] + [distribution]
    return [
        (list(article.paragraphs), "\n".join(lines[article.line : end - 1]))
        for article, end in zip(parsed.articles, ends, strict=True)
    ]


# --- The rule set ------------------------------------------------------------------------------


def test_the_hard_wrapped_seed_pasted_becomes_the_importers_paragraphs():
    articles = seed_2019_articles()
    assert len(articles) >= 5
    for paragraphs, raw in articles:
        lines = text_lines(raw)
        assert len(lines) >= 3 * len(paragraphs)  # hard-wrapped: many lines a paragraph
        pasted = clean_paste(text=raw)
        assert blocks(pasted.html) == [("p", paragraph) for paragraph in paragraphs]
        assert pasted.joined == len(lines) - len(paragraphs)


def test_headings_by_their_numbering_indents_and_spaces():
    text = (
        "\u3000\u3000一、检查范围\n"
        "\u3000\u3000本次检查覆盖全市 16 个区的快递网点，\n"
        "重点检查 X ray 安检机的使用。\n"
        "（一）重点企业\n"
        "\u3000\u30001.申通\n"
        "（1）网点\n"
    )
    assert blocks(clean_paste(text=text).html) == [
        ("h2", "一、检查范围"),
        ("p", "本次检查覆盖全市16个区的快递网点，重点检查X ray安检机的使用。"),
        ("h3", "（一）重点企业"),
        # Plain numbers 1. and （1） are headings only in bold: here they are list-like lines.
        ("p", "1.申通"),
        ("p", "（1）网点"),
    ]


def test_a_page_break_inside_a_sentence_is_joined_and_page_numbers_go():
    lines = ["本市快递业务量持续增长，各企业", "- 2 -", "积极落实安全生产责任。", "下一段。"]
    assert paragraphs_of_lines(text_lines("\n".join(lines))).texts == [
        "本市快递业务量持续增长，各企业积极落实安全生产责任。",
        "下一段。",
    ]


def test_word_html_keeps_bold_and_tables_and_takes_headings_by_numbering():
    html = (
        '<meta charset="utf-8"><style>p.MsoNormal{margin:0}</style>'
        '<p class="MsoNormal" style="text-indent:2em">'
        '<span lang="ZH-CN">\u3000\u3000一、检查范围</span></p>'
        '<p class="MsoNormal"><span style="font-weight: bold">1. 安全</span></p>'
        "<p>要求<strong>各单位</strong>落实 。</p>"
        "<table><tr><td><b>企业</b></td><td><b>网点</b></td></tr><tr><td>申通</td><td>3</td></tr></table>"
        '<script>alert(1)</script><p onclick="alert(2)">完。</p>'
    )
    cleaned = clean_paste(html=html, text="一、检查范围")
    assert "script" not in cleaned.html and "alert" not in cleaned.html
    assert "style" not in cleaned.html and "Mso" not in cleaned.html
    assert cleaned.html == (
        "<h2>一、检查范围</h2><h4>1.安全</h4><p>要求<strong>各单位</strong>落实。</p>"
        "<table><tbody><tr><th>企业</th><th>网点</th></tr><tr><td>申通</td><td>3</td></tr>"
        "</tbody></table><p>完。</p>"
    )


def test_html_of_hard_wrapped_lines_is_rejoined():
    paragraphs, raw = seed_2019_articles()[0]
    lines = text_lines(raw)
    as_paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    assert blocks(clean_paste(html=as_paragraphs).html) == [("p", p) for p in paragraphs]
    with_breaks = "<p>" + "<br>".join(lines) + "</p>"
    assert blocks(clean_paste(html=with_breaks).html) == [("p", p) for p in paragraphs]


def test_html_without_paragraphs_is_read_as_its_plain_text():
    # A web page's <div>s: the sanitiser would run their lines together.
    html = "<div>一、总体情况</div><div>全市网点运行平稳。</div>"
    cleaned = clean_paste(html=html, text="一、总体情况\n全市网点运行平稳。")
    assert blocks(cleaned.html) == [("h2", "一、总体情况"), ("p", "全市网点运行平稳。")]


def test_a_paste_longer_than_an_article_is_refused(settings):
    settings.BULLETIN_ARTICLE_MAX_CHARACTERS = 10
    with pytest.raises(PasteError, match=r"10"):
        clean_paste(text="一二三四五六七八九十十一")


# --- Word: the numbering decides when the style disagrees ---------------------------------------


@pytest.mark.django_db
def test_a_word_heading_styled_one_level_too_low_takes_the_level_of_its_numbering(make_issue):
    draft = make_issue(articles=1)

    def build(document: docx.Document):
        document.add_heading("上海市邮政管理局开展专项检查", level=0)
        document.add_heading("一、检查范围", level=2)  # Heading 2, but numbered as level 1
        document.add_paragraph("覆盖全市快递网点。")
        document.add_heading("（一）重点企业", level=1)  # Heading 1, numbered as level 2
        document.add_heading("工作要求", level=2)  # no numbering: its style decides

    append_word_articles(draft, [word_file(build)])
    body = draft.articles.last().body
    assert body == (
        "<h2>一、检查范围</h2><p>覆盖全市快递网点。</p><h3>（一）重点企业</h3><h3>工作要求</h3>"
    )


# --- The endpoints --------------------------------------------------------------------------------

ADMIN_PASTE = "admin:issues_issue_paste"
REPORT_PASTE = "contributions:paste"


def post(client, url, payload, **headers):
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


@pytest.mark.parametrize("url_name", [ADMIN_PASTE, REPORT_PASTE])
def test_the_paste_endpoints_answer_with_the_cleaned_sanitised_html(
    client, editor, contributor, url_name
):
    client.force_login(editor if url_name == ADMIN_PASTE else contributor)
    paragraphs, raw = seed_2019_articles()[1]
    response = post(client, reverse(url_name), {"text": raw, "html": ""})
    assert response.status_code == 200
    answer = response.json()
    assert blocks(answer["html"]) == [("p", p) for p in paragraphs]
    assert answer["joined"] > 0

    response = post(
        client,
        reverse(url_name),
        {
            "html": '<p>正文<script>document.cookie</script><img src="https://evil.example/x.png"></p>'
        },
    )
    assert response.json()["html"] == "<p>正文</p>"


@pytest.mark.parametrize("url_name", [ADMIN_PASTE, REPORT_PASTE])
def test_the_paste_endpoints_need_a_csrf_token(editor, contributor, url_name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor if url_name == ADMIN_PASTE else contributor)
    assert post(client, reverse(url_name), {"text": "正文。"}).status_code == 403
    client.get(reverse("admin:index") if url_name == ADMIN_PASTE else reverse("contributions:new"))
    token = client.cookies["csrftoken"].value
    response = post(client, reverse(url_name), {"text": "正文。"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_only_those_who_write_articles_or_reports_may_paste(
    client, editor, contributor, staff_without_role, make_user
):
    admin_url, report_url = reverse(ADMIN_PASTE), reverse(REPORT_PASTE)
    # Not logged in: the log-in pages.
    assert post(client, admin_url, {"text": "正文。"}).status_code == 302
    assert post(client, report_url, {"text": "正文。"}).status_code == 302
    # Staff who may not write articles, and a contributor in the admin, are refused.
    client.force_login(staff_without_role)
    assert post(client, admin_url, {"text": "正文。"}).status_code == 403
    assert post(client, report_url, {"text": "正文。"}).status_code == 403
    client.force_login(contributor)
    assert post(client, admin_url, {"text": "正文。"}).status_code == 302  # not staff
    # An editor is no contributor: the report form's endpoint refuses them.
    client.force_login(editor)
    assert post(client, report_url, {"text": "正文。"}).status_code == 403
    assert client.get(admin_url).status_code == 405


@pytest.mark.parametrize("url_name", [ADMIN_PASTE, REPORT_PASTE])
def test_too_big_or_unreadable_pastes_get_a_chinese_error(
    client, editor, contributor, settings, url_name
):
    client.force_login(editor if url_name == ADMIN_PASTE else contributor)
    settings.BULLETIN_PASTE_MAX_BYTES = 1000
    response = post(client, reverse(url_name), {"text": "字" * 400})
    assert response.status_code == 413
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])
    response = client.post(reverse(url_name), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])
