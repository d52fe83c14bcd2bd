import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from issues.models import Article, Issue
from issues.selectors import number_query
from portal import selectors
from portal.widgets import PlainSelect

KEYWORD_MAX_LENGTH = 50


class ArchiveFilter(django_filters.FilterSet):
    """The archive's filters; an invalid value is reported and ignored, never an error page."""

    # The choices are set per request, from the archive's facets.
    series = django_filters.ChoiceFilter(
        label=_("Series"),
        method="in_series",
        empty_label=_("All series"),
        choices=[],
        widget=PlainSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), empty_label=_("All years"), choices=[], widget=PlainSelect
    )
    organisation = django_filters.ChoiceFilter(
        label=_("Contributing organisation"),
        method="contributed_by",
        empty_label=_("All organisations"),
        choices=[],
        widget=PlainSelect,
    )
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="mentioning",
        max_length=KEYWORD_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Headline, text or issue number")}
        ),
    )

    class Meta:
        model = Issue
        fields = ["series", "year", "organisation", "q"]

    def __init__(self, *args, facets: selectors.ArchiveFacets, **kwargs):
        super().__init__(*args, **kwargs)
        self.series_pks = {slug: pk for pk, slug, _title in facets.series}
        self.filters["series"].extra["choices"] = [
            (slug, title) for _pk, slug, title in facets.series
        ]
        self.filters["year"].extra["choices"] = [(str(year), f"{year}年") for year in facets.years]
        self.filters["organisation"].extra["choices"] = [
            (str(pk), name) for pk, name in facets.organisations
        ]

    def in_series(self, issues, name, slug):
        return issues.filter(series_id=self.series_pks[slug])

    def contributed_by(self, issues, name, organisation_pk):
        articles = Article.objects.filter(issue=OuterRef("pk"), organisations=organisation_pk)
        return issues.filter(Exists(articles))

    def mentioning(self, issues, name, keyword):
        """Issues with an article whose headline or text contains `keyword`, or its number.

        "2026年第1期", "总第290期", "290" also find the issue of that number
        (issues.selectors.number_query).

        Substring matching, which suits Chinese; on PostgreSQL the trigram
        indexes of portal's migration 0002 serve it.
        """
        keyword = keyword.strip()
        if not keyword:
            return issues
        articles = Article.objects.filter(issue=OuterRef("pk")).filter(
            Q(headline__icontains=keyword) | Q(body__icontains=keyword)
        )
        by_number = number_query(keyword)
        if by_number is not None:
            return issues.filter(Q(Exists(articles)) | by_number)
        return issues.filter(Exists(articles))

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
