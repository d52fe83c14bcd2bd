import datetime
import re

from django import forms
from django.db.models import Count, F
from django.urls import reverse_lazy
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contributions import documents, images, services
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
        if not self.is_bound and self.instance.pk:
            self.initial["body"] = images.body_for_editing(self.instance, user)
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
        # Drafts look alike: their date, number and lead article tell them apart.
        return _("%(date)s%(number)s: %(headline)s (%(count)d article(s))") % {
            "date": _issue_date(issue),
            "number": f" {issue.issue_line}" if issue.is_numbered else "",
            "headline": issue.lead_headline_text() or _("no articles yet"),
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
            .with_lead_headline()
            .annotate(article_count=Count("articles"))
            # Dated drafts first, newest first, on every database (PostgreSQL puts NULLs first).
            .order_by(F("issue_date").desc(nulls_last=True), "-pk")
        )
        self.fields["issue"].queryset = drafts
        self.fields["article"].queryset = (
            Article.objects.filter(issue__series=report.series_id, issue__status=Issue.Status.DRAFT)
            .select_related("issue")
            .order_by(F("issue__issue_date").desc(nulls_last=True), "issue", "position")
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


# An <input type="date"> shows and sends ISO dates only (2026-01-01), whatever the
# locale's DATE_INPUT_FORMATS (zh-hans: 2026/01/01 first, which it cannot show).
ISO_DATE = "%Y-%m-%d"
# Accepted too, for addresses typed or kept from before: 2026/01/01, 2026.1.1, 2026年1月1日.
STATISTICS_DATE_FORMATS = [ISO_DATE, "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


class DatePicker(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)

    def format_value(self, value):
        # A date given in another accepted form (2026/01/01) is shown as the ISO date it is;
        # anything else as it was typed, with the field's error beside it.
        if isinstance(value, str):
            for input_format in STATISTICS_DATE_FORMATS:
                try:
                    return (
                        datetime.datetime.strptime(value.strip(), input_format).date().isoformat()
                    )
                except ValueError:
                    continue
            return value
        return super().format_value(value)


def _period_day(label, required_message):
    return forms.DateField(
        label=label,
        widget=DatePicker(),
        input_formats=STATISTICS_DATE_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": _("Enter a date such as 2026-01-01."),
        },
    )


class StatisticsForm(forms.Form):
    """The series and period of the statistics; unbound, this year so far in the first series."""

    FIELDS = ("series", "start", "end")

    series = forms.ModelChoiceField(
        label=_("Bulletin"),
        queryset=Series.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the bulletins listed.")},
    )
    start = _period_day(_("From"), _("Give the first day of the period."))
    end = _period_day(_("To"), _("Give the last day of the period."))

    @staticmethod
    def defaults(today: datetime.date) -> dict:
        return {
            "series": Series.objects.order_by("pk").first(),
            "start": datetime.date(today.year, 1, 1),
            "end": today,
        }

    @classmethod
    def from_query(cls, query, today: datetime.date) -> "StatisticsForm":
        """The form for a request's query: what it gives, the defaults for what it leaves out.

        An address with none of the fields (the page opened bare, or an export
        link without them) shows the default period; a field given empty or
        wrong is an error, shown with what was typed.
        """
        defaults = cls.defaults(today)
        given = {name: query[name] for name in cls.FIELDS if name in query}
        if not given:
            return cls(initial=defaults)
        series = defaults["series"]
        data = {
            "series": series.pk if series else "",
            "start": defaults["start"].isoformat(),
            "end": defaults["end"].isoformat(),
            **given,
        }
        return cls(data, initial=defaults)

    def period(self) -> tuple[Series, datetime.date, datetime.date] | None:
        """The series and period to count: the valid choice, or the defaults when unbound."""
        if self.is_bound:
            if not self.is_valid():
                return None
            chosen = self.cleaned_data
        else:
            chosen = self.initial
        if chosen.get("series") is None:
            return None
        return chosen["series"], chosen["start"], chosen["end"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned
