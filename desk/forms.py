"""The forms of the desk: the issue's change form and the pages of its actions."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from issues import services, versions, workflow
from issues.models import Issue
from issues.sanitizer import sanitize_body
from organisations.models import Organisation, Role


class IssueForm(forms.ModelForm):
    """The issue's own fields, and which version of the issue the form was opened on."""

    # Set by IssueAdmin.get_form: whose change this is.
    editing_user = None

    based_on_version = forms.IntegerField(
        label=_("Version the form was opened on"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on_version"].initial = versions.version_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            # Locks the issue's row until the admin's transaction ends with the save,
            # so nobody can change the issue between this check and the save.
            services.lock_for_editing(
                self.instance, self.editing_user, cleaned_data.get("based_on_version")
            )
        return cleaned_data


class TransitionForm(forms.Form):
    """The confirmation of one transition: a comment where it needs one, a publish time.

    Returning also offers a comment on each article, optionally on a passage of it.
    """

    def __init__(self, transition: workflow.Transition, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.articles = list(articles)
        if transition is workflow.RETURN:
            self.fields["comment"] = forms.CharField(
                label=_("What should the editor change?"),
                widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
            )
            for number, article in enumerate(self.articles, start=1):
                self.fields[f"article_{article.pk}"] = forms.CharField(
                    label=_("Comment on article %(number)d “%(headline)s”")
                    % {"number": number, "headline": article.headline},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                )
                self.fields[f"passage_{article.pk}"] = forms.CharField(
                    label=_("Passage the comment is about"),
                    required=False,
                    help_text=_(
                        "Optional: select the words in the article above, or paste them here."
                    ),
                    widget=forms.TextInput(attrs={"size": 60, "class": "passage-input"}),
                )
        if transition is workflow.TAKE_BACK:
            self.fields["comment"] = forms.CharField(
                label=_("Why do you take the issue back?"),
                help_text=_(
                    "You become one of the issue's authors: another approver must sign it off."
                ),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
            )
        if transition is workflow.REVOKE:
            self.fields["comment"] = forms.CharField(
                label=_("Reason for revoking"),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
            )
        if transition.offers_publish_time:
            self.fields["publish_at"] = forms.DateTimeField(
                label=_("Visible to recipients from"),
                required=False,
                help_text=_("Leave empty to publish now, or choose a later time to schedule it."),
                input_formats=["%Y-%m-%dT%H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
            )

    def commented_articles(self):
        """(number, article, its text, its comment field, its passage field), for the template."""
        return [
            (
                number,
                article,
                mark_safe(sanitize_body(article.body)),  # sanitised right here
                self[f"article_{article.pk}"],
                self[f"passage_{article.pk}"],
            )
            for number, article in enumerate(self.articles, start=1)
        ]

    def article_remarks(self) -> list[services.ArticleRemark]:
        return [
            services.ArticleRemark(
                article_id=article.pk,
                text=self.cleaned_data[f"article_{article.pk}"],
                passage=self.cleaned_data[f"passage_{article.pk}"],
            )
            for article in self.articles
            if self.cleaned_data.get(f"article_{article.pk}", "").strip()
        ]

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at is not None and publish_at < timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty."))
        return publish_at


class ReissueForm(forms.Form):
    """补发: an organisation to add to a published issue's circulation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("As"), choices=Role.choices, initial=Role.ISSUE)

    def __init__(self, issue: Issue, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().exclude(
            pk__in=issue.recipient_snapshot.exclude(organisation=None).values("organisation")
        )


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
