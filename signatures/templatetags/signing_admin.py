from django import template

from signatures.credentials import is_configured

register = template.Library()


@register.inclusion_tag("signatures/admin_notice.html", takes_context=True)
def unsigned_pdfs_notice(context):
    """Tells the people who sign off issues that official PDFs will not be signed."""
    user = context["request"].user
    return {"show": not is_configured() and user.has_perm("issues.sign_off_issue")}
