import re

from django import forms
from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contributions import documents, services
from contributions.models import DeclineReason, Report
from issues.importing.docx import WordImportError
from issues.models import Article, Issue, Series

PHONE = re.compile(r"^\+?[\d\s\-()（）转]{7,40}$")


class ReportForm(forms.ModelForm):
    """A contributor's report: typed in the editor, or read from an uploaded Word file.

    `submitting` says whether the contributor is sending the report: a draft
    needs only its headline, a submission everything the office needs.
    """

    document = forms.FileField(
        label=_("Or upload a Word file (.docx)"),
        required=False,
        help_text=_(
            "Its first paragraph becomes the headline and the rest the text, with headings, "
            "tables and photos; this replaces what is in the editor."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    document_token = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["series", "headline", "body", "contact_name", "contact_phone"]

    class Media:
        # The editor's menus and dialogs in the reader's language, as in the admin.
        js = [reverse_lazy("javascript-catalog"), "issues/admin/prose-editor-chinese.js"]

    def __init__(self, *args, user, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.submitting = submitting
        self.attached = None
        self._document_error = None
        series = Series.objects.all()
        self.fields["series"].queryset = series
        if len(series) == 1 and not self.instance.series_id:
            self.initial["series"] = series[0].pk
            self.fields["series"].widget = forms.HiddenInput()
        self.fields["headline"].required = False  # said in clean(), with the upload in mind
        self.fields["contact_phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["contact_name"].widget.attrs.update(autocomplete="name")

    def full_clean(self):
        if self.is_bound and self.data is not None:
            self._take_document()
        super().full_clean()

    def _take_document(self):
        """Read an uploaded Word file into the form's data, so a re-shown form holds its text."""
        data = self.data.copy()
        upload = self.files.get("document")
        if upload:
            try:
                read = documents.read_document(upload)
            except WordImportError as error:
                self._document_error = str(error)
                return
            data["headline"] = read.headline
            data["body"] = read.body
            data["document_token"] = documents.token_for(read.attached, self.user)
            self.attached = read.attached
        elif data.get("document_token"):
            self.attached = documents.attached_from_token(data["document_token"], self.user)
            if self.attached is None:
                data["document_token"] = ""
        self.data = data

    def clean(self):
        cleaned = super().clean()
        if self._document_error:
            self.add_error("document", self._document_error)
        if not (cleaned.get("headline") or "").strip():
            self.add_error("headline", _("Give the report a headline."))
        phone = (cleaned.get("contact_phone") or "").strip()
        if phone and not PHONE.match(phone):
            self.add_error(
                "contact_phone", _("Write the phone number with digits, e.g. 021-12345678.")
            )
        if self.submitting:
            if not services._has_text(cleaned.get("body") or ""):
                self.add_error("body", _("Write the report's text or upload a Word file."))
            if not (cleaned.get("contact_name") or "").strip():
                self.add_error("contact_name", _("Give a contact person, so the office can ask."))
            if not phone:
                self.add_error("contact_phone", _("Give a contact phone number."))
        return cleaned


def _issue_date(issue) -> str:
    return date_format(issue.issue_date, "Y年n月j日") if issue.issue_date else _("date not set")


class IssueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, issue):
        date = _issue_date(issue)
        return _("Draft of %(date)s, %(count)d article(s) so far") % {
            "date": date,
            "count": issue.article_count,
        }


class ArticleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, article):
        return f"[{_issue_date(article.issue)}] {article.position}. {article.headline}"


class AdoptForm(forms.Form):
    issue = IssueChoiceField(
        label=_("Into the draft issue"),
        queryset=Issue.objects.none(),
        empty_label=None,
    )
    article = ArticleChoiceField(
        label=_("Append to the article (综合)"),
        queryset=Article.objects.none(),
        required=False,
        empty_label=_("— none: a new article at the end of the issue —"),
        help_text=_(
            "Choose an article of the same issue to build a combined piece from several reports."
        ),
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, report: Report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = (
            Issue.objects.filter(series=report.series_id, status=Issue.Status.DRAFT)
            .annotate(article_count=Count("articles"))
            .order_by("-issue_date", "-pk")
        )
        self.fields["issue"].queryset = drafts
        self.fields["article"].queryset = (
            Article.objects.filter(issue__series=report.series_id, issue__status=Issue.Status.DRAFT)
            .select_related("issue")
            .order_by("-issue__issue_date", "issue", "position")
        )

    def clean(self):
        cleaned = super().clean()
        article, issue = cleaned.get("article"), cleaned.get("issue")
        if article and issue and article.issue_id != issue.pk:
            self.add_error("article", _("The article chosen is not in the issue chosen."))
        return cleaned


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DeclineForm(forms.Form):
    standard_reason = forms.ModelChoiceField(
        label=_("Standard reason"),
        queryset=DeclineReason.objects.all(),
        required=False,
        empty_label=_("— none —"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Added to the standard reason, or written instead of one."),
    )

    def clean(self):
        cleaned = super().clean()
        parts = [str(cleaned.get("standard_reason") or ""), (cleaned.get("reason") or "").strip()]
        cleaned["full_reason"] = "；".join(part for part in parts if part)
        if not cleaned["full_reason"]:
            raise forms.ValidationError(_("Choose a standard reason or write one."))
        return cleaned


class StatisticsForm(forms.Form):
    series = forms.ModelChoiceField(
        label=_("Bulletin"), queryset=Series.objects.all(), empty_label=None
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned
