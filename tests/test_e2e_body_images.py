"""Photos into the article body as in Word, in a real browser (issue 24).

A JPEG dropped into the issue admin's article editor and another pasted there
are uploaded, shown as figures and, on save, stored as the article's images; a
contributor pastes one into the report form. On a phone (390 px) the published
issue is no wider than the screen, Word-imported photo and all.
"""

import base64
import os
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from contributions.models import Report
from issues.models import ArticleImage, Issue
from tests.browser_support import logged_in, portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")

# Drops or pastes a JPEG built from base64 bytes onto the editor, as the
# browser does with a file from the desktop or the clipboard.
GIVE_FILE = """
([selector, data, name, how]) => {
  const target = document.querySelector(selector)
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
  const transfer = new DataTransfer()
  transfer.items.add(new File([bytes], name, { type: "image/jpeg" }))
  if (how === "paste") {
    target.focus()
    target.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true })
    )
    return
  }
  // Onto the end of the last paragraph, in sight: the editor finds the place under the pointer.
  const last = target.lastElementChild
  last.scrollIntoView({ block: "center" })
  const box = last.getBoundingClientRect()
  const at = { clientX: box.right - 2, clientY: box.top + box.height / 2 }
  for (const type of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(
      new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, ...at })
    )
  }
}
"""


def jpeg(size, colour) -> str:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


def test_photos_dropped_and_pasted_into_the_admin_show_on_a_phone(
    browser, live_server, editor, make_issue, move_issue_to, fake_pdf
):
    issue = make_issue(articles=1)
    # A photo as the Word import leaves it: full width, in a paragraph of its own.
    word_photo = ArticleImage(article=issue.articles.get())
    word_photo.file.save("word.jpg", ContentFile(base64.b64decode(jpeg((1200, 800), "navy"))))
    article = issue.articles.get()
    article.body += f'<p><img src="{word_photo.file.url}"></p>'
    article.save()

    page = logged_in(browser, live_server, "editor", timeout=30_000)
    page.goto(f"{live_server.url}{issue.get_admin_url()}")
    body = "#articles-0 .field-body .ProseMirror[contenteditable=true]"
    page.click(f"{body} > p")
    page.evaluate(GIVE_FILE, [body, jpeg((1600, 1000), "darkgreen"), "现场.jpg", "drop"])
    page.wait_for_selector(f"{body} figure img[src*='?upload=']")
    page.evaluate(GIVE_FILE, [body, jpeg((800, 600), "orange"), "截图.jpg", "paste"])
    page.wait_for_function(
        f"() => document.querySelectorAll(\"{body} figure img[src*='?upload=']\").length === 2"
    )
    # Shown at once, to the uploader, before the save.
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{body} figure img')].every(i => i.naturalWidth > 0)"
    )
    page.click(f"{body} figure figcaption")
    page.keyboard.type("检查现场")
    shot(page, "admin-photos-before-save.png")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article.refresh_from_db()
    assert ArticleImage.objects.filter(article=article).count() == 3
    assert article.body.count("<figure") == 2 and "?upload=" not in article.body
    assert "检查现场" in article.body
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{body} img')].every(img => img.naturalWidth > 0)"
    )
    shot(page, "admin-photos-saved.png")

    move_issue_to(Issue.objects.get(pk=issue.pk), Issue.Status.PUBLISHED)
    issue.refresh_from_db()
    phone = logged_in(
        browser, live_server, "editor", viewport={"width": 390, "height": 844}, timeout=30_000
    )
    phone.goto(f"{live_server.url}/{issue.series.slug}/{issue.year}/{issue.number}/")
    phone.wait_for_function(
        "() => [...document.querySelectorAll('.article__body img')].every(img => img.complete)"
    )
    assert phone.locator(".article__body img").count() == 3
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "portal-issue-390.png")


def test_a_contributor_pastes_a_photo_into_the_report_form(
    browser, live_server, series, contributor
):
    page = portal_page(browser, live_server, "shentong", timeout=30_000)
    page.goto(f"{live_server.url}/reports/new/")
    page.fill("#id_headline", "申通开展夏季安全检查")
    body = ".field-body .ProseMirror[contenteditable=true]"
    page.click(body)
    page.keyboard.type("检查现场如下：")
    page.evaluate(GIVE_FILE, [body, jpeg((1600, 1000), "darkgreen"), "现场.jpg", "paste"])
    page.wait_for_selector(f"{body} figure img[src*='?upload=']")
    page.evaluate(GIVE_FILE, [body, "bm90IGEgcGhvdG8=", "名单.jpg", "drop"])  # not a JPEG
    page.wait_for_selector(".bulletin-images-message.errornote")
    assert "不是可以读取的图片" in page.inner_text(".bulletin-images-message")
    shot(page, "report-form-photo.png")
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "021-66668888")
    page.click("button[name=save]")
    page.wait_for_selector(".article__body img")

    report = Report.objects.get()
    image = report.images.get()
    assert f'src="/media/{image.file.name}"' in report.body
    assert report.body.count("<figure") == 1
    assert page.evaluate("document.querySelector('.article__body img').naturalWidth") == 1600
    shot(page, "report-detail-photo.png")
    # Editing it again, the photo shows in the editor.
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    page.wait_for_function(f'() => document.querySelector("{body} img")?.naturalWidth === 1600')
