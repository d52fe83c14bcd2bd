"""An editor's unsaved change form, kept in the background and offered back (desk.services).

The page's script (static/core/autosave.js) posts the whole change form here
every minute while it changes, and once more when the page is hidden
(navigator.sendBeacon); the change page offers it back, or discards it here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desk import services
from desk.views.base import change_url, viewable_issue


@require_POST
def autosave_view(request, object_id, *, model_admin):
    issue = viewable_issue(model_admin, request, object_id)
    try:
        saved = services.autosave(issue, request.user, request.POST)
    except ValidationError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
    at = formats.date_format(timezone.localtime(saved.saved_at), "TIME_FORMAT")
    return JsonResponse({"saved_at": at, "message": _("Saved automatically at %s") % at})


@require_POST
def discard_autosave_view(request, object_id, *, model_admin):
    issue = viewable_issue(model_admin, request, object_id)
    services.discard_autosave(issue, request.user)
    model_admin.message_user(
        request, _("The automatically saved changes were discarded."), messages.INFO
    )
    return redirect(change_url(issue))
