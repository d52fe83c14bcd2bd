from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def staff_idle_timeout() -> int:
    """Seconds without activity after which a staff session ends (security.middleware)."""
    return settings.STAFF_IDLE_TIMEOUT
