import json
import tarfile
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from core import archive
from issues.models import Issue


class Command(BaseCommand):
    help = _(
        "Restores an archive written by `manage.py backup` into an empty, migrated "
        "installation and verifies every restored file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive_path", metavar="ARCHIVE", help=_("The archive written by `manage.py backup`.")
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Restore into an installation that is not empty: its records are deleted "
                "first and its stored files of the same names are replaced."
            ),
        )

    def handle(self, *args, archive_path: str, force: bool, **options):
        path = Path(archive_path)
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        self._require_migrated()
        manifest = self._verified_manifest(path)
        self._require_schema(manifest)
        if not self._is_empty():
            if not force:
                raise CommandError(
                    _(
                        "This installation already has users, issues or stored files. "
                        "Restore into an empty one, or add --force to replace its content."
                    )
                )
            call_command("flush", interactive=False, verbosity=0)
        files = [name for name in manifest["members"] if name.startswith(archive.MEDIA_PREFIX)]
        stored = []
        try:
            with transaction.atomic(), tarfile.open(path, "r:gz") as tar:
                records = self._load_records(tar)
                for member_name in files:
                    stored.append(self._store(tar, member_name, replace=force))
                problems = self._check_stored(manifest, files)
                if problems:
                    raise CommandError(
                        _("Restored files differ from the archive: %(names)s")
                        % {"names": ", ".join(problems)}
                    )
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            raise
        # What the cache holds (sessions, the archive's filter lists) came from the old records.
        cache.clear()
        self.stdout.write(
            _("Restored %(records)d records and %(files)d files; every file verified.")
            % {"records": records, "files": len(files)}
        )

    def _require_migrated(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not migrated: run `manage.py migrate` first."))

    def _verified_manifest(self, path: Path) -> dict:
        """The manifest, once every member of the archive matches it; nothing is written before."""
        digests = {}
        manifest = None
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    raise CommandError(
                        _("Unexpected entry in the archive: %(name)s") % {"name": member.name}
                    )
                content = tar.extractfile(member)
                if member.name == archive.MANIFEST:
                    manifest = json.load(content)
                else:
                    digests[member.name] = {
                        "sha256": archive.digest_of(content),
                        "size": member.size,
                    }
        if manifest is None or manifest.get("format") != archive.FORMAT:
            raise CommandError(_("%(path)s is not a Bulletin Office backup.") % {"path": path})
        expected = manifest["members"]
        damaged = sorted(
            name
            for name in digests.keys() | expected.keys()
            if digests.get(name) != expected.get(name)
        )
        if damaged:
            raise CommandError(
                _("The archive is damaged; these members do not match its manifest: %(names)s")
                % {"names": ", ".join(damaged)}
            )
        return manifest

    def _require_schema(self, manifest: dict) -> None:
        missing = set(manifest["migrations"]) - set(archive.applied_migrations())
        if missing:
            raise CommandError(
                _(
                    "The archive comes from a newer version of Bulletin Office (migrations "
                    "%(names)s); install that version and migrate first."
                )
                % {"names": ", ".join(sorted(missing))}
            )

    def _is_empty(self) -> bool:
        return not (
            get_user_model().objects.exists()
            or Issue.objects.exists()
            or next(archive.stored_files(default_storage), None)
        )

    def _load_records(self, tar: tarfile.TarFile) -> int:
        """Loads the records; signed-off issues get their status only in a second pass.

        loaddata saves raw (Issue.save and its freeze are not called) but sets
        many-to-many fields, the articles' organisations, through the related
        manager, whose freeze guard refuses changes to articles of a signed-off
        issue. So the issues are loaded as drafts first, then again as they are.
        """
        records = json.load(tar.extractfile(archive.DATABASE))
        issues = [record for record in records if record["model"] == "issues.issue"]
        as_drafts = [
            {**record, "fields": {**record["fields"], "status": Issue.Status.DRAFT}}
            if record["model"] == "issues.issue"
            else record
            for record in records
        ]
        with tempfile.TemporaryDirectory() as folder:
            for number, fixture in enumerate([as_drafts, issues]):
                fixture_path = Path(folder) / f"pass{number}.json"
                fixture_path.write_text(json.dumps(fixture, ensure_ascii=False))
                call_command("loaddata", str(fixture_path), verbosity=0)
        return len(records)

    def _store(self, tar: tarfile.TarFile, member_name: str, *, replace: bool) -> str:
        name = member_name.removeprefix(archive.MEDIA_PREFIX)
        if replace:
            default_storage.delete(name)
        copy, _sha256, _size = archive.spool(tar.extractfile(member_name))
        with copy:
            stored_name = default_storage.save(name, File(copy, name=name))
        if stored_name != name:
            default_storage.delete(stored_name)
            raise CommandError(_("%(name)s exists in the storage already.") % {"name": name})
        return stored_name

    def _check_stored(self, manifest: dict, files: list[str]) -> list[str]:
        """The files whose stored content differs from the archive's (read back from storage)."""
        problems = []
        for member_name in files:
            with default_storage.open(member_name.removeprefix(archive.MEDIA_PREFIX)) as stored:
                if archive.digest_of(stored) != manifest["members"][member_name]["sha256"]:
                    problems.append(member_name)
        return problems
