"""A report's images, shown to those who may read the report.

The Word import stores a report's photos where article images go and writes
their /media/ addresses into the text. /media/ serves an image only once it
belongs to an article of an issue the reader may see (portal.views.article_image),
so before a report is adopted its photos would not show. The pages that show a
report therefore point its images at an address of their own, which checks what
the page checks: the contributor's page (their organisation's reports) and the
admin's inbox (staff who may view reports). The stored text keeps the /media/
addresses the article needs once the report is adopted.
"""

from collections.abc import Callable

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control, patch_vary_headers

from contributions.models import Report, ReportImage
from issues.services import signed_upload_address


def body_with_image_urls(report: Report, url_for: Callable[[ReportImage], str]) -> str:
    """The report's text, each of its own images at `url_for(image)` instead of under /media/."""
    body = report.body or ""
    for image in report.images.all():
        stored = f'src="{image.file.url}"'
        if stored in body:
            body = body.replace(stored, f'src="{url_for(image)}"')
    return body


def body_for_editing(report: Report, user) -> str:
    """The report's text for `user`'s editor: its images at addresses that show them to `user`.

    They are the addresses a fresh upload gets (issues.images.upload_signature);
    saving the report takes the marks off again.
    """
    return body_with_image_urls(report, lambda image: signed_upload_address(image.file.name, user))


def image_response(report: Report, image_pk: int) -> FileResponse:
    """One of the report's images (the caller has checked who asks); 404 for any other."""
    image = report.images.filter(pk=image_pk).first()
    if image is None or not image.file or not image.file.storage.exists(image.file.name):
        raise Http404
    response = FileResponse(image.file.open("rb"))
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response
