"""The article body's editor: one definition for every model that stores an article body.

An article's body is edited in the issue admin and, before it reaches an
issue, wherever else an article is written (contributions, say). All of them
use `article_body_field()`, so they offer the same tools and store the same
HTML, and the sanitiser's allow-list is derived from the same extensions.
"""

from django_prose_editor.fields import ProseEditorField

# The formatting an official bulletin uses, and nothing else: paragraphs, bold,
# the four heading levels of GB/T 9704 (一、 （一） 1. （1） as h2–h5, named so in
# the block menu by BulletinHeadings), lists, tables and images with captions.
BODY_EXTENSIONS = {
    "Bold": True,
    "Heading": {"levels": [2, 3, 4, 5]},
    "BulletinHeadings": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    "HardBreak": True,
    "History": True,
}


def article_body_field(verbose_name, **kwargs) -> ProseEditorField:
    """The rich-text field of an article body, sanitised on every save by sanitize_body."""
    from issues.sanitizer import sanitize_body  # the sanitiser reads BODY_EXTENSIONS

    return ProseEditorField(
        verbose_name,
        config={"extensions": BODY_EXTENSIONS},
        sanitize=sanitize_body,
        **kwargs,
    )
