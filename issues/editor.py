"""The article body's editor: one definition for every model that stores an article body.

An article's body is edited in the issue admin and, before it reaches an
issue, wherever else an article is written (contributions, say). All of them
use `article_body_field()`, so they offer the same tools and store the same
HTML, and the sanitiser's allow-list is derived from the same extensions.
"""

from django_prose_editor.fields import ProseEditorField

from issues.body_format import BODY_EXTENSIONS
from issues.sanitizer import sanitize_body


def article_body_field(verbose_name, **kwargs) -> ProseEditorField:
    """The rich-text field of an article body, sanitised on every save by sanitize_body."""
    return ProseEditorField(
        verbose_name,
        config={"extensions": BODY_EXTENSIONS},
        sanitize=sanitize_body,
        **kwargs,
    )
