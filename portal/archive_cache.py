"""The archive's filters and results as rendered, kept in the shared cache until they change.

The archive is the busiest page, and most of its cost is the same for
everyone who sees the same issues: the grouped count, the page of issues,
their headlines, the filter lists, the template. So the rendered part is
cached per audience (selectors.audience(): staff, the members of one
organisation, everyone else), language and query. Every entry carries the
archive's generation, which portal.signals renews whenever an issue,
article, recipient, series or organisation is saved or deleted; an entry of
an older generation is never shown. An entry expires by itself when the
next scheduled issue is due to appear.
"""

import hashlib
import math
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from issues.models import Issue
from portal import selectors

GENERATION_KEY = "portal:archive:generation"
TIMEOUT = timedelta(minutes=10)


def rendered_archive(request, render) -> tuple[str, int]:
    """The archive's rendered content and status for this request, from the cache or `render()`.

    `render` makes them afresh: a callable returning (html, status).
    """
    key = _entry_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or _start_generation()
    entry = found.get(key)
    now = timezone.now()
    if entry is not None:
        entry_generation, valid_until, html, status = entry
        if entry_generation == generation and now < valid_until:
            return html, status
    # Read before rendering: an issue that appears while the page is made
    # then shortens this entry's life rather than being missed by it.
    valid_until = _next_scheduled_issue(now) or now + TIMEOUT
    html, status = render()
    timeout = max(1, math.ceil((valid_until - now).total_seconds()))
    cache.set(key, (generation, valid_until, html, status), timeout)
    return html, status


def archive_changed() -> None:
    """Retire every cached archive: now, and again at commit (see portal.signals)."""
    _renew_generation()
    transaction.on_commit(_renew_generation)


def _entry_key(request) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"portal:archive:{selectors.audience(request.user)}:{get_language()}:{digest}"


def _start_generation() -> str:
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
    return cache.get(GENERATION_KEY)


def _renew_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _next_scheduled_issue(now):
    """When the next issue published ahead of time appears, if that is within TIMEOUT."""
    return (
        Issue.objects.filter(
            status__in=[Issue.Status.PUBLISHED, Issue.Status.REVOKED],
            published_at__gt=now,
            published_at__lt=now + TIMEOUT,
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
