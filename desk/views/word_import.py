"""Word import on an issue's admin page: each uploaded .docx becomes one article of a draft."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext

from desk.forms import WordImportForm
from desk.views.base import change_url, page_context
from issues import services
from issues.exceptions import WorkflowError
from issues.importing.docx import WordFile, WordImportError
from issues.models import Issue


def may_import_word(model_admin, request, issue: Issue) -> bool:
    """Whether the change page offers 从 Word 导入文章 (IssueAdmin.render_change_form asks)."""
    return (
        issue.status == Issue.Status.DRAFT
        and model_admin.has_change_permission(request, issue)
        and request.user.has_perm("issues.add_article")
    )


def import_word_view(request, object_id, *, model_admin):
    issue = model_admin.get_object(request, unquote(object_id))
    if issue is None:
        raise Http404
    if not may_import_word(model_admin, request, issue):
        raise PermissionDenied
    back = change_url(issue)
    form = WordImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        word_files = [WordFile.from_upload(upload) for upload in form.cleaned_data["files"]]
        try:
            imported = services.import_word_articles(issue, request.user, word_files)
        except WordImportError as error:
            form.add_error("files", str(error))
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            report_import(model_admin, request, imported)
            return redirect(back)
    context = page_context(
        model_admin,
        request,
        issue,
        gettext("Import articles from Word"),
        form=form,
        change_url=back,
    )
    return TemplateResponse(request, "admin/issues/issue/import_word.html", context)


def report_import(model_admin, request, imported) -> None:
    model_admin.message_user(
        request,
        ngettext(
            "%(count)d article imported from Word.",
            "%(count)d articles imported from Word.",
            len(imported),
        )
        % {"count": len(imported)},
        messages.SUCCESS,
    )
    left_out = sum(article.left_out_images for article in imported)
    if left_out:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d image in a format browsers cannot show (such as EMF) was left "
                "out; insert it again as PNG or JPEG.",
                "%(count)d images in a format browsers cannot show (such as EMF) were left "
                "out; insert them again as PNG or JPEG.",
                left_out,
            )
            % {"count": left_out},
            messages.WARNING,
        )
