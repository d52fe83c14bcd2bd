"""Downloads of the official copies, and the grants that let the issue page's links skip the checks.

On its own, a download asks the database for the session, the user, the
issue's list and the receipt: about 6 ms, several times what sending the
PDF itself costs. The issue page has made the same checks a moment before,
so its link carries a grant: signed with SECRET_KEY, valid for
GRANT_MAX_AGE seconds, for that one address and only together with the
session cookie it was issued to. GrantedDownloadMiddleware answers a
download with a valid grant from the grant alone, as WhiteNoise answers a
static file: no query, no session, no user. Without one (an old link,
another browser, an address typed in) the download view makes every check
itself, so a grant only ever makes a download faster, never possible.

A grant also names its user's grant generation, a random value kept in the
shared cache. Logging out, changing the password or deactivating the
account (any save of the user but a log-in) ends it, and with it every grant
of that user at once; a generation the cache has lost ends them too, and the
download view then checks as without a grant. (Reading the generation is a
cache read: none on Redis, one small query with the database cache.) No grant is issued while a
download still has a receipt to record.
"""

import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import http_date, quote_etag, urlencode

from issues.copies import formats as copy_formats
from issues.models import Issue, OfficialCopy

GRANT_PARAMETER = "grant"
GRANT_MAX_AGE = 10 * 60
_SALT = "portal.downloads.grant"


@dataclass(frozen=True)
class OfficialFile:
    """What a download of one of an issue's official copies sends."""

    file_name: str  # in the storage
    sha256: str
    published: int  # Unix time, the Last-Modified
    download_name: str
    # A default, for the grants given before copies had formats.
    media_type: str = "application/pdf"

    @classmethod
    def of(cls, issue: Issue, copy: OfficialCopy) -> "OfficialFile":
        copy_format = copy.copy_format
        return cls(
            file_name=copy.file.name,
            sha256=copy.sha256,
            published=int(issue.published_at.timestamp()),
            download_name=copy_format.filename(issue),
            media_type=copy_format.media_type,
        )


@dataclass(frozen=True)
class Grant:
    pdf: OfficialFile
    user_id: int


@dataclass(frozen=True)
class Download:
    """One link of the issue page: a copy, its format and its address."""

    copy: OfficialCopy
    format: copy_formats.CopyFormat
    url: str


def copy_path(issue: Issue, code: str) -> str:
    """/<series>/<year>/<number>/<code>/: for the PDF, /…/pdf/ as it has always been."""
    return reverse("portal:issue_copy", args=[issue.series.slug, issue.year, issue.number, code])


def downloads_of(request, issue: Issue) -> list[Download]:
    """The issue's official copies, in the order of the registry, each with its link."""
    found = []
    for copy_format in copy_formats.formats():
        copy = issue.official_copy(copy_format.code)
        if copy is not None:
            found.append(Download(copy, copy_format, download_link(request, issue, copy)))
    return found


def download_link(request, issue: Issue, copy: OfficialCopy) -> str:
    """The copy's download address, with a grant for this session when one may be given.

    `issue` comes from selectors.issue_visible_to(request.user, …), which
    annotates whether the viewer's organisation has a receipt to record.
    """
    path = copy_path(issue, copy.format)
    session_key = request.session.session_key
    receipt_pending = issue.viewer_is_recipient and not issue.viewer_has_received
    if not (request.user.is_authenticated and session_key) or receipt_pending:
        return path
    payload = {
        "path": path,
        "session": _fingerprint(session_key),
        "user": request.user.pk,
        "generation": grant_generation(request.user.pk),
        "pdf": asdict(OfficialFile.of(issue, copy)),
    }
    token = signing.dumps(payload, salt=_SALT, compress=True)
    return f"{path}?{urlencode({GRANT_PARAMETER: token})}"


def verified_grant(request) -> Grant | None:
    """The request's grant if it is valid for this address and this session, else None.

    Reads only the request: neither the session nor the user is loaded.
    """
    token = request.GET.get(GRANT_PARAMETER)
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not token or not session_key:
        return None
    try:
        payload = signing.loads(token, salt=_SALT, max_age=GRANT_MAX_AGE)
        if payload["path"] != request.path or not constant_time_compare(
            payload["session"], _fingerprint(session_key)
        ):
            return None
        current = cache.get(_generation_key(payload["user"]))
        if current is None or not constant_time_compare(payload["generation"], current):
            return None
        return Grant(pdf=OfficialFile(**payload["pdf"]), user_id=payload["user"])
    except (signing.BadSignature, KeyError, TypeError):
        return None


def pdf_response(request, pdf: OfficialFile, on_send=None):
    """The copy as an attachment, or 304 Not Modified; `on_send` is called as the file goes out."""
    etag = quote_etag(pdf.sha256)
    response = get_conditional_response(request, etag=etag, last_modified=pdf.published)
    if response is None:
        if on_send is not None and request.method == "GET":
            on_send()
        response = FileResponse(
            default_storage.open(pdf.file_name, "rb"),
            as_attachment=True,
            filename=pdf.download_name,
            content_type=pdf.media_type,
        )
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(pdf.published)
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


class GrantedDownloadMiddleware:
    """Answers a download that carries a valid grant; everything else goes on.

    It sits right after WhiteNoise, before the session and the rest of the
    stack are set up: the grant is the permission, and names the user for
    the request log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if GRANT_PARAMETER in request.GET and request.method in ("GET", "HEAD"):
            grant = verified_grant(request)
            if grant is not None:
                request.log_user_id = grant.user_id
                return pdf_response(request, grant.pdf)
        return self.get_response(request)


def grant_generation(user_id: int) -> str:
    """The user's current grant generation, made when there is none; kept as long as a grant."""
    key = _generation_key(user_id)
    generation = cache.get(key)
    if generation is None:
        generation = secrets.token_urlsafe(12)
        cache.set(key, generation, GRANT_MAX_AGE)
    else:
        cache.touch(key, GRANT_MAX_AGE)
    return generation


def end_grants(user_id: int) -> None:
    """End every download grant of the user at once (log-out, new password, deactivation)."""
    cache.delete(_generation_key(user_id))


def _generation_key(user_id: int) -> str:
    return f"portal:grant-generation:{user_id}"


def _fingerprint(session_key: str) -> str:
    # The session key itself must never appear in an address.
    return salted_hmac(_SALT, session_key, algorithm="sha256").hexdigest()[:32]
