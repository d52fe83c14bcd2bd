"""Stored files go out only through views that check who asks, in development as in production."""

import datetime
import importlib

import pytest
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.test import Client, override_settings
from django.urls import clear_url_caches

import bulletin_office.urls
from issues.models import ArticleImage
from tests.portal_fixtures import make_published_issue

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def media_url(name: str) -> str:
    return f"/media/{name}"


@pytest.fixture
def development_urls(settings):
    """The URLconf as scripts/demo.sh loads it: with DEBUG on."""
    settings.DEBUG = True
    importlib.reload(bulletin_office.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(bulletin_office.urls)
    clear_url_caches()


def test_official_pdfs_are_not_served_under_media_even_in_development(
    client, restricted_issue, development_urls
):
    assert client.get(media_url(restricted_issue.official_pdf.file.name)).status_code == 404


def with_image(issue_or_draft, name="photo.png") -> ArticleImage:
    article = issue_or_draft.articles.first()
    image = ArticleImage(article=article)
    image.file.save(name, ContentFile(PNG), save=False)
    # Past the freeze guard, as the import stored it before sign-off.
    QuerySet(ArticleImage).bulk_create([image])
    return image


@pytest.fixture
def published_image(restricted_series, bureau, association):
    issue = make_published_issue(
        restricted_series,
        number=30,
        recipients=(bureau,),
        articles=(("图片新闻", "<p>图</p>", ()),),
    )
    return with_image(issue)


@override_settings(DEBUG=False)
def test_an_image_of_a_published_issue_is_served_to_its_recipients(
    published_image, recipient, other_recipient
):
    url = media_url(published_image.file.name)
    reader = Client()
    reader.force_login(recipient)
    response = reader.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    outsider = Client()
    outsider.force_login(other_recipient)
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 404


@override_settings(DEBUG=False)
def test_an_image_of_a_draft_is_for_staff_who_may_view_issues(make_issue, editor, recipient):
    draft = make_issue(articles=1, issue_date=datetime.date(2026, 3, 2))
    image = with_image(draft, "draft.png")
    url = media_url(image.file.name)
    staff = Client()
    staff.force_login(editor)
    assert staff.get(url).status_code == 200
    reader = Client()
    reader.force_login(recipient)
    assert reader.get(url).status_code == 404


@override_settings(DEBUG=False)
def test_a_stored_file_that_is_no_article_image_is_not_served(client, editor, settings):
    client.force_login(editor)
    path = settings.MEDIA_ROOT / "issues" / "images" / "secret.png"
    path.parent.mkdir(parents=True)
    path.write_bytes(PNG)
    assert client.get("/media/issues/images/secret.png").status_code == 404
    assert client.get("/media/issues/images/../pdf/x.pdf").status_code == 404
