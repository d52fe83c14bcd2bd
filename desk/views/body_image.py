"""A photo uploaded, pasted or dropped into an article body in the issue admin.

The editor's script (static/issues/editor/bulletin-images.js) posts the file
here and inserts a figure showing the address it gets back; saving the issue
makes the photo the article's image (issues.services.upload_body_image).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from issues import services
from issues.exceptions import WorkflowError


@require_POST
def body_image_view(request, object_id=None, *, model_admin):
    issue = None
    if object_id is not None:
        issue = model_admin.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"error": _("Choose a photo to upload.")}, status=400)
    try:
        src = services.upload_body_image(issue, request.user, upload)
    except WorkflowError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=403)
    except ValidationError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
    return JsonResponse({"src": src})
