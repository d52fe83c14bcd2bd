"""Request handling that the audiences' views share; the addresses and permissions are theirs.

The article editor's paste is posted to an address in desk (staff) or in
contributions (contributors); each checks who may paste there and answers
with `cleaned_paste_response`.
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from issues.text_structure import PasteError, clean_paste


def cleaned_paste_response(request) -> JsonResponse:
    """Read the editor's JSON post ({"text", "html"}); answer with the cleaned HTML or an error."""
    if len(request.body) > settings.BULLETIN_PASTE_MAX_BYTES:
        return JsonResponse(
            {"error": _("Too much was pasted at once; paste it in parts.")}, status=413
        )
    try:
        pasted = json.loads(request.body)
        text, html = str(pasted.get("text") or ""), str(pasted.get("html") or "")
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("The paste could not be read.")}, status=400)
    try:
        cleaned = clean_paste(text=text, html=html)
    except PasteError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"html": cleaned.html, "joined": cleaned.joined})
