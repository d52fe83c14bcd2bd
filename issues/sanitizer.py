"""The one sanitiser every article body passes through, editor or import.

The allowed tags come from the editor's own extension list
(issues.body_format.BODY_EXTENSIONS), so what the editor can produce and what
survives a save are the same thing. Images may only point at files this site
stores: an external image would be fetched by every reader's browser and,
worse, by the PDF renderer.
"""

from functools import cache

import nh3
from django.conf import settings
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from issues.body_format import BODY_EXTENSIONS

# A sanitised body that holds no text is stored as empty.
_EMPTY_BODIES = {"", "<p></p>", "<p><br></p>"}


def _is_local_media_url(url: str) -> bool:
    media_url = "/" + settings.MEDIA_URL.lstrip("/")
    return url.startswith(media_url) and ".." not in url and "//" not in url[1:]


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not _is_local_media_url(value):
        return None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    return nh3.Cleaner(**allowlist, attribute_filter=_filter_attribute)


def sanitize_body(html: str) -> str:
    cleaned = _cleaner().clean(html or "").strip()
    return "" if cleaned in _EMPTY_BODIES else cleaned
