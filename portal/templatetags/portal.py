from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from issues.pdf.print_body import screen_body
from issues.sanitizer import sanitize_body

register = template.Library()


@register.filter
def sanitized(body: str) -> str:
    """An article body as HTML, sanitised again on the way out."""
    return mark_safe(sanitize_body(body))


@register.filter
def article_body(body: str) -> str:
    """An article body for reading: sanitised again, its tables headed and figures right-aligned."""
    return mark_safe(screen_body(sanitize_body(body)))


@register.filter
def one_line(title: str) -> str:
    """A series title as one line: the spaces only mark line breaks of the masthead."""
    return title.replace(" ", "")


@register.filter
def chinese_date(value) -> str:
    """2020年7月20日."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.simple_tag
def issue_url(issue, name="portal:issue") -> str:
    return reverse(name, args=[issue.series.slug, issue.year, issue.number])
