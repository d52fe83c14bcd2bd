"""A report's photos show where the report shows, to whoever may read the report, and nowhere else.

The Word import stores them where article images go; /media/ serves those only
once they belong to an article of an issue the reader may see, so the report's
own pages serve them under the report's permissions (issue 24).
"""

import contextlib
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from contributions import services
from contributions.models import Report
from tests.browser_support import logged_in, portal_page
from tests.contributions_support import make_contributor, report_docx

IMG_SRC = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


def sent_with_photo(client, series, contributor, headline="申通开展夏季安全检查") -> Report:
    """A report the contributor sends from a Word file with a photo, as the portal takes it."""
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:new"),
        {
            "series": series.pk,
            "headline": "",
            "body": "",
            "contact_name": "王芳",
            "contact_phone": "021-66668888",
            "submit": "1",
            "document": SimpleUploadedFile("检查.docx", report_docx(headline)),
        },
    )
    assert response.status_code == 302
    return Report.objects.get(headline=headline)


def image_sources(response) -> list[str]:
    assert response.status_code == 200
    return IMG_SRC.findall(response.content.decode())


def served(client, url) -> bytes | int:
    """The bytes served at `url`, or the status code when it is not an image."""
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    return b"".join(response.streaming_content)


def stored_bytes(report: Report) -> bytes:
    image = report.images.get()
    with image.file.open("rb") as stored:
        return stored.read()


def test_the_contributor_sees_the_photo_of_a_report_not_yet_adopted(client, series, contributor):
    report = sent_with_photo(client, series, contributor)
    (src,) = image_sources(client.get(reverse("contributions:detail", args=[report.pk])))
    assert src == reverse("contributions:image", args=[report.pk, report.images.get().pk])
    assert served(client, src) == stored_bytes(report)
    # The stored text keeps the /media/ address the article will need once adopted.
    assert f'src="/media/{report.images.get().file.name}"' in report.body


def test_the_office_sees_the_photo_in_the_inbox(client, series, contributor, editor):
    report = sent_with_photo(client, series, contributor)
    office = Client()
    office.force_login(editor)
    (src,) = image_sources(
        office.get(reverse("admin:contributions_report_change", args=[report.pk]))
    )
    assert src == reverse(
        "admin:contributions_report_image", args=[report.pk, report.images.get().pk]
    )
    assert served(office, src) == stored_bytes(report)


def test_nobody_else_gets_the_photo(
    client, series, contributor, editor, staff_without_role, shentong, zhongtong, recipient
):
    report = sent_with_photo(client, series, contributor)
    image = report.images.get()
    own_url = reverse("contributions:image", args=[report.pk, image.pk])
    inbox_url = reverse("admin:contributions_report_image", args=[report.pk, image.pk])
    media_url = f"/media/{image.file.name}"

    colleague = Client()  # another contributor of the same organisation
    colleague.force_login(make_contributor("shentong2", shentong))
    assert served(colleague, own_url) == stored_bytes(report)

    other = Client()  # a contributor of another organisation: not found, whatever the number
    other.force_login(make_contributor("zhongtong", zhongtong))
    assert served(other, own_url) == 404
    assert served(other, inbox_url) == 302  # not staff: the admin's log-in
    assert served(other, media_url) == 404

    # Another report of that organisation cannot be used to reach this photo.
    other_report = sent_with_photo(other, series, other.session and _user(other), "中通的来稿")
    foreign = reverse("contributions:image", args=[other_report.pk, image.pk])
    assert served(other, foreign) == 404

    clerk = Client()  # staff who may not view reports
    clerk.force_login(staff_without_role)
    assert served(clerk, inbox_url) == 403
    assert served(clerk, media_url) == 404

    reader = Client()  # a recipient of the bulletin, not a contributor
    reader.force_login(recipient)
    assert served(reader, own_url) == 403
    assert served(reader, media_url) == 404

    anonymous = Client()
    assert served(anonymous, own_url) == 302
    assert served(anonymous, inbox_url) == 302
    assert served(anonymous, media_url) == 404

    office = Client()
    office.force_login(editor)
    assert served(office, reverse("admin:contributions_report_image", args=[report.pk, 999])) == 404
    assert served(office, foreign.replace("/reports/", "/admin/contributions/report/", 1)) == 404


