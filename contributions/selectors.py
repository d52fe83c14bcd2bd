"""Reads of reports: what a contributor sees, and the office's statistics."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contributions.models import PointsRule, Report
from issues.models import Article, Issue, Series
from organisations.models import Organisation
from portal.selectors import issues_visible_to


def reports_of_organisation(organisation_id: int):
    return (
        Report.objects.of_organisation(organisation_id)
        .with_outcome()
        .order_by("-updated_at", "-pk")
    )


def with_outcomes(reports, user) -> list[Report]:
    """`reports`, each with `outcome_text` and `outcome_url` (see outcome()); one query more."""
    reports = list(reports)
    issue_ids = {report.article.issue_id for report in reports if report.article_id}
    readable = set(
        issues_visible_to(user).filter(pk__in=issue_ids).values_list("pk", flat=True)
        if issue_ids
        else ()
    )
    for report in reports:
        report.outcome_text, report.outcome_url = outcome(report, readable)
    return reports


def outcome(report: Report, readable_issue_ids=frozenset()) -> tuple[str, str]:
    """What the contributor reads as the report's status, and a link where it has one.

    Once the issue it was adopted into is published: 已采用：2026年第3期（总第292期）,
    linked to the issue in the portal when the contributor may read it there.
    """
    issue = report.adopted_issue
    if (
        report.status == Report.Status.ADOPTED
        and issue is not None
        and issue.is_visible_to_recipients
    ):
        url = ""
        if issue.pk in readable_issue_ids:
            url = reverse("portal:issue", args=[issue.series.slug, issue.year, issue.number])
        return _("Adopted: %(issue)s") % {"issue": issue.issue_line}, url
    return report.get_status_display(), ""


# --- Statistics ------------------------------------------------------------------------------


@dataclass
class OrganisationFigures:
    organisation: Organisation
    submitted: int = 0
    adopted: int = 0
    lead: int = 0
    points: Decimal = Decimal(0)
    rank: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Adopted per submitted, in per cent with one decimal; None when nothing was sent."""
        if not self.submitted:
            return None
        return (Decimal(100) * self.adopted / self.submitted).quantize(Decimal("0.1"))


@dataclass
class Statistics:
    series: Series
    start: datetime.date
    end: datetime.date
    rule: PointsRule
    rows: list[OrganisationFigures]

    @property
    def totals(self) -> OrganisationFigures:
        total = OrganisationFigures(organisation=None)
        for row in self.rows:
            total.submitted += row.submitted
            total.adopted += row.adopted
            total.lead += row.lead
            total.points += row.points
        return total


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def report_statistics(series: Series, start: datetime.date, end: datetime.date, rule=None):
    """Per organisation, for issues of `series` dated `start`–`end` (both included), ranked.

    - submitted: reports first sent in the period, plus the historical credits below;
    - adopted: reports adopted into issues published in the period (by issue date),
      plus, for articles no report of the organisation is linked to (issues made
      before reports came through the system), one per article the organisation is
      credited with;
    - lead: credited articles that are the first of their issue (头条);
    - points: the rule's points per adopted report, a lead article's in its place.

    Five queries, whatever the number of reports.
    """
    rule = rule or PointsRule.current()
    submitted = dict(
        Report.objects.filter(
            series=series,
            first_submitted_at__gte=_day_start(start),
            first_submitted_at__lt=_day_start(end + datetime.timedelta(days=1)),
        )
        .values_list("organisation")
        .annotate(count=Count("pk"))
        .order_by()
    )
    published = {
        "article__issue__series": series,
        "article__issue__status": Issue.Status.PUBLISHED,
        "article__issue__issue_date__gte": start,
        "article__issue__issue_date__lte": end,
    }
    adopted = dict(
        Report.objects.filter(status=Report.Status.ADOPTED, **published)
        .values_list("organisation")
        .annotate(count=Count("pk"))
        .order_by()
    )
    # Credits are bounded by the articles of the period, not by the reports: few rows.
    credits = Article.organisations.through.objects.filter(**published)
    has_report = Report.objects.filter(
        article=OuterRef("article_id"), organisation=OuterRef("organisation_id")
    )
    first_positions = dict(
        Article.objects.filter(
            **{key.removeprefix("article__"): value for key, value in published.items()}
        )
        .values_list("issue")
        .annotate(first=Min("position"))
        .order_by()
    )
    credited = defaultdict(lambda: [0, 0])  # organisation: [historical, lead]
    for organisation_id, issue_id, position, reported in credits.values_list(
        "organisation_id", "article__issue_id", "article__position", Exists(has_report)
    ):
        credited[organisation_id][0] += not reported
        credited[organisation_id][1] += position == first_positions[issue_id]
    counted = set(submitted) | set(adopted) | set(credited)
    organisations = Organisation.objects.filter(Q(is_active=True) | Q(pk__in=counted))
    rows = []
    for organisation in organisations:
        historical, lead = credited.get(organisation.pk, (0, 0))
        row = OrganisationFigures(
            organisation,
            submitted=submitted.get(organisation.pk, 0) + historical,
            adopted=adopted.get(organisation.pk, 0) + historical,
            lead=lead,
        )
        lead_counted = min(row.lead, row.adopted)
        row.points = (
            row.adopted - lead_counted
        ) * rule.adoption_points + lead_counted * rule.lead_points
        rows.append(row)
    rows.sort(
        key=lambda row: (
            -row.points,
            -row.adopted,
            -row.submitted,
            row.organisation.sort_order,
            row.organisation.name,
        )
    )
    for index, row in enumerate(rows):
        same_as_before = index and (row.points, row.adopted) == (
            rows[index - 1].points,
            rows[index - 1].adopted,
        )
        row.rank = rows[index - 1].rank if same_as_before else index + 1
    return Statistics(series, start, end, rule, rows)
