"""The portal's pages: thin views over portal.selectors and portal.services."""

import csv

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from organisations.models import Organisation
from portal import archive_cache, downloads, selectors, services
from portal.filters import ArchiveFilter

ARCHIVE_PAGE_SIZE = 20
CONTRIBUTIONS_PAGE_SIZE = 50


class CappedCountPaginator(Paginator):
    """Counts no further than `count_cap` results.

    On a large archive, counting every match of a common word is most of a
    search's time (each candidate article is read), while the page of
    results itself stops after twenty; the page then says "more than 1000".
    """

    count_cap = 1000

    @cached_property
    def count(self):
        return self.object_list[: self.count_cap + 1].count()

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.count_cap


def _page(paginator, number):
    """The requested page and, for a page that does not exist, a message instead."""
    try:
        return paginator.page(number or 1), ""
    except PageNotAnInteger:
        return None, _("“%(page)s” is not a page number.") % {"page": number}
    except EmptyPage:
        return None, _("There is no page %(page)s; the results fill %(count)d page(s).") % {
            "page": number,
            "count": paginator.num_pages,
        }


@require_safe
def archive(request):
    content, status = archive_cache.rendered_archive(request, lambda: _archive_content(request))
    return render(request, "portal/archive.html", {"content": content}, status=status)


def _archive_content(request) -> tuple[str, int]:
    """The archive's filters and the page of results, rendered, and the page's status."""
    issues = selectors.with_headlines(selectors.issues_visible_to(request.user))
    facets = selectors.archive_facets(request.user)
    filterset = ArchiveFilter(request.GET, queryset=issues, request=request, facets=facets)
    results = filterset.qs  # validates the filters, which is_filtering reads
    if filterset.is_filtering:
        paginator = CappedCountPaginator(results, ARCHIVE_PAGE_SIZE)
    else:
        paginator = Paginator(results, ARCHIVE_PAGE_SIZE)
        paginator.count = facets.issue_count  # known already: spares a count of the archive
    page, page_problem = _page(paginator, request.GET.get("page"))
    html = render_to_string(
        "portal/_archive_content.html",
        {"filter": filterset, "page": page, "page_problem": page_problem},
        request=request,
    )
    return html, 404 if page_problem else 200


@require_safe
def issue_detail(request, series_slug, year, number):
    issue = selectors.issue_visible_to(
        request.user, series_slug=series_slug, year=year, number=number
    )
    page = selectors.issue_page(request.user, issue)
    copies = downloads.downloads_of(request, issue)
    services.record_reading(issue, request.user)
    return render(
        request,
        "portal/issue.html",
        {
            "page": page,
            "issue": issue,
            "downloads": copies,
            "receipt": selectors.viewer_receipt(request.user, issue),
        },
    )


@require_POST
def acknowledge(request, series_slug, year, number):
    """The 签收 button of a recipient organisation's account."""
    issue = selectors.issue_visible_to(
        request.user, series_slug=series_slug, year=year, number=number
    )
    # The issue page then says when and by whom it was acknowledged.
    services.acknowledge(issue, request.user)
    return redirect(reverse("portal:issue", args=[series_slug, year, number]))


@require_safe
def issue_copy(request, series_slug, year, number, format_code):
    """An official copy (the PDF…) as stored at sign-off; a recipient's first download is a receipt.

    The issue page's link carries a grant, answered before this view
    (portal.downloads); any other download makes its checks here.
    """
    issue = selectors.issue_visible_to(
        request.user, series_slug=series_slug, year=year, number=number
    )
    copy = issue.official_copy(format_code)
    if copy is None:
        raise Http404
    return downloads.pdf_response(
        request,
        downloads.OfficialFile.of(issue, copy),
        on_send=lambda: services.record_download(issue, request.user),
    )


@require_safe
def article_image(request, name):
    """A picture in an article, for those who may read its issue."""
    file = selectors.image_visible_to(request.user, name, request.GET.get("upload", ""))
    response = FileResponse(file.open("rb"))
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    year = _year(request.GET.get("year"))
    articles = selectors.contributions(organisation, request.user, year)
    paginator = Paginator(articles, CONTRIBUTIONS_PAGE_SIZE)
    page, page_problem = _page(paginator, request.GET.get("page"))
    return render(
        request,
        "portal/organisation.html",
        {
            "organisation": organisation,
            "years": selectors.contribution_years(organisation, request.user),
            "year": year,
            "page": page,
            "page_problem": page_problem,
            "can_export": selectors.sees_every_issue(request.user),
        },
        status=404 if page_problem else 200,
    )


@require_safe
def organisation_csv(request, pk):
    """The organisation's contributions as CSV for staff; UTF-8 with a BOM, for Excel."""
    if not selectors.sees_every_issue(request.user):
        raise Http404
    organisation = get_object_or_404(Organisation, pk=pk)
    year = _year(request.GET.get("year"))
    articles = selectors.contributions(organisation, request.user, year)
    suffix = f"-{year}" if year else ""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = _attachment(f"{organisation.name}{suffix}.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Series"),
            _("Year"),
            _("Number"),
            _("Cumulative number"),
            _("Issue date"),
            _("Headline"),
            _("Contributing organisations"),
        ]
    )
    for article in articles:
        issue = article.issue
        writer.writerow(
            [
                issue.series.title.replace(" ", ""),
                issue.year,
                issue.number,
                issue.cumulative_number,
                issue.issue_date.isoformat() if issue.issue_date else "",
                article.headline,
                "、".join(o.name for o in article.organisations.all()),
            ]
        )
    return response


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 9999 else None


def _attachment(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename)
