"""Photos uploaded, pasted or dropped into an article body or a report's text (issue 24).

The editor posts the file to an upload address; the photo is checked as the
Word import checks its images and stored, the address it gets shows it to the
uploader alone, and the save that stores the text makes it the article's
ArticleImage or the report's ReportImage.
"""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from contributions.models import Report, ReportImage
from issues import services
from issues.models import Article, ArticleImage, Issue

SRC = re.compile(r'src="([^"]+)"')


def jpeg(size=(60, 40)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def photo(data=None, name="现场.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if data is None else data, "image/jpeg")


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def upload_url(issue=None) -> str:
    if issue is None:
        return reverse("admin:issues_issue_new_body_image")
    return reverse("admin:issues_issue_body_image", args=[issue.pk])


def served(client, src) -> bytes | int:
    response = client.get(src)
    if response.status_code != 200:
        return response.status_code
    return b"".join(response.streaming_content)


def save_body(issue, user, body) -> Article:
    """Save the issue with its first article's body, as the admin's form does."""
    article = issue.articles.order_by("position").first()

    def write():
        article.body = body
        article.save()

    services.save_content(issue, user, write)
    article.refresh_from_db()
    return article


# --- Staff, in the issue admin --------------------------------------------------------------


def test_a_photo_uploaded_into_a_draft_becomes_the_articles_image_on_save(
    client, editor, other_editor, make_issue
):
    issue = make_issue(articles=1)
    client.force_login(editor)
    response = client.post(upload_url(issue), {"image": photo()})
    assert response.status_code == 200
    src = response.json()["src"]
    assert src.startswith("/media/issues/images/") and "?upload=" in src
    # Before the save it shows to the uploader alone.
    assert served(client, src) == jpeg()
    other = Client()
    other.force_login(other_editor)
    assert served(other, src) == 404
    assert not ArticleImage.objects.exists()

    article = save_body(
        issue,
        editor,
        f'<p>正文</p><figure><img src="{src}"><figcaption>检查现场</figcaption></figure>',
    )

    image = ArticleImage.objects.get()
    assert image.article == article
    clean_src = src.split("?")[0]
    assert f'src="{clean_src}"' in article.body and "?upload=" not in article.body
    assert "<figcaption>检查现场</figcaption>" in article.body
    # Now it is an article image: staff see it through /media/ as every other.
    assert served(other, clean_src) == jpeg()


def test_a_photo_in_a_new_issue_is_kept_until_the_issue_is_saved(client, editor, series):
    client.force_login(editor)
    src = client.post(upload_url(), {"image": photo()}).json()["src"]
    issue = Issue(
        series=series, created_by=editor, distribution_list=series.default_distribution_list
    )

    def write():  # as the admin's add form: the issue and its article in one save
        issue.save()
        Article.objects.create(issue=issue, headline="新文章", body=f'<p><img src="{src}"></p>')

    services.save_content(issue, editor, write)
    assert ArticleImage.objects.get().article.issue == issue


def test_only_the_uploader_claims_a_photo(client, editor, other_editor, make_issue):
    issue = make_issue(articles=1)
    client.force_login(editor)
    src = client.post(upload_url(issue), {"image": photo()}).json()["src"]
    article = save_body(issue, other_editor, f'<p><img src="{src}"></p>')
    assert not ArticleImage.objects.exists()
    assert "?upload=" in article.body  # shows nothing to the colleague, and is not theirs


def test_the_same_photo_twice_in_an_article_is_one_image(client, editor, make_issue):
    issue = make_issue(articles=1)
    client.force_login(editor)
    src = client.post(upload_url(issue), {"image": photo()}).json()["src"]
    save_body(issue, editor, f'<p><img src="{src}"></p><p><img src="{src}"></p>')
    assert ArticleImage.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("说明.pdf", b"%PDF-1.7 not an image", "application/pdf"),
            "不是可以读取的图片",
        ),
        (
            SimpleUploadedFile("假图.jpg", b"\xff\xd8\xff\xe0 broken", "image/jpeg"),
            "不是可以读取的图片",
        ),
    ],
)
def test_a_file_that_is_no_image_is_refused_in_chinese_and_not_stored(
    client, editor, make_issue, settings, upload, message
):
    issue = make_issue(articles=1)
    client.force_login(editor)
    response = client.post(upload_url(issue), {"image": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert stored_files(settings) == []


def test_an_oversized_photo_is_refused_and_not_stored(client, editor, make_issue, settings):
    settings.BULLETIN_IMPORT_MAX_IMAGE_BYTES = 300
    issue = make_issue(articles=1)
    client.force_login(editor)
    response = client.post(upload_url(issue), {"image": photo(jpeg((400, 400)))})
    assert response.status_code == 400
    assert response.json()["error"] == "“现场.jpg”超过300\xa0字节。"
    assert stored_files(settings) == []


def test_a_decompression_bomb_is_refused_and_not_stored(client, editor, make_issue, settings):
    settings.BULLETIN_IMAGE_MAX_PIXELS = 1_000_000
    buffer = BytesIO()
    Image.new("1", (2000, 2000)).save(buffer, "PNG")  # a few hundred bytes, 4 million pixels
    issue = make_issue(articles=1)
    client.force_login(editor)
    response = client.post(upload_url(issue), {"image": photo(buffer.getvalue(), "炸弹.png")})
    assert response.status_code == 400
    assert "2000 × 2000" in response.json()["error"]
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "status", [Issue.Status.IN_REVIEW, Issue.Status.SIGNED_OFF, Issue.Status.PUBLISHED]
)
def test_an_issue_that_may_not_change_takes_no_photo(
    client, editor, make_issue, move_issue_to, fake_pdf, settings, status
):
    issue = move_issue_to(make_issue(articles=1), status)
    client.force_login(editor)
    response = client.post(upload_url(issue), {"image": photo()})
    assert response.status_code == 403
    # The refusal the change page gives, in Chinese.
    assert response.json()["error"] == services.content_refusal(issue, editor).messages[0]
    assert re.search("[\u4e00-\u9fff]", response.json()["error"])
    assert not any("issues/images" in str(path) for path in stored_files(settings))


def test_staff_who_may_not_change_issues_upload_nothing(
    client, staff_without_role, make_issue, settings
):
    issue = make_issue(articles=1)
    client.force_login(staff_without_role)
    for url, message in [
        (upload_url(issue), "您的角色不能修改简报。"),
        (upload_url(), "您的角色不能新建简报。"),
    ]:
        response = client.post(url, {"image": photo()})
        assert response.status_code == 403
        assert response.json()["error"] == message
    assert stored_files(settings) == []


def test_the_upload_needs_a_post_with_a_file(client, editor, make_issue):
    issue = make_issue(articles=1)
    client.force_login(editor)
    assert client.get(upload_url(issue)).status_code == 405
    response = client.post(upload_url(issue), {})
    assert response.status_code == 400 and response.json()["error"] == "请选择要上传的照片。"


def test_the_upload_checks_the_csrf_token(editor, make_issue):
    issue = make_issue(articles=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(upload_url(issue), {"image": photo()}).status_code == 403


def test_the_change_page_names_the_upload_address(client, editor, make_issue):
    issue = make_issue(articles=1)
    client.force_login(editor)
    page = client.get(issue.get_admin_url()).content.decode()
    assert f'data-body-image-upload="{upload_url(issue)}"' in page
    assert "issues/editor/bulletin-images.js" in page
    page = client.get(reverse("admin:issues_issue_add")).content.decode()
    assert f'data-body-image-upload="{upload_url()}"' in page


# --- Contributors, in the report form -------------------------------------------------------


def report_form(series, body, **extra) -> dict:
    return {
        "series": series.pk,
        "headline": "申通开展夏季安全检查",
        "body": body,
        "contact_name": "王芳",
        "contact_phone": "021-66668888",
        "save": "1",
        **extra,
    }


def test_a_photo_in_a_new_report_becomes_its_image_on_save(client, series, contributor):
    client.force_login(contributor)
    response = client.post(reverse("contributions:upload_image"), {"image": photo()})
    assert response.status_code == 200
    src = response.json()["src"]
    assert served(client, src) == jpeg()

    body = f'<p>检查现场：</p><figure><img src="{src}"><figcaption>夜间检查</figcaption></figure>'
    assert client.post(reverse("contributions:new"), report_form(series, body)).status_code == 302

    report = Report.objects.get()
    image = report.images.get()
    assert f'src="/media/{image.file.name}"' in report.body and "?upload=" not in report.body
    # The report's page shows it under the report's permissions, as its Word photos.
    detail = client.get(reverse("contributions:detail", args=[report.pk])).content.decode()
    assert reverse("contributions:image", args=[report.pk, image.pk]) in detail
    # The edit form shows it to the contributor again, and saving keeps one image.
    edit = client.get(reverse("contributions:edit", args=[report.pk])).content.decode()
    (shown,) = [src for src in SRC.findall(edit.replace("&quot;", '"')) if "issues/images" in src]
    assert served(client, shown.replace("&amp;", "&")) == jpeg()
    client.post(reverse("contributions:edit", args=[report.pk]), report_form(series, report.body))
    assert ReportImage.objects.count() == 1


def test_a_photo_uploaded_into_a_saved_report(client, series, contributor, make_report):
    report = make_report(contributor, status=Report.Status.DRAFT)
    client.force_login(contributor)
    src = client.post(
        reverse("contributions:upload_image", args=[report.pk]), {"image": photo()}
    ).json()["src"]
    client.post(
        reverse("contributions:edit", args=[report.pk]),
        report_form(series, f'<p>正文</p><p><img src="{src}"></p>'),
    )
    assert report.images.count() == 1


def test_another_organisation_cannot_upload_into_the_report(
    client, series, contributor, other_contributor, make_report, settings
):
    report = make_report(contributor, status=Report.Status.DRAFT)
    client.force_login(other_contributor)
    url = reverse("contributions:upload_image", args=[report.pk])
    assert client.post(url, {"image": photo()}).status_code == 404
    assert stored_files(settings) == []


def test_a_sent_report_takes_no_photo(client, contributor, make_report, settings):
    report = make_report(contributor)  # submitted
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:upload_image", args=[report.pk]), {"image": photo()}
    )
    assert response.status_code == 403
    assert response.json()["error"] == "稿件状态为“已提交”，不能再修改。"
    assert stored_files(settings) == []


def test_a_contributor_gets_a_chinese_refusal_for_a_file_that_is_no_image(
    client, contributor, settings
):
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:upload_image"),
        {"image": SimpleUploadedFile("名单.xlsx", b"PK\x03\x04 not a photo")},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "“名单.xlsx”不是可以读取的图片；请使用 JPEG 或 PNG 格式。"
    assert stored_files(settings) == []


def test_staff_and_readers_cannot_upload_into_reports(client, editor):
    client.force_login(editor)
    assert client.post(reverse("contributions:upload_image"), {"image": photo()}).status_code == 403
