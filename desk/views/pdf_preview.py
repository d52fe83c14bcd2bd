"""The PDF preview of an issue: freshly rendered, shown in the browser, never stored.

Unnumbered issues render as drafts (watermark, blank numbers). The official
file is made once, at sign-off.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from desk.views.base import page_context, viewable_issue
from issues.models import Issue
from issues.pdf.render import pdf_filename, pdf_response, render_issue_pdf


def pdf_preview_view(request, object_id, *, model_admin):
    """GET: the saved issue. POST: the change form as posted, rendered and not saved."""
    if request.method != "POST":
        issue = viewable_issue(model_admin, request, object_id)
        return pdf_response(render_issue_pdf(issue), pdf_filename(issue), inline=True)
    issue = model_admin.get_object(request, unquote(object_id))
    if issue is None:
        raise Http404
    if not model_admin.has_change_permission(request, issue):
        raise PermissionDenied
    data = request.POST.copy()
    data.pop("based_on_version", None)  # a preview changes nothing, so it never conflicts
    form = model_admin.get_form(request, issue, change=True)(data, instance=issue)
    formsets, _inlines = model_admin._create_formsets(request, issue, change=True)
    if not (form.is_valid() and all(formset.is_valid() for formset in formsets)):
        context = page_context(
            model_admin,
            request,
            issue,
            gettext("Preview PDF"),
            errors=[form.errors, *(formset.errors for formset in formsets)],
        )
        return TemplateResponse(
            request, "admin/issues/issue/preview_refused.html", context, status=400
        )
    # What is on the screen, stored only for as long as it takes to render it.
    with transaction.atomic():
        form.save()
        for formset in formsets:
            formset.save()
        issue.articles.renumber()
        pdf = render_issue_pdf(Issue.objects.get(pk=issue.pk))
        transaction.set_rollback(True)
    return pdf_response(pdf, pdf_filename(issue), inline=True)
