"""Reminders to the organisations that have not yet acknowledged a published issue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from desk.views.base import change_url, viewable_issue
from portal.services import send_receipt_reminders


@require_POST
def receipt_reminders_view(request, object_id, *, model_admin):
    issue = viewable_issue(model_admin, request, object_id)
    try:
        sent = send_receipt_reminders(issue, request.user)
    except PermissionDenied as refusal:
        model_admin.message_user(request, str(refusal), messages.ERROR)
    else:
        model_admin.message_user(
            request,
            ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent)
            % {"count": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )
    return redirect(change_url(issue))
