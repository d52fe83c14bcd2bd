from django.contrib import admin
from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from issues import services
from issues.models import Article, Issue, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "compiling_office", "cumulative_number_start"]
    search_fields = ["title", "compiling_office"]
    prepopulated_fields = {}
    autocomplete_fields = ["default_distribution_list"]


class ArticleInline(admin.StackedInline):
    model = Article
    fields = ["position", "headline", "subheadline", "organisations", "source", "body"]
    autocomplete_fields = ["organisations"]
    classes = ["orderable-inline"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj and obj.articles.exists() else 1


class IssueYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Issue.objects.dates("issue_date", "year", order="DESC")
        return [(str(day.year), f"{day.year}年") for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(issue_date__year=int(self.value()))
        return queryset


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["issue_line_display", "series", "issue_date", "status", "article_count"]
    list_display_links = ["issue_line_display"]
    list_filter = [IssueYearFilter, "status", "series"]
    list_select_related = ["series"]
    search_fields = ["articles__headline", "articles__subheadline", "articles__body"]
    search_help_text = _("Words in headlines or article bodies")
    date_hierarchy = None
    autocomplete_fields = ["distribution_list"]
    readonly_fields = ["status", "numbers_display", "created_by", "created_at"]
    inlines = [ArticleInline]
    fieldsets = [
        (None, {"fields": ["series", "issue_date", "distribution_list", "print_count"]}),
        (_("Status"), {"fields": ["status", "numbers_display", "created_by", "created_at"]}),
    ]

    class Media:
        js = [reverse_lazy("javascript-catalog"), "issues/admin/orderable-inline.js"]
        css = {"all": ["issues/admin/orderable-inline.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        series = Series.objects.all()[:2]
        if "series" not in initial and len(series) == 1:
            initial["series"] = series[0].pk
        return initial

    @admin.display(description=_("issue"), ordering="cumulative_number")
    def issue_line_display(self, obj):
        return obj.issue_line

    @admin.display(description=_("numbers"))
    def numbers_display(self, obj):
        return obj.issue_line if obj.is_numbered else _("Assigned at sign-off")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.distribution_list_id is None:
            obj.distribution_list = obj.series.default_distribution_list
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.renumber_articles(form.instance)
