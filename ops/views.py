"""/healthz: may this application server take requests? For load balancers and monitoring."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.archive import PROBE_FOLDER

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _storage() -> None:
    # Writing, not only reading: a sign-off that cannot store its PDF fails.
    # Each probe has its own name, as several servers may share one storage.
    name = default_storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != b"ok":
                raise OSError("the probe file reads back differently")
    finally:
        default_storage.delete(name)


CHECKS = {"database": _database, "storage": _storage}


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the storage answer, else 503 naming the failed ones.

    Needs no log-in and tells nothing more: the reason is logged, not answered.
    """
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("health check failed: %s", name, extra={"check": name})
            failed.append(name)
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
