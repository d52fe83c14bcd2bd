from django import template

from portal import selectors

register = template.Library()


@register.inclusion_tag("admin/issues/waiting_for_you.html", takes_context=True)
def work_waiting_for_you(context):
    """What waits for the signed-in user, above the admin index's app list."""
    return {"work": selectors.work_waiting_for(context["request"].user)}
