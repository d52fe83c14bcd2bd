"""Turns a parsed bulletin into an issue with its articles and recipients.

Every way seed text or a past issue enters the system (demo data, the
`import_bulletin` command) goes through `import_bulletin`, in one transaction.
"""

from dataclasses import dataclass, field
from html import escape

from django.db import transaction
from django.utils.translation import gettext as _

from issues.importing.text import ParsedArticle, ParsedBulletin
from issues.models import Article, Issue, Series
from organisations.models import DistributionList, Organisation, Recipient


@dataclass
class OrganisationResolver:
    """Finds organisations by full name, then short name; creates the missing ones."""

    created: list[Organisation] = field(default_factory=list)

    def get_or_create(self, name: str) -> Organisation:
        found = Organisation.objects.matching_name(name).first()
        if found:
            return found
        organisation = Organisation.objects.create(name=name)
        self.created.append(organisation)
        return organisation

    def find(self, name: str) -> Organisation | None:
        return Organisation.objects.matching_name(name).first()

    def named_in(self, text: str) -> list[Organisation]:
        """Known organisations whose full name appears in `text` (e.g. a headline)."""
        return [org for org in Organisation.objects.active() if org.name in text]


def body_html(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def build_distribution_list(
    name: str, parsed: ParsedBulletin, resolver: OrganisationResolver
) -> DistributionList:
    """A distribution list holding the bulletin's 报/送/发 block, in its order."""
    distribution_list = DistributionList.objects.create(name=name)
    Recipient.objects.bulk_create(
        [
            _recipient(
                distribution_list, position, parsed_recipient.role, parsed_recipient.name, resolver
            )
            for position, parsed_recipient in enumerate(parsed.recipients, start=1)
        ]
    )
    return distribution_list


def _recipient(distribution_list, position, role, name, resolver) -> Recipient:
    organisation = resolver.find(name)
    return Recipient(
        distribution_list=distribution_list,
        position=position,
        role=role,
        organisation=organisation,
        free_text="" if organisation else name,
    )


def _add_article(issue: Issue, position: int, parsed: ParsedArticle, resolver) -> Article:
    article = Article.objects.create(
        issue=issue,
        position=position,
        headline=parsed.headline,
        subheadline=parsed.subheadline,
        source=parsed.organisation,
        body=body_html(parsed.paragraphs),
    )
    if parsed.organisation:
        article.organisations.add(resolver.get_or_create(parsed.organisation))
    else:
        article.organisations.add(*resolver.named_in(f"{parsed.headline}{parsed.subheadline}"))
    return article


@dataclass
class ImportResult:
    issue: Issue
    created_organisations: list[Organisation]


@transaction.atomic
def import_bulletin(
    parsed: ParsedBulletin,
    *,
    series: Series,
    distribution_list: DistributionList | None = None,
    created_by=None,
) -> ImportResult:
    """Create a draft issue from `parsed`, with its articles in order.

    The distribution list defaults to the series' own list; numbering an
    imported issue (as a historical, already published one) is a separate
    step, `issues.services.record_historical_issue`.
    """
    if not parsed.articles:
        raise ValueError(_("The bulletin has no articles."))
    resolver = OrganisationResolver()
    issue = Issue.objects.create(
        series=series,
        issue_date=parsed.issue_date,
        print_count=parsed.print_count,
        distribution_list=distribution_list or series.default_distribution_list,
        created_by=created_by,
    )
    for position, parsed_article in enumerate(parsed.articles, start=1):
        _add_article(issue, position, parsed_article, resolver)
    return ImportResult(issue=issue, created_organisations=resolver.created)
