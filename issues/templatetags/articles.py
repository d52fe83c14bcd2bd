from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from issues.headlines import words

register = template.Library()


@register.filter
def word_breaks(text: str) -> str:
    """The text with <wbr> between its words, for headlines set with word-break: keep-all.

    A browser then breaks a Chinese headline between words (进口博览会 stays
    whole), as the PDF does; spaces stay where the editor typed them.
    """
    return mark_safe(
        " ".join(
            "<wbr>".join(conditional_escape(word) for word in words(part))
            for part in str(text).split()
        )
    )
