import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from issues.models import Article, Issue, Series
from organisations.models import Organisation
from portal import selectors
from portal.widgets import PlainSelect

KEYWORD_MAX_LENGTH = 50


class ArchiveFilter(django_filters.FilterSet):
    """The archive's filters; an invalid value is reported and ignored, never an error page."""

    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        to_field_name="slug",
        queryset=Series.objects.none(),  # set per request from the archive's facets
        empty_label=_("All series"),
        widget=PlainSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), empty_label=_("All years"), choices=[], widget=PlainSelect
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Contributing organisation"),
        queryset=Organisation.objects.all(),
        method="contributed_by",
        empty_label=_("All organisations"),
        widget=PlainSelect,
    )
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="mentioning",
        max_length=KEYWORD_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Headline or text")}),
    )

    class Meta:
        model = Issue
        fields = ["series", "year", "organisation", "q"]

    def __init__(self, *args, facets: selectors.ArchiveFacets, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["series"].queryset = facets.series
        self.filters["year"].extra["choices"] = [(str(year), f"{year}年") for year in facets.years]

    def contributed_by(self, issues, name, organisation):
        articles = Article.objects.filter(issue=OuterRef("pk"), organisations=organisation)
        return issues.filter(Exists(articles))

    def mentioning(self, issues, name, keyword):
        """Issues with an article whose headline or text contains `keyword`.

        Substring matching, which suits Chinese; on PostgreSQL the trigram
        indexes of portal's migration 0002 serve it.
        """
        keyword = keyword.strip()
        if not keyword:
            return issues
        articles = Article.objects.filter(issue=OuterRef("pk")).filter(
            Q(headline__icontains=keyword) | Q(body__icontains=keyword)
        )
        return issues.filter(Exists(articles))

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
