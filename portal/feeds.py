from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from issues.copies import formats as copy_formats
from portal import selectors
from portal.downloads import copy_path

FEED_LENGTH = 30


class SeriesFeed(Feed):
    """The published issues of one series, newest first, each with its official PDF."""

    feed_type = Atom1Feed

    def get_object(self, request, series_slug):
        self.request = request
        return get_object_or_404(selectors.series_visible_to(request.user), slug=series_slug)

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.headers["Vary"] = "Cookie"
        return response

    def title(self, series):
        return series.title.replace(" ", "")

    def subtitle(self, series):
        return series.compiler_line

    def link(self, series):
        return f"{reverse('portal:archive')}?series={series.slug}"

    def items(self, series):
        issues = selectors.issues_visible_to(self.request.user).filter(series=series)
        return selectors.with_headlines(issues).prefetch_related("official_copies")[:FEED_LENGTH]

    def item_title(self, issue):
        title = f"{issue.series.title.replace(' ', '')} {issue.issue_line}"
        if issue.status == issue.Status.REVOKED:
            title = _("%(title)s (revoked)") % {"title": title}
        return title

    def item_description(self, issue):
        return "；".join(article.headline for article in issue.headline_list)

    def item_link(self, issue):
        return issue_url(issue)

    def item_pubdate(self, issue):
        return issue.published_at

    def item_updateddate(self, issue):
        return issue.revoked_at or issue.published_at

    def item_enclosures(self, issue):
        """One enclosure per official copy, in the order of the registry: the PDF first."""
        enclosures = []
        for copy_format in copy_formats.formats():
            copy = issue.official_copy(copy_format.code)
            if copy is not None:
                url = self.request.build_absolute_uri(copy_path(issue, copy_format.code))
                enclosures.append(Enclosure(url, str(copy.size), copy_format.media_type))
        return enclosures


def issue_url(issue, name="portal:issue") -> str:
    return reverse(name, args=[issue.series.slug, issue.year, issue.number])
