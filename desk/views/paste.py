"""The article editor's paste in the issue admin: what is pasted is cleaned by the bulletin's rules.

The editor (static/issues/editor/bulletin-paste.js) posts the paste here and
inserts the HTML it gets back (issues.text_structure.clean_paste).
"""

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from issues.views import cleaned_paste_response


@require_POST
def paste_view(request):
    # Whoever may write an article in the admin; the admin's own view checks staff status.
    if not (
        request.user.has_perm("issues.change_article")
        or request.user.has_perm("issues.add_article")
    ):
        raise PermissionDenied
    return cleaned_paste_response(request)
