"""A contributor's Word file, read by the office's own Word import into a report's text.

The file and its images are stored as soon as they are read, before the rest
of the form is checked: a form shown again for a missing phone number keeps
the text, and a signed token in the form keeps the stored files, so nothing
has to be uploaded twice.
"""

from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile

from contributions.models import Report
from contributions.services import AttachedDocument
from issues.importing.docx import WordFile, _ImageStore, check_docx, read_word_article

TOKEN_SALT = "contributions.document"


@dataclass(frozen=True)
class ReadDocument:
    headline: str
    body: str
    attached: AttachedDocument


def read_document(upload) -> ReadDocument:
    """Check and read an uploaded .docx; raises issues' WordImportError with the reason."""
    word_file = WordFile.from_upload(upload)
    check_docx(word_file)
    images = _ImageStore(word_file.name)
    try:
        article = read_word_article(word_file, images)
        storage = Report._meta.get_field("source_document").storage
        name = Report._meta.get_field("source_document").generate_filename(None, word_file.name)
        stored = storage.save(name, ContentFile(word_file.data))
    except BaseException:
        images.delete_all()
        raise
    return ReadDocument(
        article.headline, article.body, AttachedDocument(stored, tuple(article.images))
    )


def token_for(attached: AttachedDocument, user) -> str:
    return signing.dumps(
        {"user": user.pk, "document": attached.document, "images": list(attached.images)},
        salt=TOKEN_SALT,
    )


def attached_from_token(token: str, user) -> AttachedDocument | None:
    """The stored files a token names, if it was made for `user`; else None."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=60 * 60 * 24 * 7)
    except signing.BadSignature:
        return None
    if data.get("user") != user.pk:
        return None
    return AttachedDocument(data["document"], tuple(data["images"]))
