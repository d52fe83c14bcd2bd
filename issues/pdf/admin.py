"""The PDF preview of an issue, for its admin change page."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path

from issues.pdf.render import pdf_filename, pdf_response, render_issue_pdf


class PdfPreviewAdminMixin:
    """Adds <object_id>/pdf-preview/: the issue freshly rendered, shown in the browser.

    Unnumbered issues render as drafts (watermark, blank numbers). The preview
    is never stored: the official file is made once, at sign-off.
    """

    def get_urls(self):
        opts = self.model._meta
        preview = path(
            "<path:object_id>/pdf-preview/",
            self.admin_site.admin_view(self.pdf_preview_view),
            name=f"{opts.app_label}_{opts.model_name}_pdf_preview",
        )
        # Before the admin's own URLs, whose last pattern catches every <object_id>/….
        return [preview, *super().get_urls()]

    def pdf_preview_view(self, request, object_id):
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return pdf_response(render_issue_pdf(issue), pdf_filename(issue), inline=True)
