"""Form media with the request's CSP nonce, for the one inline script the admin needs.

django-prose-editor loads its modules through an import map, an inline
<script type="importmap"> that the Content-Security-Policy allows only with
the request's nonce (settings.CONTENT_SECURITY_POLICY). No other inline
script is allowed.
"""

from django import template
from js_asset import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def media_with_csp_nonce(context, media):
    if not media:
        return ""
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if nonce is None:
        return media.render()
    return Media.from_media(media, nonce=str(nonce)).render()
