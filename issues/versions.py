"""Versions of an issue's content, stored with django-reversion, and the content as states.

A version holds the issue's own fields, its articles (text, order, sources,
organisations) and its distribution list with the recipients. The workflow
services record one at every submission, return, take-back and sign-off and at
every change of a draft (admin save, Word import, reordering).
"""

from dataclasses import dataclass, field

import reversion
from django.utils import formats
from reversion.models import Version

from issues.models import Article, Issue, IssueVersion, Series
from organisations.models import DistributionList, Organisation, Recipient, Role

ISSUE_FIELDS = ("series", "issue_date", "distribution_list", "print_count", "editor_note")
# Versions stored before a field existed read it as empty.
ARTICLE_TEXT_FIELDS = ("headline", "subheadline", "byline", "source", "editor_note", "body")


def register_versioned_models() -> None:
    if reversion.is_registered(Issue):
        return
    reversion.register(Issue, follow=["articles", "distribution_list"], exclude=["updated_at"])
    reversion.register(Article)
    reversion.register(DistributionList, follow=["recipients"])
    reversion.register(Recipient)


def record_version(
    issue: Issue, user, kind: str, *, skip_if_unchanged=False
) -> IssueVersion | None:
    """Store the issue's content as it is now; inside the caller's transaction.

    With `skip_if_unchanged`, a save that changed nothing adds no version (and
    so does not count as a change for the optimistic lock).
    """
    if skip_if_unchanged:
        latest = latest_version(issue)
        if latest is not None and state_of_version(latest) == state_of_issue(issue):
            return None
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(IssueVersion.Kind(kind).label)
        reversion.add_meta(IssueVersion, issue=issue, kind=kind)
        reversion.add_to_revision(issue)
    return latest_version(issue)


def latest_version(issue: Issue) -> IssueVersion | None:
    return (
        IssueVersion.objects.filter(issue=issue)
        .select_related("revision__user")
        .order_by("-pk")
        .first()
    )


def version_token(issue: Issue) -> int:
    """What a form remembers to find out later whether someone changed the issue meanwhile."""
    latest = IssueVersion.objects.filter(issue=issue).order_by("-pk").values("pk").first()
    return latest["pk"] if latest else 0


def versions_of(issue: Issue):
    """All versions of the issue, newest first, with who made them."""
    return IssueVersion.objects.filter(issue=issue).select_related("revision__user").order_by("-pk")


def latest_reviewed_version(issue: Issue, before: IssueVersion | None = None):
    """The version an approver last saw and handed back (returned or took back)."""
    reviewed = IssueVersion.objects.filter(issue=issue, kind__in=IssueVersion.REVIEWED_KINDS)
    if before is not None:
        reviewed = reviewed.filter(pk__lt=before.pk)
    return reviewed.select_related("revision__user").order_by("-pk").first()


def previous_version(version: IssueVersion) -> IssueVersion | None:
    return (
        IssueVersion.objects.filter(issue_id=version.issue_id, pk__lt=version.pk)
        .select_related("revision__user")
        .order_by("-pk")
        .first()
    )


def version_authors(issue: Issue) -> set[int]:
    """Ids of the users who changed the issue's content (saves and Word imports)."""
    return set(
        IssueVersion.objects.filter(issue=issue, kind__in=IssueVersion.EDITING_KINDS)
        .exclude(revision__user=None)
        .values_list("revision__user_id", flat=True)
    )


@dataclass(frozen=True)
class ArticleState:
    key: int
    headline: str
    subheadline: str
    source: str
    body: str
    organisations: tuple[str, ...]
    byline: str = ""
    editor_note: str = ""


@dataclass(frozen=True)
class IssueState:
    """The content of an issue as the approver reads it: display values, articles in order."""

    fields: dict[str, str] = field(default_factory=dict)
    recipients: tuple[str, ...] = ()
    articles: tuple[ArticleState, ...] = ()


def _display_date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _recipient_line(role: str, name: str) -> str:
    return f"{Role(role).label}：{name}"


def state_of_issue(issue: Issue) -> IssueState:
    """The issue's content as it stands in the database now."""
    issue = Issue.objects.select_related("series", "distribution_list").get(pk=issue.pk)
    recipients = ()
    if issue.distribution_list_id is not None:
        recipients = tuple(
            _recipient_line(r.role, r.display_name)
            for r in issue.distribution_list.recipients.in_print_order().select_related(
                "organisation"
            )
        )
    articles = issue.articles.order_by("position", "pk").prefetch_related("organisations")
    return IssueState(
        fields={
            "series": issue.series.title,
            "issue_date": _display_date(issue.issue_date),
            "distribution_list": issue.distribution_list.name if issue.distribution_list else "",
            "print_count": "" if issue.print_count is None else str(issue.print_count),
            "editor_note": issue.editor_note,
        },
        recipients=recipients,
        articles=tuple(
            ArticleState(
                key=article.pk,
                headline=article.headline,
                subheadline=article.subheadline,
                source=article.source,
                body=article.body,
                organisations=tuple(sorted(o.name for o in article.organisations.all())),
                byline=article.byline,
                editor_note=article.editor_note,
            )
            for article in articles
        ),
    )


def state_of_version(version: IssueVersion) -> IssueState:
    """The issue's content as stored in `version`."""
    stored = {}
    for item in Version.objects.filter(revision_id=version.revision_id).select_related(
        "content_type"
    ):
        stored.setdefault(item.content_type.model_class(), []).append(item.field_dict)
    issue_data = next((d for d in stored.get(Issue, []) if d["id"] == version.issue_id), None) or {
        "series_id": None,
        "issue_date": None,
        "distribution_list_id": None,
        "print_count": None,
    }
    list_data = next(
        (
            d
            for d in stored.get(DistributionList, [])
            if d["id"] == issue_data["distribution_list_id"]
        ),
        None,
    )
    recipient_data = [
        d
        for d in stored.get(Recipient, [])
        if d["distribution_list_id"] == issue_data["distribution_list_id"]
    ]
    article_data = sorted(stored.get(Article, []), key=lambda d: (d["position"], d["id"]))
    organisation_ids = {pk for d in article_data for pk in d.get("organisations", [])}
    organisation_ids |= {d["organisation_id"] for d in recipient_data if d["organisation_id"]}
    names = dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"))
    series_title = (
        Series.objects.filter(pk=issue_data["series_id"]).values_list("title", flat=True).first()
        or ""
    )
    rank = {role: position for position, role in enumerate(Role.print_order())}
    recipient_data.sort(key=lambda d: (rank.get(d["role"], 9), d["position"], d["id"]))
    return IssueState(
        fields={
            "series": series_title,
            "issue_date": _display_date(issue_data["issue_date"]),
            "distribution_list": list_data["name"] if list_data else "",
            "print_count": ""
            if issue_data["print_count"] is None
            else str(issue_data["print_count"]),
            "editor_note": issue_data.get("editor_note", ""),
        },
        recipients=tuple(
            _recipient_line(
                d["role"],
                names.get(d["organisation_id"], "") if d["organisation_id"] else d["free_text"],
            )
            for d in recipient_data
        ),
        articles=tuple(
            ArticleState(
                key=d["id"],
                headline=d["headline"],
                subheadline=d["subheadline"],
                source=d["source"],
                body=d["body"],
                organisations=tuple(sorted(names.get(pk, "") for pk in d.get("organisations", []))),
                byline=d.get("byline", ""),
                editor_note=d.get("editor_note", ""),
            )
            for d in article_data
        ),
    )
