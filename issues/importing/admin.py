"""Word import on an issue's admin page: each uploaded .docx becomes one article."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from issues import services
from issues.exceptions import WorkflowError
from issues.importing.docx import WordFile, WordImportError
from issues.models import Issue

DOCX_TYPES = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class WordImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Word files"),
        help_text=_(
            "One or several .docx files; each becomes one article, appended to the issue. "
            "The headline is the document's title or first line."
        ),
        widget=MultipleFileInput(attrs={"accept": DOCX_TYPES}),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.BULLETIN_IMPORT_MAX_UPLOAD_BYTES
        if sum(upload.size for upload in files) > limit:
            raise forms.ValidationError(
                _("These files together are larger than %(limit)s; upload them in several parts.")
                % {"limit": filesizeformat(limit)}
            )
        return files


class WordImportAdminMixin:
    """Adds <object_id>/import-word/: upload .docx files as articles of a draft."""

    def get_urls(self):
        opts = self.model._meta
        import_word = path(
            "<path:object_id>/import-word/",
            self.admin_site.admin_view(self.import_word_view),
            name=f"{opts.app_label}_{opts.model_name}_import_word",
        )
        # Before the admin's own URLs, whose last pattern catches every <object_id>/….
        return [import_word, *super().get_urls()]

    def may_import_word(self, request, issue: Issue) -> bool:
        return (
            issue.status == Issue.Status.DRAFT
            and self.has_change_permission(request, issue)
            and request.user.has_perm("issues.add_article")
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_import_word"] = obj is not None and self.may_import_word(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def import_word_view(self, request, object_id):
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if not self.may_import_word(request, issue):
            raise PermissionDenied
        change_url = reverse("admin:issues_issue_change", args=[issue.pk])
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
                self._report_import(request, imported)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import articles from Word"),
            "opts": self.model._meta,
            "original": issue,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/issues/issue/import_word.html", context)

    def _report_import(self, request, imported) -> None:
        self.message_user(
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
            self.message_user(
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
