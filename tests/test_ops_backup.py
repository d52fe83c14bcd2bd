"""manage.py backup and restore: the demo installation, restored elsewhere, byte for byte."""

import contextlib
import datetime
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import serializers
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from core import archive
from issues import services
from issues.models import Issue
from portal.models import Receipt
from tests.ops_support import fresh_postgres_database, manage, production_environment

DUMP_OPTIONS = ["--natural-foreign", "--natural-primary"] + [
    f"--exclude={model}" for model in archive.EXCLUDED_MODELS
]


def records(dump: str) -> list[str]:
    """The records of a dump in a comparable form (users' primary keys are not kept)."""
    return sorted(json.dumps(record, sort_keys=True) for record in json.loads(dump))


def this_installation() -> str:
    out = io.StringIO()
    call_command("dumpdata", *DUMP_OPTIONS, stdout=out)
    return out.getvalue()


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def demo_installation(fake_pdf):
    """The demo data, its PDFs, one more issue signed off and published, a receipt, an image."""
    call_command("load_demo_data", allow_production=True, stdout=io.StringIO())
    call_command("make_missing_pdfs", stdout=io.StringIO())
    editor, approver, reader = (
        User.objects.get(username=name) for name in ("editor", "approver", "reader")
    )
    draft = Issue.objects.get(status=Issue.Status.DRAFT)
    draft.issue_date = datetime.date(2026, 3, 2)
    draft.save()
    services.publish(services.sign_off(services.submit(draft, editor), approver), approver)
    published = Issue.objects.exclude(pk=draft.pk).get()
    Receipt.objects.create(
        issue=published, organisation=reader.membership.organisation, user=reader
    )
    default_storage.save("images/2020/现场照片.png", ContentFile(b"\x89PNG demo"))
    assert Issue.objects.filter(status=Issue.Status.PUBLISHED).count() == 2


@pytest.fixture
def backup(demo_installation, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


@pytest.mark.django_db(transaction=True)
def test_restored_into_a_fresh_installation_everything_is_identical(backup, tmp_path):
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    expected_records = records(this_installation())
    with _fresh_database(restored_dir) as database_url:
        environment = production_environment(restored_dir, database_url)
        out = manage(
            environment,
            "shell",
            "--no-imports",
            "-c",
            _RESTORE_AND_DUMP % {"archive": str(backup), "options": DUMP_OPTIONS},
        )
    report, dump = out.split("\n", 1)
    original_files = files_in(settings.MEDIA_ROOT)
    # The installation speaks its default language, Chinese.
    assert report == (
        f"已恢复 {len(expected_records)} 条记录和 {len(original_files)} 个文件，每个文件均已校验。"
    )
    assert records(dump) == expected_records
    models = {json.loads(record)["model"] for record in expected_records}
    assert {"issues.issue", "issues.article", "issues.issueevent", "portal.receipt"} <= models
    assert len([name for name in original_files if name.endswith(".pdf")]) == 2
    assert files_in(restored_dir / "media") == original_files


# One child process: migrate, restore, then the records as restored.
_RESTORE_AND_DUMP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("restore", %(archive)r)
call_command("dumpdata", *%(options)r)
"""


@pytest.mark.django_db(transaction=True)
def test_a_non_empty_installation_is_refused_unless_forced(backup):
    before = records(this_installation())
    with pytest.raises(CommandError, match="--force"):  # the option, in either language
        call_command("restore", str(backup))
    User.objects.create_user("after-the-backup")
    cache.set("cached-before-the-restore", "stale")
    call_command("restore", str(backup), force=True, stdout=io.StringIO())
    assert records(this_installation()) == before
    assert cache.get("cached-before-the-restore") is None  # it held the replaced records


def test_a_damaged_archive_is_refused_before_anything_is_written(db, tmp_path):
    manifest = {"format": archive.FORMAT, "migrations": [], "members": {}}
    manifest["members"]["media/a.pdf"] = {"sha256": "0" * 64, "size": 3}
    path = tmp_path / "damaged.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, content in [("media/a.pdf", b"%PD"), ("manifest.json", json.dumps(manifest))]:
            data = content if isinstance(content, bytes) else content.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=r"归档已损坏.*media/a\.pdf"):
        call_command("restore", str(path))
    assert not default_storage.exists("a.pdf")


def _fresh_database(folder: Path):
    """A new database of the kind the tests run on: PostgreSQL when they do, else SQLite."""
    if connection.vendor == "postgresql":
        return fresh_postgres_database("bo_ops_restore")
    return contextlib.nullcontext(f"sqlite:///{folder / 'restored.sqlite3'}")


@pytest.mark.django_db(transaction=True)
def test_a_folder_gets_a_dated_archive(tmp_path):
    call_command("backup", f"{tmp_path}/", stdout=io.StringIO())
    (written,) = tmp_path.iterdir()
    assert written.name.startswith("bulletin-office-") and written.name.endswith(".tar.gz")
    assert written.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("destination", ["missing/", "missing/backup.tar.gz"])
def test_a_missing_folder_is_named_and_nothing_is_written(db, tmp_path, destination):
    with pytest.raises(CommandError, match=r"missing.*不存在"):
        call_command("backup", f"{tmp_path}/{destination}", stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_backups_keep_times_to_the_microsecond(db):
    joined = datetime.datetime(2020, 7, 20, 9, 30, 0, 123, tzinfo=datetime.UTC)
    user = User.objects.create_user("exact", date_joined=joined)
    text = serializers.serialize("json-exact", [user])
    assert "2020-07-20T09:30:00.000123Z" in text
    (restored,) = serializers.deserialize("json", text)
    assert restored.object.date_joined == joined
