"""The stored official PDF, byte for byte as made at sign-off."""

from django.http import FileResponse, Http404

from desk.views.base import viewable_issue
from issues.pdf.render import pdf_filename


def official_pdf_view(request, object_id, *, model_admin):
    issue = viewable_issue(model_admin, request, object_id)
    copy = issue.official_pdf  # the OfficialCopy in the format "pdf" (issues.models.copies)
    if copy is None:
        raise Http404
    return FileResponse(
        copy.file.open("rb"),
        as_attachment=True,
        filename=pdf_filename(issue),
        content_type="application/pdf",
    )