def _user(client):
    from django.contrib.auth import get_user

    class _Request:
        session = client.session

    return get_user(_Request())


def test_a_draft_is_the_contributors_alone(client, series, contributor, editor, make_report):
    report = sent_with_photo(client, series, contributor)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    image = report.images.get()
    assert served(client, reverse("contributions:image", args=[report.pk, image.pk])) == (
        stored_bytes(report)
    )
    office = Client()
    office.force_login(editor)
    inbox_url = reverse("admin:contributions_report_image", args=[report.pk, image.pk])
    assert served(office, inbox_url) == 404  # the inbox holds no drafts


def test_the_photo_still_shows_once_adopted(client, series, contributor, editor, make_issue):
    report = sent_with_photo(client, series, contributor)
    services.adopt_report(report, editor, make_issue(articles=0))
    (src,) = image_sources(client.get(reverse("contributions:detail", args=[report.pk])))
    assert served(client, src) == stored_bytes(report)
    office = Client()
    office.force_login(editor)
    (src,) = image_sources(
        office.get(reverse("admin:contributions_report_change", args=[report.pk]))
    )
    assert served(office, src) == stored_bytes(report)


def wide_photo_docx() -> bytes:
    """A Word report with a photo far wider than any page (2400 pixels)."""
    import docx
    from docx.shared import Cm

    buffer = BytesIO()
    Image.new("RGB", (2400, 800), (30, 90, 160)).save(buffer, "PNG")
    document = docx.Document()
    document.add_paragraph("申通开展夏季安全检查")
    document.add_paragraph("7月15日，申通快递组织各网点开展夏季安全检查。")
    document.add_picture(BytesIO(buffer.getvalue()), width=Cm(16))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def shown_photo(page, selector) -> dict:
    """The photo as the page shows it, once it has loaded (or failed to: then `loaded` is false)."""
    # On a timeout the assertions on the result say what is wrong.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "selector => { const img = document.querySelector(selector);"
            " return img && img.complete; }",
            arg=selector,
            timeout=15_000,
        )
    return page.eval_on_selector(
        selector,
        """img => ({loaded: img.complete && img.naturalWidth > 0,
                   src: img.getAttribute("src"),
                   left: img.getBoundingClientRect().left,
                   right: img.getBoundingClientRect().right,
                   roomLeft: img.closest(".article__body, .report-as-sent__body")
                       .getBoundingClientRect().left,
                   roomRight: img.closest(".article__body, .report-as-sent__body")
                       .getBoundingClientRect().right})""",
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_photo_loads_and_fits_the_page_in_a_browser(
    browser, live_server, series, contributor, editor, tmp_path
):
    word = tmp_path / "检查.docx"
    word.write_bytes(wide_photo_docx())
    writer = portal_page(browser, live_server, "shentong", viewport={"width": 1000, "height": 800})
    writer.goto(f"{live_server.url}/reports/new/")
    writer.set_input_files("#id_document", str(word))
    writer.fill("#id_contact_name", "王芳")
    writer.fill("#id_contact_phone", "021-66668888")
    writer.click("button[name=submit]")
    writer.wait_for_selector(".status--submitted")
    photo = shown_photo(writer, ".article__body img")
    # The live server serves MEDIA_ROOT to anyone (Django's _MediaFilesHandler), unlike
    # production: the page must point at the report's own address to show in production.
    assert photo["src"].startswith("/reports/")
    assert photo["loaded"]
    assert photo["roomLeft"] <= photo["left"] < photo["right"] <= photo["roomRight"]

    report = Report.objects.get()
    office = logged_in(browser, live_server, "editor", viewport={"width": 1000, "height": 800})
    office.goto(f"{live_server.url}/admin/contributions/report/{report.pk}/change/")
    photo = shown_photo(office, ".report-as-sent__body img")
    assert photo["src"].startswith("/admin/contributions/report/")
    assert photo["loaded"]
    assert photo["roomLeft"] <= photo["left"] < photo["right"] <= photo["roomRight"]
