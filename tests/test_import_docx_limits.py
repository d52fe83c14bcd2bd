"""Word files that attack the server, or cannot be imported: refused before they are read."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from archive_import.reading import UnreadableFile, docx_lines
from bench.docx_bomb import docx_bomb
from issues.importing.docx import WordFile, WordImportError, append_word_articles, check_docx
from tests.test_import_docx import simple_report, word_file


def refusal(word: WordFile) -> str:
    with translation.override("zh-hans"), pytest.raises(WordImportError) as error:
        check_docx(word)
    return str(error.value)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = WordFile("炸弹.docx", docx_bomb(50_000_000))
    assert len(bomb.data) < 100 * 1024
    started = time.perf_counter()
    message = refusal(bomb)
    assert time.perf_counter() - started < 1
    assert "“炸弹.docx”解压后超过" in message


def test_a_zip_bomb_given_to_the_archive_import_is_refused_before_it_is_unpacked():
    with translation.override("zh-hans"), pytest.raises(UnreadableFile) as error:
        docx_lines("往期炸弹.docx", docx_bomb(50_000_000))
    assert "“往期炸弹.docx”解压后超过" in str(error.value)


def test_a_member_that_hides_its_size_is_caught_by_its_checksum():
    honest = docx_bomb(5_000_000)
    lying = bytearray(honest)
    # Declare 1 KB for document.xml in the central directory and the local header.
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        info = archive.getinfo("word/document.xml")
    declared = info.file_size.to_bytes(4, "little")
    assert lying.count(declared) >= 1
    lying = bytes(lying).replace(declared, (1024).to_bytes(4, "little"))
    assert "已损坏" in refusal(WordFile("lies.docx", lying))


def test_an_article_longer_than_the_cap_is_refused(settings):
    settings.BULLETIN_ARTICLE_MAX_CHARACTERS = 1000
    long_report = word_file(simple_report("长文", "字" * 1200), "long.docx")
    assert "“long.docx”的正文超过1,000个字符" in refusal(long_report)
    settings.BULLETIN_ARTICLE_MAX_CHARACTERS = 2000
    check_docx(long_report)


def test_a_linked_picture_is_named_as_such_not_as_damage():
    report = word_file(simple_report(), "linked.docx")
    with zipfile.ZipFile(io.BytesIO(report.data)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="http://intranet.example/logo.png" '
        b'TargetMode="External"/></Relationships>',
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    message = refusal(WordFile("linked.docx", buffer.getvalue()))
    assert "损坏" not in message
    assert "http://intranet.example/logo.png" in message
    assert "链接" in message


def test_an_upload_larger_than_the_total_limit_is_refused_in_chinese(
    client, editor, make_issue, settings
):
    draft = make_issue(articles=1)
    report = word_file(simple_report(), "a.docx")
    settings.BULLETIN_IMPORT_MAX_UPLOAD_BYTES = len(report.data) * 2
    client.force_login(editor)
    files = [SimpleUploadedFile(f"{n}.docx", report.data) for n in range(3)]
    response = client.post(
        reverse("admin:issues_issue_import_word", args=[draft.pk]), {"files": files}
    )
    assert response.status_code == 200
    assert "这些文件合计超过" in response.content.decode()
    assert draft.articles.count() == 1


def test_an_ordinary_report_still_imports(make_issue):
    draft = make_issue(articles=1)
    append_word_articles(draft, [word_file(simple_report("第一篇"), "a.docx")])
    assert draft.articles.count() == 2
