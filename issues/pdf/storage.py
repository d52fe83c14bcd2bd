"""Where official copies are stored: written whole under their final name, or not at all.

A crash (kill -9, a full disk) while an official PDF is written must leave
no file under its final name: on the local file system the bytes go to a
temporary file in the same folder, are flushed to disk and only then linked
to the final name, which is never taken if it exists. An S3 object appears
whole or not at all by itself. The final name carries no random suffix: a
file that no issue refers to (left by a sign-off that did not commit) is
replaced; one that an official copy refers to is never overwritten.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from core.archive import stored_files
from issues.models import OfficialCopy

# Where OfficialCopy.file's upload_to puts the PDFs (each format has its
# folder, issues/<code>/), and how unfinished writes are named.
FOLDER = "issues/pdf/"
TEMPORARY_PREFIX = ".partial-"


class OfficialPdfNameTaken(Exception):
    """An official copy already has this name; it is never replaced."""


def _storage():
    return OfficialCopy._meta.get_field("file").storage


def official_copy_name(issue, code: str, filename: str) -> str:
    """The storage name for `filename` as OfficialCopy.file stores it (issues/pdf/2026/…)."""
    copy = OfficialCopy(issue=issue, format=code)
    return OfficialCopy._meta.get_field("file").generate_filename(copy, filename)


def write_official_copy(name: str, data: bytes) -> str:
    """Store `data` under exactly `name`, whole or not at all; returns `name`."""
    storage = _storage()
    if OfficialCopy.objects.filter(file=name).exists():
        raise OfficialPdfNameTaken(name)
    if isinstance(storage, FileSystemStorage):
        _write_local(storage, name, data)
        return name
    if storage.exists(name):
        storage.delete(name)  # a stray: no issue refers to it
    stored = storage.save(name, ContentFile(data))
    if stored != name:  # another process stored the same name a moment ago
        storage.delete(stored)
        raise OfficialPdfNameTaken(name)
    return name


def _write_local(storage: FileSystemStorage, name: str, data: bytes) -> None:
    final = Path(storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    if storage.directory_permissions_mode is not None:
        final.parent.chmod(storage.directory_permissions_mode)
    descriptor, temporary = tempfile.mkstemp(
        prefix=TEMPORARY_PREFIX, suffix=final.suffix, dir=final.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if storage.file_permissions_mode is not None:
            os.chmod(temporary, storage.file_permissions_mode)
        # os.replace: a file under the final name is a stray (no issue refers to
        # it, checked above), left by a sign-off that never committed.
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(final.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def stray_official_pdfs(folders=(FOLDER,)) -> Iterator[str]:
    """Stored files in `folders` (issues/pdf/, …) that no official copy refers to.

    Unfinished writes included.
    """
    referenced = set(OfficialCopy.objects.values_list("file", flat=True))
    for folder in folders:
        for name in stored_files(_storage(), folder):
            if name not in referenced:
                yield name


def delete_stored(name: str) -> None:
    _storage().delete(name)
