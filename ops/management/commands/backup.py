import contextlib
import datetime
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import archive


class Command(BaseCommand):
    help = _(
        "Writes one archive (tar.gz) with a consistent copy of the database and every "
        "stored file, with their SHA-256 sums. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            help=_("The archive to write, or a folder to write a dated archive into."),
        )

    def handle(self, *args, destination, **options):
        path = Path(destination)
        names_a_folder = destination.endswith(os.sep) or path.is_dir()
        if names_a_folder:
            path /= f"bulletin-office-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        if not path.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist; create it first.")
                % {"folder": path.parent}
            )
        if path.exists():
            raise CommandError(_("%(path)s exists already.") % {"path": path})
        # Written under another name first: a broken-off backup never looks finished.
        partial = path.with_name(path.name + ".partial")
        try:
            records, files = self._write(partial)
            partial.rename(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.stdout.write(
            _("Backed up %(records)d records and %(files)d files to %(path)s (%(size)s bytes).")
            % {"records": records, "files": files, "path": path, "size": path.stat().st_size}
        )

    def _write(self, path: Path) -> tuple[int, int]:
        members = {}
        # The archive holds password hashes and confidential bulletins.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            with tempfile.TemporaryDirectory() as folder:
                dump = Path(folder) / archive.DATABASE
                with consistent_snapshot():
                    call_command(
                        "dumpdata",
                        format="json-exact",
                        natural_foreign=True,
                        natural_primary=True,
                        exclude=archive.EXCLUDED_MODELS,
                        output=str(dump),
                        verbosity=0,
                    )
                    migrations = archive.applied_migrations()
                with dump.open("rb") as source:
                    members[archive.DATABASE] = _add(tar, archive.DATABASE, source)
                with dump.open("rb") as source:
                    records = len(json.load(source))
            # The files after the records: every file a record names was stored before
            # its record was committed, so it is in the storage now.
            for name in archive.stored_files(default_storage):
                with default_storage.open(name, "rb") as source:
                    members[archive.MEDIA_PREFIX + name] = _add(
                        tar, archive.MEDIA_PREFIX + name, source
                    )
            manifest = {
                "format": archive.FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "members": members,
            }
            content = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(tar, archive.MANIFEST, io.BytesIO(content))
        return records, len(members) - 1


@contextlib.contextmanager
def consistent_snapshot():
    """One transaction that sees the database as it was at its start, whatever commits meanwhile.

    PostgreSQL: REPEATABLE READ, read only, so writers carry on. SQLite: the
    settings' IMMEDIATE transactions hold the write lock, so writers wait
    (up to the database timeout) until the dump is done.
    """
    if connection.in_atomic_block:
        raise CommandError("backup must not run inside a transaction")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _add(tar: tarfile.TarFile, name: str, source) -> dict:
    copy, sha256, size = archive.spool(source)
    with copy:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        info.mode = 0o600
        tar.addfile(info, copy)
    return {"sha256": sha256, "size": size}
