"""Word files: articles uploaded in the admin, and past issues given to import_bulletin."""

import os
import re
from io import BytesIO, StringIO
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image

from archive_import.parsing import parse_bulletin
from issues.importing.docx import WordFile, WordImportError, append_word_articles
from issues.models import Article, ArticleImage, Issue
from organisations.models import Organisation
from tests.seed_text import SEED_2020


def word_file(build, name="report.docx") -> WordFile:
    """A .docx made by `build(document)` with python-docx."""
    document = docx.Document()
    build(document)
    buffer = BytesIO()
    document.save(buffer)
    return WordFile(name, buffer.getvalue())


def simple_report(headline="京东物流发布两款机器人", body="近日，京东物流发布两款机器人。"):
    def build(document):
        document.add_paragraph(headline)
        document.add_paragraph(body)

    return build


def png(size=(4, 4)) -> BytesIO:
    """A PNG of random pixels, so that its size in bytes grows with its size in pixels."""
    buffer = BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def paragraphs(body: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", body)


def stored_images(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "issues" / "images"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def draft(make_issue):
    return make_issue(articles=1)


# --- Articles -------------------------------------------------------------------------------


def test_the_first_article_of_the_2020_seed_survives_word(draft):
    seed_article = parse_bulletin(SEED_2020.read_text()).articles[0]

    def build(document):
        document.add_paragraph(seed_article.headline)
        for paragraph in seed_article.paragraphs:
            document.add_paragraph(paragraph)

    append_word_articles(draft, [word_file(build)])
    article = draft.articles.last()
    assert article.position == 2  # appended after the draft's article
    assert article.headline == seed_article.headline
    assert paragraphs(article.body) == list(seed_article.paragraphs)


def test_a_title_style_is_the_headline_and_word_headings_become_bulletin_headings(draft):
    def build(document):
        document.add_paragraph("上海市邮政管理局")
        document.add_heading("召开生态环保工作推进会", level=0)
        document.add_heading("一、提高政治站位", level=1)
        document.add_heading("（一）主动对标", level=2)
        document.add_heading("1. 落实责任", level=3)
        document.add_heading("（1）加强督导", level=4)
        paragraph = document.add_paragraph("要求")
        paragraph.add_run("各单位").bold = True
        paragraph.add_run("认真落实").italic = True
        document.add_paragraph("电子面单", style="List Bullet")
        document.add_paragraph("可循环中转袋", style="List Number")

    append_word_articles(draft, [word_file(build)])
    article = draft.articles.last()
    assert article.headline == "召开生态环保工作推进会"
    assert article.body == (
        "<p>上海市邮政管理局</p>"
        "<h2>一、提高政治站位</h2><h3>（一）主动对标</h3><h4>1. 落实责任</h4><h5>（1）加强督导</h5>"
        "<p>要求<strong>各单位</strong>认真落实</p>"
        "<ul><li>电子面单</li></ul><ol><li>可循环中转袋</li></ol>"
    )


def test_without_a_title_the_first_heading_or_line_is_the_headline(draft):
    def build(document):
        document.add_heading("京东物流发布两款机器人", level=1)
        document.add_paragraph("近日，京东物流发布两款机器人。")

    append_word_articles(draft, [word_file(build)])
    article = draft.articles.last()
    assert article.headline == "京东物流发布两款机器人"
    assert article.body == "<p>近日，京东物流发布两款机器人。</p>"


def test_several_files_become_one_article_each_in_order(draft):
    files = [
        word_file(simple_report("第一篇"), "a.docx"),
        word_file(simple_report("第二篇"), "b.docx"),
    ]
    append_word_articles(draft, files)
    assert list(draft.articles.values_list("headline", flat=True)) == ["第1篇", "第一篇", "第二篇"]


def test_organisations_named_in_the_headline_are_linked(draft):
    jd = Organisation.objects.create(name="京东物流")
    append_word_articles(draft, [word_file(simple_report())])
    assert list(draft.articles.last().organisations.all()) == [jd]


def test_embedded_images_are_stored_as_files_of_the_article(draft, settings):
    def build(document):
        document.add_paragraph("京东物流发布两款机器人")
        document.add_picture(png())
        document.add_paragraph("图为配送机器人。")

    append_word_articles(draft, [word_file(build)])
    article = draft.articles.last()
    image = ArticleImage.objects.get(article=article)
    assert image.file.name.startswith("issues/images/")
    assert f'src="/media/{image.file.name}"' in article.body
    assert len(stored_images(settings)) == 1


# --- Bad files ------------------------------------------------------------------------------


def refusal(issue, *files) -> str:
    with translation.override("en"), pytest.raises(WordImportError) as error:
        append_word_articles(issue, files)
    return str(error.value)


def assert_nothing_imported(issue, settings):
    assert issue.articles.count() == 1
    assert not ArticleImage.objects.exists()
    assert stored_images(settings) == []


def test_a_file_that_is_not_a_docx_is_refused(draft, settings):
    message = refusal(draft, WordFile("notes.txt", "京东物流".encode()))
    assert message == "“notes.txt” is not a Word (.docx) file."
    assert_nothing_imported(draft, settings)


def test_a_corrupted_docx_is_refused(draft, settings):
    good = word_file(simple_report())
    message = refusal(draft, WordFile("broken.docx", good.data[: len(good.data) // 2]))
    assert message == "“broken.docx” is damaged and cannot be read."
    assert_nothing_imported(draft, settings)


def test_a_password_protected_file_is_refused(draft, settings):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    message = refusal(draft, WordFile("secret.docx", ole))
    assert message.startswith("“secret.docx” is protected by a password")
    assert_nothing_imported(draft, settings)


def test_a_file_over_the_size_limit_is_refused(draft, settings):
    settings.BULLETIN_IMPORT_MAX_DOCX_BYTES = 1000
    message = refusal(draft, word_file(simple_report(), "big.docx"))
    assert message == "“big.docx” is larger than 1000\xa0bytes."
    assert_nothing_imported(draft, settings)


def test_an_image_over_the_size_limit_is_refused_and_nothing_stored(draft, settings):
    settings.BULLETIN_IMPORT_MAX_IMAGE_BYTES = 1000

    def build(document):
        document.add_paragraph("第一张图")
        document.add_picture(png())
        document.add_paragraph("第二张图太大")
        document.add_picture(png((200, 200)))

    message = refusal(draft, word_file(build, "photos.docx"))
    assert message == "“image 2 of photos.docx” is larger than 1000\xa0bytes."
    assert_nothing_imported(draft, settings)


def test_one_bad_file_and_none_of_the_upload_is_imported(draft, settings):
    def build(document):
        document.add_paragraph("有图的报道")
        document.add_picture(png())

    files = [word_file(build, "good.docx"), WordFile("bad.docx", b"PK\x03\x04 not a zip")]
    assert refusal(draft, *files) == "“bad.docx” is damaged and cannot be read."
    assert_nothing_imported(draft, settings)


def test_a_late_failure_deletes_the_images_already_stored(draft, settings):
    def with_image(document):
        document.add_paragraph("有图的报道")
        document.add_picture(png())

    files = [word_file(with_image, "good.docx"), word_file(lambda document: None, "empty.docx")]
    assert refusal(draft, *files) == "“empty.docx” has no text."
    assert_nothing_imported(draft, settings)


def test_only_drafts_take_imported_articles(make_issue, move_issue_to, fake_pdf):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    assert refusal(issue, word_file(simple_report())) == (
        "Articles can be imported only into a draft."
    )


# --- The admin page -------------------------------------------------------------------------


def import_url(issue) -> str:
    return reverse("admin:issues_issue_import_word", args=[issue.pk])


def upload(word: WordFile) -> SimpleUploadedFile:
    return SimpleUploadedFile(word.name, word.data)


def test_the_draft_page_offers_the_import(client, editor, draft):
    client.force_login(editor)
    page = client.get(reverse("admin:issues_issue_change", args=[draft.pk]))
    assert import_url(draft) in page.content.decode()
    form = client.get(import_url(draft))
    assert form.status_code == 200
    assert 'type="file" name="files"' in form.content.decode()
    assert "multiple" in form.content.decode()


def test_a_signed_off_issue_offers_no_import(client, editor, make_issue, move_issue_to, fake_pdf):
    issue = move_issue_to(make_issue(), Issue.Status.SIGNED_OFF)
    client.force_login(editor)
    page = client.get(reverse("admin:issues_issue_change", args=[issue.pk]))
    assert import_url(issue) not in page.content.decode()
    assert client.get(import_url(issue)).status_code == 403


def test_uploading_several_files_appends_an_article_each(client, editor, draft):
    client.force_login(editor)
    files = [
        upload(word_file(simple_report("第一篇"), "a.docx")),
        upload(word_file(simple_report("第二篇"), "b.docx")),
    ]
    with translation.override("en"):
        response = client.post(import_url(draft), {"files": files}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:issues_issue_change", args=[draft.pk])
    assert "已从 Word 导入2篇文章。" in response.content.decode()
    assert list(draft.articles.values_list("headline", flat=True)) == ["第1篇", "第一篇", "第二篇"]


def test_a_bad_file_in_an_upload_is_named_on_the_form(client, editor, draft):
    client.force_login(editor)
    files = [
        upload(word_file(simple_report("第一篇"), "a.docx")),
        SimpleUploadedFile("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
    ]
    with translation.override("en"):
        response = client.post(import_url(draft), {"files": files})
    assert response.status_code == 200
    assert "“old.doc”设有密码或是旧的 .doc 格式" in response.content.decode()
    assert Article.objects.filter(issue=draft).count() == 1


# --- Past issues for the command ------------------------------------------------------------


def test_import_bulletin_reads_a_past_issue_from_word(series, approver, tmp_path):
    def build(document):
        for line in SEED_2020.read_text().splitlines():
            if line.strip():
                document.add_paragraph(line)

    path = tmp_path / "bulletin-2020-26.docx"
    path.write_bytes(word_file(build).data)
    call_command(
        "import_bulletin", str(path), user=approver.username, accept_guesses=True, stdout=StringIO()
    )
    issue = series.issues.get()
    assert issue.issue_line == "2020年第26期（总第289期）"
    assert issue.articles.count() == 6
    assert issue.recipients_for_print().count() == 10


def test_import_bulletin_names_a_broken_word_file(series, approver, tmp_path):
    path = tmp_path / "past.docx"
    path.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(CommandError, match=r"past\.docx：Word 文件已损坏"):
        call_command("import_bulletin", str(path), user=approver.username, stdout=StringIO())
