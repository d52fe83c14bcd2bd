"""What `manage.py backup` writes and `manage.py restore` reads: one tar.gz archive.

    manifest.json    format, time, applied migrations, SHA-256 and size of every member
    database.json    every record, as `dumpdata --natural-foreign --natural-primary` writes it
                     (times to the microsecond: ops.serializers)
    media/<name>     every stored file, read through Django's storage API (local or S3)

The records use natural keys for users, groups, permissions and content
types, so they load into any migrated installation, whose content types and
permission rows were made by its own `migrate` in another order.
"""

import hashlib
import tempfile
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "bulletin-office-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA_PREFIX = "media/"

# /healthz (ops.views) writes its probe files here for a moment; the listing leaves it out.
PROBE_FOLDER = "healthz"

# Remade by `migrate` in every installation (content types, permissions) or
# worthless elsewhere (sessions, signed with the old SECRET_KEY's installation).
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions"]

# Files larger than this are spooled to a temporary file instead of memory.
SPOOL_BYTES = 8 * 1024 * 1024


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in `storage`, folders walked depth-first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return  # a local MEDIA_ROOT that nothing was stored in yet
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        if folder == "" and sub == PROBE_FOLDER:
            continue  # /healthz's probes come and go
        yield from stored_files(storage, f"{folder}{sub}/")


def spool(source) -> tuple[tempfile.SpooledTemporaryFile, str, int]:
    """A rewound copy of a file object, with its SHA-256 and size."""
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the caller closes it)
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
        copy.write(chunk)
        size += len(chunk)
    copy.seek(0)
    return copy, digest.hexdigest(), size


def digest_of(source) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def applied_migrations(using: str = "default") -> list[str]:
    """The migrations applied to the database, as app.name: the records' schema."""
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())
