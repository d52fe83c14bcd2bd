"""The only way the PDF renderer may read a file: from static files or media storage.

Article bodies are sanitised, but the renderer must not trust that: a URL that
slipped through would make the server fetch from the network (SSRF) or read
its own files. Every URL WeasyPrint asks for comes here. Relative URLs in the
bulletin resolve against INTERNAL_ORIGIN, a host that cannot exist (.invalid
is reserved), and only its MEDIA_URL and STATIC_URL paths are served, from the
storages, so a switch to S3 storage needs no change here, and the compact fonts
of issues.pdf.fonts, by name. Small data: URLs pass; everything else is
refused and logged, and the render goes on without the resource.
"""

import base64
import logging
import mimetypes
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from issues.pdf.fonts import COMPACT_FONTS, FONT_URL_PATH

logger = logging.getLogger(__name__)

INTERNAL_ORIGIN = "https://bulletin-office.invalid"


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch; WeasyPrint skips the resource."""


def _url_path(setting: str) -> str:
    """MEDIA_URL or STATIC_URL as an absolute path, e.g. /media/."""
    return "/" + urlsplit(setting).path.strip("/") + "/"


def _storage_name(path: str, prefix: str) -> str | None:
    """The file name under `prefix`, or None when the path is not a plain file below it."""
    if not path.startswith(prefix):
        return None
    name = unquote(path.removeprefix(prefix))
    parts = name.split("/")
    if not name or any(part in {"", ".", ".."} for part in parts) or "\\" in name:
        return None
    return name


def read_static(name: str) -> bytes | None:
    """A static file's content: from the finders (development) or STATIC_ROOT (collected)."""
    found = finders.find(name)
    if found:
        with open(found, "rb") as static_file:
            return static_file.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as static_file:
            return static_file.read()
    return None


def _read_media(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as media_file:
        return media_file.read()


def _read_compact_font(name: str) -> bytes | None:
    """A font `manage.py build_pdf_fonts` made, by its known file name only."""
    for font in COMPACT_FONTS:
        if font.file_name == name and font.path.is_file():
            return font.path.read_bytes()
    return None


def _decode_data_url(url: str) -> tuple[bytes, str]:
    header, _comma, data = url.removeprefix("data:").partition(",")
    content = unquote_to_bytes(data)
    if header.endswith(";base64"):
        content = base64.b64decode(content)
    return content, header.split(";")[0] or "text/plain"


class BulletinURLFetcher(URLFetcher):
    """Serves static files and media to WeasyPrint and refuses every other URL."""

    def fetch(self, url, headers=None):
        try:
            content, content_type = self._content(url)
        except RefusedURL as refusal:
            logger.warning("PDF rendering: refused to fetch %.200s (%s)", url, refusal)
            raise
        return URLFetcherResponse(url, content, {"Content-Type": content_type})

    def _content(self, url: str) -> tuple[bytes, str]:
        if url.startswith("data:"):
            return self._data_url(url)
        if not url.startswith(INTERNAL_ORIGIN + "/"):
            raise RefusedURL("not a file of this site")
        path = urlsplit(url).path
        content = None
        if name := _storage_name(path, _url_path(settings.MEDIA_URL)):
            content = _read_media(name)
        elif name := _storage_name(path, _url_path(settings.STATIC_URL)):
            content = read_static(name)
        elif name := _storage_name(path, FONT_URL_PATH):
            content = _read_compact_font(name)
        if content is None:
            raise RefusedURL("no such static or media file")
        return content, mimetypes.guess_type(name)[0] or "application/octet-stream"

    def _data_url(self, url: str) -> tuple[bytes, str]:
        # The encoded length bounds the decoded size, so nothing big is ever decoded.
        if len(url) > settings.BULLETIN_PDF_DATA_URL_LIMIT:
            raise RefusedURL("data: URL larger than BULLETIN_PDF_DATA_URL_LIMIT")
        try:
            return _decode_data_url(url)
        except ValueError as error:
            raise RefusedURL("malformed data: URL") from error
