"""Word (.docx) files: member organisations' reports as articles, past issues as lines.

mammoth reads the file. For an article its HTML goes through the editor's
sanitiser (`sanitize_body`), so only the formatting a bulletin has survives:
Word headings, and headings typed the Chinese way, become the bulletin's h2–h5
(一、 （一） 1. （1）); bold, lists and tables stay; a closing source line
becomes the article's source (word_structure.py); everything else goes.
Embedded images are checked and stored as the article's image files.

Files are checked before anything is stored, and all files of one upload are
imported in one transaction: one bad file, and none is imported.
"""

import logging
import re
import uuid
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import unescape
from io import BytesIO
from xml.etree import ElementTree

import mammoth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from issues.images import check_image
from issues.importing.word_structure import WordHeadingNumbers, structure
from issues.models import Article, ArticleImage, Issue
from issues.sanitizer import sanitize_body
from organisations.resolution import OrganisationResolver

logger = logging.getLogger(__name__)

# A password-protected .docx (and an old .doc) is an OLE compound file, not a zip.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

# Word's heading styles (matched without regard to case) as the bulletin's heading levels.
# A Title is the headline; headings below level 4 are plain paragraphs.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='heading 1'] => h2:fresh
p[style-name='heading 2'] => h3:fresh
p[style-name='heading 3'] => h4:fresh
p[style-name='heading 4'] => h5:fresh
p[style-name='heading 5'] => p:fresh
p[style-name='heading 6'] => p:fresh
"""
IMAGE_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}
# Images browsers cannot show (Word's EMF and WMF drawings) are left out.
LEFT_OUT = "left-out:"
LEFT_OUT_IMAGE = re.compile(rf'<img [^>]*src="{LEFT_OUT}"[^>]*>')
BLOCK = re.compile(r"<(h[1-5]|p)>(.*?)</\1>", re.DOTALL)
HEADLINE_MAX_LENGTH = Article._meta.get_field("headline").max_length
# Word's XML compresses about 10:1; a member over 1 MB packed far tighter is a zip bomb.
DOCX_MAX_COMPRESSION_RATIO = 100
WORD_TEXT_TAG = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


class WordImportError(Exception):
    """A file cannot be imported; the message names it and says why, for the editor."""


@dataclass(frozen=True)
class WordFile:
    name: str
    data: bytes

    @classmethod
    def from_upload(cls, upload) -> "WordFile":
        # One byte over the limit is enough to refuse the file; the rest stays unread.
        return cls(upload.name, upload.read(settings.BULLETIN_IMPORT_MAX_DOCX_BYTES + 1))


def check_docx(word_file: WordFile) -> None:
    """Raise a WordImportError unless the file is an unprotected, intact .docx within the limits.

    A .docx is a zip archive: its members' sizes and compression ratios are
    checked before any of them is decompressed (a 244 KB "zip bomb" expands to
    hundreds of megabytes), and its text is counted while it is read.
    """
    name, data = word_file.name, word_file.data
    limit = settings.BULLETIN_IMPORT_MAX_DOCX_BYTES
    if len(data) > limit:
        raise WordImportError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)}
        )
    if data.startswith(OLE_SIGNATURE):
        raise WordImportError(
            _(
                "“%(name)s” is protected by a password or saved in the old .doc format; "
                "save it in Word as a .docx without a password and upload it again."
            )
            % {"name": name}
        )
    if not name.lower().endswith(".docx") or not data.startswith(ZIP_SIGNATURE):
        raise WordImportError(_("“%(name)s” is not a Word (.docx) file.") % {"name": name})
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _damaged(name)
            check_unpacked_sizes(name, archive)
            _check_no_linked_images(name, archive)
            intact = archive.testzip() is None
            if intact:
                _check_text_length(name, archive)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ElementTree.ParseError):
        intact = False
    if not intact:
        raise _damaged(name)


def check_unpacked_sizes(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse an archive that would unpack to more than the limits, before unpacking it.

    The sizes are those the archive declares; reading stops at them (zipfile),
    so a member that lies about its size fails its CRC check as damaged.
    """
    member_limit = settings.BULLETIN_IMPORT_MAX_DOCX_MEMBER_BYTES
    total_limit = settings.BULLETIN_IMPORT_MAX_DOCX_UNPACKED_BYTES
    too_big = _(
        "“%(name)s” would unpack to more than %(limit)s; it is not an ordinary Word "
        "document (possibly a “zip bomb”) and was not read."
    )
    total = 0
    for member in archive.infolist():
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        suspicious = member.file_size > 1024 * 1024 and ratio > DOCX_MAX_COMPRESSION_RATIO
        if member.file_size > member_limit or suspicious:
            raise WordImportError(too_big % {"name": name, "limit": filesizeformat(member_limit)})
        if total > total_limit:
            raise WordImportError(too_big % {"name": name, "limit": filesizeformat(total_limit)})


