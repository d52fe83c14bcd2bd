"""Turns a parsed bulletin into an issue with its articles and recipients.

Every way seed text or a past issue enters the system (demo data, the
`import_bulletin` command) goes through `import_issue`, in one transaction.
"""

import dataclasses
from dataclasses import dataclass, field
from html import escape

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from issues import services
from issues.importing.text import (
    MASTHEAD_FACTS,
    ORGANISATION_ENDINGS,
    ParsedArticle,
    ParsedBulletin,
)
from issues.models import Article, Issue, Series
from organisations.models import DistributionList, Organisation, Recipient

# What a past issue needs to be recorded with its printed numbers.
FACTS_OF_A_PAST_ISSUE = ("year", "number", "cumulative_number", "issue_date")


class ImportRefused(ValueError):
    """The bulletin cannot be imported as asked; nothing was written."""


class MissingFacts(ImportRefused):
    """The masthead lacks facts a past issue needs; `facts` names them (ParsedBulletin fields)."""

    def __init__(self, facts: list[str]):
        super().__init__(facts)
        self.facts = facts


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

    def recipient(self, name: str) -> Organisation | None:
        """The organisation a 报/送/发 name stands for; None for a group such as 各快递企业."""
        if names_one_organisation(name):
            return self.get_or_create(name)
        return self.find(name)

    def named_in(self, text: str) -> list[Organisation]:
        """Known organisations whose full name appears in `text` (e.g. a headline)."""
        return [org for org in Organisation.objects.active() if org.name in text]


def names_one_organisation(name: str) -> bool:
    """Whether a recipient name is one organisation, not a group (各…, A、B、C)."""
    return name.endswith(ORGANISATION_ENDINGS) and not name.startswith("各") and "、" not in name


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
    organisation = resolver.recipient(name)
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
    resolver: OrganisationResolver | None = None,
) -> ImportResult:
    """Create a draft issue from `parsed`, with its articles in order.

    The distribution list defaults to the series' own list; numbering an
    imported issue (as a historical, already published one) is a separate
    step, `issues.services.record_historical_issue`.
    """
    if not parsed.articles:
        raise ValueError(_("The bulletin has no articles."))
    resolver = resolver or OrganisationResolver()
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


class AlreadyImported(ImportRefused):
    """The series already has this past issue; `issue` is the one there."""

    def __init__(self, issue: Issue):
        super().__init__(issue)
        self.issue = issue


def with_facts(parsed: ParsedBulletin, **facts) -> ParsedBulletin:
    """`parsed` with the facts given (those not None) in place of the masthead's."""
    given = {name: value for name, value in facts.items() if value is not None}
    updated = dataclasses.replace(parsed, **given)
    missing = tuple(name for name in MASTHEAD_FACTS if getattr(updated, name) is None)
    return dataclasses.replace(updated, missing=missing)


@transaction.atomic
def import_issue(
    parsed: ParsedBulletin, *, series: Series, user, as_draft: bool = False, replace: bool = False
) -> ImportResult:
    """Import `parsed` as the published past issue it was, or as an unnumbered draft.

    A past issue keeps its printed numbers, so the series' numbering counts on
    after it. One the series already has (same year and number, or same
    cumulative number) is refused, unless `replace`: then the imported one is
    deleted first; an issue signed off in this system is never replaced.
    """
    if not as_draft:
        missing = [fact for fact in FACTS_OF_A_PAST_ISSUE if getattr(parsed, fact) is None]
        if missing:
            raise MissingFacts(missing)
        _make_room(parsed, series, user, replace=replace)
    resolver = OrganisationResolver()
    result = import_bulletin(
        parsed,
        series=series,
        distribution_list=distribution_list_for(parsed, series, resolver),
        created_by=user,
        resolver=resolver,
    )
    if not as_draft:
        services.record_historical_issue(
            result.issue,
            year=parsed.year,
            number=parsed.number,
            cumulative_number=parsed.cumulative_number,
            user=user,
        )
    return result


def _make_room(parsed: ParsedBulletin, series: Series, user, *, replace: bool) -> None:
    same_issue = Q(year=parsed.year, number=parsed.number) | Q(
        cumulative_number=parsed.cumulative_number
    )
    for existing in series.issues.filter(same_issue):
        if not replace:
            raise AlreadyImported(existing)
        old_list = existing.distribution_list
        services.delete_historical_issue(existing, user)
        _delete_if_unused(old_list)


def _delete_if_unused(distribution_list: DistributionList | None) -> None:
    if distribution_list is None or distribution_list.issues.exists():
        return
    if not Series.objects.filter(default_distribution_list=distribution_list).exists():
        distribution_list.delete()


def distribution_list_for(
    parsed: ParsedBulletin, series: Series, resolver: OrganisationResolver
) -> DistributionList | None:
    """The series' default list when the bulletin's recipients are the same, else a new list."""
    default = series.default_distribution_list
    if not parsed.recipients or (default and _same_recipients(default, parsed, resolver)):
        return default
    return build_distribution_list(_unused_list_name(series, parsed), parsed, resolver)


def _same_recipients(
    distribution_list: DistributionList, parsed: ParsedBulletin, resolver: OrganisationResolver
) -> bool:
    """Same roles and the same organisations (or free-text names), in the same order."""
    listed = [
        (entry.role, entry.organisation_id or entry.free_text)
        for entry in distribution_list.recipients.in_print_order()
    ]
    printed = []
    for recipient in parsed.recipients:
        organisation = resolver.find(recipient.name)
        printed.append((recipient.role, organisation.pk if organisation else recipient.name))
    return listed == printed


def _unused_list_name(series: Series, parsed: ParsedBulletin) -> str:
    if parsed.number is not None:
        label = f"{parsed.year}年第{parsed.number}期"
    else:
        label = parsed.issue_date.isoformat() if parsed.issue_date else "草稿"
    base = f"{series.title} {label} 报送名单"
    name, copy = base, 1
    while DistributionList.objects.filter(name=name).exists():
        copy += 1
        name = f"{base}（{copy}）"
    return name
