from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def post_size_limit() -> int:
    """The largest form (without its files) the server accepts, in bytes."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