def _check_no_linked_images(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse images that are links to files outside the document: there is nothing to import."""
    for member in archive.namelist():
        if not (member.startswith("word/_rels/") and member.endswith(".rels")):
            continue
        for relationship in ElementTree.fromstring(archive.read(member)):
            if relationship.get("Type", "").endswith("/image") and (
                relationship.get("TargetMode") == "External"
            ):
                raise WordImportError(
                    _(
                        "“%(name)s” contains a picture that is only linked to a file outside "
                        "the document (%(target)s), not embedded in it. In Word, insert the "
                        "picture itself (or choose “Insert and Link”) and upload it again."
                    )
                    % {"name": name, "target": relationship.get("Target", "")[:100]}
                )


def _check_text_length(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a document with more text than an article may hold, counting as it is read."""
    limit = settings.BULLETIN_ARTICLE_MAX_CHARACTERS
    characters = 0
    with archive.open("word/document.xml") as document:
        for _event, element in ElementTree.iterparse(document):
            if element.tag == WORD_TEXT_TAG and element.text:
                characters += len(element.text)
                if characters > limit:
                    raise WordImportError(
                        _(
                            "“%(name)s” has more than %(limit)s characters of text, more than "
                            "one article may hold; split it into several documents."
                        )
                        % {"name": name, "limit": f"{limit:,}"}
                    )
            element.clear()


def _damaged(name: str) -> WordImportError:
    return WordImportError(_("“%(name)s” is damaged and cannot be read.") % {"name": name})


# --- Articles: the admin's upload ------------------------------------------------------------


@dataclass
class _ImageStore:
    """Stores a document's images as they are converted; remembers the names for clean-up."""

    source_name: str
    stored: list[str] = field(default_factory=list)
    left_out: int = 0
    seen: int = 0

    @property
    def storage(self):
        return ArticleImage._meta.get_field("file").storage

    def __call__(self, image) -> dict:
        extension = IMAGE_EXTENSIONS.get(image.content_type)
        if extension is None:
            self.left_out += 1
            return {"src": LEFT_OUT}
        limit = settings.BULLETIN_IMPORT_MAX_IMAGE_BYTES
        with image.open() as stream:
            data = stream.read(limit + 1)
        self.seen += 1
        label = _("image %(number)d of %(name)s") % {"number": self.seen, "name": self.source_name}
        try:
            name = self.store(data, label, extension)
        except ValidationError as error:
            raise WordImportError(error.messages[0]) from None
        return {"src": self.storage.url(name), "alt": image.alt_text or ""}

    def store(self, data: bytes, label: str, extension: str | None = None) -> str:
        """Check an image's bytes and store them where article images go; its storage name."""
        limit = settings.BULLETIN_IMPORT_MAX_IMAGE_BYTES
        if len(data) > limit:
            raise ValidationError(
                _("“%(name)s” is larger than %(limit)s.")
                % {"name": label, "limit": filesizeformat(limit)},
                code="image_too_big",
            )
        checked_extension = check_image(data, label)
        file_field = ArticleImage._meta.get_field("file")
        name = file_field.generate_filename(
            None, f"{uuid.uuid4().hex}{extension or checked_extension}"
        )
        name = self.storage.save(name, ContentFile(data))
        self.stored.append(name)
        return name

    def delete_all(self) -> None:
        for name in self.stored:
            self.storage.delete(name)


@dataclass(frozen=True)
class WordArticle:
    headline: str
    body: str
    images: list[str]  # stored file names, in the body's order
    left_out_images: int
    source: str = ""  # from a closing line such as （上海市邮政管理局供稿）


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(strip_tags(html))).strip()


def _split_headline(html: str) -> tuple[str, str]:
    """The headline (the Title, else the first heading or paragraph with text) and the rest."""
    blocks = [block for block in BLOCK.finditer(html) if _text(block[2])]
    titles = [block for block in blocks if block[1] == "h1"]
    if not blocks:
        return "", html
    headline = (titles or blocks)[0]
    return _text(headline[2]), html[: headline.start()] + html[headline.end() :]


def read_word_article(word_file: WordFile, images: _ImageStore) -> WordArticle:
    """Convert a checked .docx into an article's headline and sanitised body."""
    try:
        html = mammoth.convert_to_html(
            BytesIO(word_file.data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(images),
            transform_document=mammoth.transforms.paragraph(WordHeadingNumbers()),
        ).value
    except WordImportError:
        raise
    except Exception as error:
        logger.warning("mammoth could not read %s", word_file.name, exc_info=True)
        raise _damaged(word_file.name) from error
    headline, rest = _split_headline(LEFT_OUT_IMAGE.sub("", html))
    if not headline:
        raise WordImportError(_("“%(name)s” has no text.") % {"name": word_file.name})
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise WordImportError(
            _(
                "The first paragraph of “%(name)s” is too long for a headline; "
                "start the document with its headline."
            )
            % {"name": word_file.name}
        )
    structured = structure(rest)
    return WordArticle(
        headline=headline,
        body=sanitize_body(structured.body),
        images=list(images.stored),
        left_out_images=images.left_out,
        source=structured.source[: Article._meta.get_field("source").max_length],
    )


def append_word_articles(issue: Issue, word_files: Sequence[WordFile]) -> list[WordArticle]:
    """Append one article per file to a draft, in the files' order: all of them, or none."""
    for word_file in word_files:
        check_docx(word_file)
    stores = []
    try:
        with transaction.atomic():
            locked = Issue.objects.select_for_update().get(pk=issue.pk)
            if locked.status != Issue.Status.DRAFT:
                raise WordImportError(_("Articles can be imported only into a draft."))
            resolver = OrganisationResolver()
            imported = []
            for word_file in word_files:
                stores.append(_ImageStore(word_file.name))
                word_article = read_word_article(word_file, stores[-1])
                _create_article(locked, word_article, resolver)
                imported.append(word_article)
    except BaseException:
        for store in stores:
            store.delete_all()
        raise
    return imported


def _create_article(issue: Issue, word_article: WordArticle, resolver) -> Article:
    article = Article.objects.create(
        issue=issue,
        headline=word_article.headline,
        body=word_article.body,
        source=word_article.source,
    )
    ArticleImage.objects.bulk_create(
        ArticleImage(article=article, file=name) for name in word_article.images
    )
    article.organisations.add(
        *resolver.named_in(word_article.headline), *resolver.named_in(word_article.source)
    )
    return article
