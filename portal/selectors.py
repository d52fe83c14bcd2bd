"""What the portal shows, and to whom; and, for the admin's home page, what waits for whom.

issues_visible_to() is the one visibility rule: every page, the feed and the
download start from it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.http import Http404

from issues.images import is_signed_upload
from issues.models import Article, ArticleImage, Issue, IssueEvent, IssueRecipient, Series
from organisations.models import Membership, Organisation
from portal.models import Receipt


def viewer_organisation_id(user) -> int | None:
    """The organisation a recipient account belongs to (loaded with the user: MemberBackend)."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership.organisation_id
    except Membership.DoesNotExist:
        return None


def sees_every_issue(user) -> bool:
    return user.is_active and user.is_staff


def issues_visible_to(user) -> QuerySet[Issue]:
    """The issues `user` may read and download in the portal.

    Published (or later revoked) issues whose publish time has come — a
    scheduled issue appears by itself at its time — and of those: all for
    staff; for everyone else the issues of public series, plus, for a
    recipient account, the issues whose recipients (the list as signed off)
    include its organisation. Drafts, issues in review and signed-off issues
    never appear.
    """
    issues = Issue.objects.visible_to_recipients()
    if sees_every_issue(user):
        return issues
    organisation_id = viewer_organisation_id(user)
    if organisation_id is None:
        return issues.filter(series__is_public=True)
    return issues.filter(Q(series__is_public=True) | _on_the_list_of(organisation_id))


def image_visible_to(user, name: str, upload_signature: str = "") -> FieldFile:
    """The article image stored as issues/images/`name`, if `user` may read its issue; else 404.

    Staff who may view issues see the images of every issue, drafts included
    (the admin shows them); everyone else those of the issues the portal shows them.
    A photo uploaded into an editor shows to its uploader through the signature
    its address carries (issues.images.upload_signature), before it is saved.
    """
    if is_signed_upload(name, user, upload_signature):
        file = ArticleImage(file=f"issues/images/{name}").file
        if not file.storage.exists(file.name):
            raise Http404
        return file
    images = ArticleImage.objects.filter(file=f"issues/images/{name}")
    if not (user.is_active and user.is_staff and user.has_perm("issues.view_issue")):
        images = images.filter(article__issue__in=issues_visible_to(user))
    image = images.first()
    if image is None:
        raise Http404
    return image.file


def audience(user) -> str:
    """Who `user` is to issues_visible_to(): "staff", "organisation-<pk>" or "public".

    Users of one audience see exactly the same issues (the archive's cache
    relies on it); it follows issues_visible_to() case by case.
    """
    if sees_every_issue(user):
        return "staff"
    organisation_id = viewer_organisation_id(user)
    if organisation_id is None:
        return "public"
    return f"organisation-{organisation_id}"


def _on_the_list_of(organisation_id: int) -> Q:
    # An IN over the organisation's recipient rows, read once per query: a
    # correlated EXISTS per issue may walk the organisation's index instead.
    received = IssueRecipient.objects.filter(organisation_id=organisation_id)
    return Q(pk__in=received.values("issue_id"))


def series_visible_to(user) -> QuerySet[Series]:
    """Public series, and those of which `user` may read at least one issue."""
    if sees_every_issue(user):
        return Series.objects.all()
    readable = issues_visible_to(user).filter(series=OuterRef("pk"))
    return Series.objects.filter(Q(is_public=True) | Exists(readable))


FILTER_LISTS_CACHE_KEY = "portal:filter-lists:1"
# A safety net only: portal.signals drops the lists when a series or an organisation changes.
FILTER_LISTS_TIMEOUT = 15 * 60


def filter_lists() -> dict[str, list[tuple]]:
    """Every series as (pk, slug, title, is_public) and organisation as (pk, name), in order.

    The archive's filters list them on every request, and they change
    seldom: they come from the shared cache, as plain tuples.
    """
    lists = cache.get(FILTER_LISTS_CACHE_KEY)
    if lists is None:
        lists = {
            "series": list(Series.objects.values_list("pk", "slug", "title", "is_public")),
            "organisations": list(Organisation.objects.values_list("pk", "name")),
        }
        cache.set(FILTER_LISTS_CACHE_KEY, lists, FILTER_LISTS_TIMEOUT)
    return lists


def forget_filter_lists() -> None:
    """Drop the cached lists: now, and again at commit (see portal.signals)."""
    _delete_filter_lists()
    transaction.on_commit(_delete_filter_lists)


def _delete_filter_lists() -> None:
    cache.delete(FILTER_LISTS_CACHE_KEY)


@dataclass(frozen=True)
class ArchiveFacets:
    """What the archive's filters offer a user, and how many issues the user may see."""

    series: list[tuple[int, str, str]]  # pk, slug, title
    organisations: list[tuple[int, str]]  # pk, name
    years: list[int]
    issue_count: int


def archive_facets(user) -> ArchiveFacets:
    """The archive's choices and its unfiltered size, drawn from the issues `user` may see.

    Series and years come from one grouped query over the visible issues, the
    contributing organisations from one over their articles; names from the
    cache. A filter never offers what would find nothing the viewer may read,
    nor names bodies that appear in no issue the viewer may see.
    """
    visible = issues_visible_to(user).order_by()
    groups = list(visible.values("series_id", "year").annotate(issues=Count("pk")))
    readable = {group["series_id"] for group in groups}
    contributing = set(
        Article.organisations.through.objects.filter(article__issue__in=visible.values("pk"))
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    lists = filter_lists()
    return ArchiveFacets(
        series=[
            (pk, slug, title) for pk, slug, title, _is_public in lists["series"] if pk in readable
        ],
        organisations=[(pk, name) for pk, name in lists["organisations"] if pk in contributing],
        years=sorted({group["year"] for group in groups}, reverse=True),
        issue_count=sum(group["issues"] for group in groups),
    )


def with_headlines(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """Issues with their series and their articles' headlines (not the bodies) for lists."""
    headlines = Article.objects.only("pk", "issue_id", "position", "headline").order_by(
        "position", "pk"
    )
    return issues.select_related("series").prefetch_related(
        Prefetch("articles", queryset=headlines, to_attr="headline_list")
    )


def issue_visible_to(user, *, series_slug: str, year: int, number: int) -> Issue:
    """The issue at /<series>/<year>/<number>/, or Http404 if `user` may not see it.

    Annotated with `viewer_is_recipient` and `viewer_has_received`, for the
    receipt of a download.
    """
    try:
        return (
            issues_visible_to(user)
            .annotate(
                viewer_is_recipient=_viewer_is_recipient(user),
                viewer_has_received=_viewer_has_received(user),
            )
            .select_related("series")
            .prefetch_related("official_copies")
            .get(series__slug=series_slug, year=year, number=number)
        )
    except Issue.DoesNotExist:
        raise Http404 from None


def _viewer_is_recipient(user):
    """Whether the user's organisation is on an issue's list: its download is a receipt."""
    organisation_id = viewer_organisation_id(user)
    if organisation_id is None:
        return Value(False)
    return ExpressionWrapper(_on_the_list_of(organisation_id), output_field=BooleanField())


def _viewer_has_received(user):
    """Whether the user's organisation has a receipt for an issue already."""
    organisation_id = viewer_organisation_id(user)
    if organisation_id is None:
        return Value(False)
    return Exists(Receipt.objects.filter(issue=OuterRef("pk"), organisation_id=organisation_id))


@dataclass(frozen=True)
class IssuePage:
    issue: Issue
    articles: list[Article]
    recipients_by_role: list[tuple[str, list[str]]]
    previous: Issue | None
    next: Issue | None


def issue_page(user, issue: Issue) -> IssuePage:
    """Everything the issue page shows, in five queries whatever the issue's size."""
    articles = list(issue.articles.prefetch_related("organisations").order_by("position", "pk"))
    rows: dict[str, list[str]] = {}
    labels = {}
    for recipient in issue.recipients_for_print():
        label = recipient.get_role_display()
        labels[recipient.role] = label
        rows.setdefault(recipient.role, []).append(recipient.display_name)
    siblings = issues_visible_to(user).filter(series_id=issue.series_id).order_by()
    previous = (
        siblings.filter(cumulative_number__lt=issue.cumulative_number)
        .order_by("-cumulative_number")
        .only("pk", "series_id", "year", "number", "cumulative_number")
        .first()
    )
    following = (
        siblings.filter(cumulative_number__gt=issue.cumulative_number)
        .order_by("cumulative_number")
        .only("pk", "series_id", "year", "number", "cumulative_number")
        .first()
    )
    for neighbour in (previous, following):
        if neighbour is not None:
            neighbour.series = issue.series
    return IssuePage(
        issue=issue,
        articles=articles,
        recipients_by_role=[(role, names) for role, names in rows.items()],
        previous=previous,
        next=following,
    )


def contributions(organisation: Organisation, user, year: int | None = None) -> QuerySet[Article]:
    """The articles `organisation` contributed to issues `user` may see, newest issue first."""
    articles = Article.objects.filter(
        organisations=organisation, issue__in=issues_visible_to(user).order_by().values("pk")
    )
    if year is not None:
        articles = articles.filter(issue__year=year)
    return (
        articles.select_related("issue__series")
        .prefetch_related("organisations")
        .defer("body")
        .order_by("-issue__issue_date", "-issue__cumulative_number", "issue_id", "position")
    )


def contribution_years(organisation: Organisation, user) -> list[int]:
    return list(
        issues_visible_to(user)
        .filter(articles__organisations=organisation)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class ReceiptLine:
    organisation: Organisation
    roles: list[str]
    received_at: datetime | None = None
    received_by: str = ""

    @property
    def received(self) -> bool:
        return self.received_at is not None


def receipt_status(issue: Issue) -> list[ReceiptLine]:
    """For every organisation on the issue's list, in print order: received or not yet.

    Free-text recipients (e.g. 各快递企业) are no organisation and have no receipt.
    Two queries.
    """
    receipts = {
        receipt.organisation_id: receipt
        for receipt in Receipt.objects.filter(issue=issue).select_related("user")
    }
    lines: dict[int, ReceiptLine] = {}
    for recipient in issue.recipients_for_print().select_related("organisation"):
        if recipient.organisation_id is None:
            continue
        line = lines.get(recipient.organisation_id)
        if line is not None:
            line.roles.append(recipient.get_role_display())
            continue
        receipt = receipts.get(recipient.organisation_id)
        lines[recipient.organisation_id] = ReceiptLine(
            organisation=recipient.organisation,
            roles=[recipient.get_role_display()],
            received_at=receipt.received_at if receipt else None,
            received_by=_user_label(receipt.user) if receipt and receipt.user else "",
        )
    return list(lines.values())


def viewer_receipt(user, issue: Issue) -> Receipt | bool | None:
    """The receipt of the viewer's organisation for `issue`; False when it is not on the list.

    None: on the list and not received yet, so the page offers the 签收 button.
    """
    organisation_id = viewer_organisation_id(user)
    on_the_list = getattr(issue, "viewer_is_recipient", None)
    if organisation_id is None or on_the_list is False:
        return False
    if (
        on_the_list is None
        and not issue.recipient_snapshot.filter(organisation_id=organisation_id).exists()
    ):
        return False
    return (
        Receipt.objects.filter(issue=issue, organisation_id=organisation_id)
        .select_related("user")
        .first()
    )


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def with_receipt_counts(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """`issues` annotated with the organisations on each one's list and how many have received it.

    recipient_organisation_count and received_count, 0 when there are none.
    """
    organisations = (
        IssueRecipient.objects.filter(issue=OuterRef("pk"), organisation__isnull=False)
        .order_by()
        .values("issue")
        .annotate(count=Count("organisation", distinct=True))
        .values("count")
    )
    receipts = (
        Receipt.objects.filter(issue=OuterRef("pk"))
        .order_by()
        .values("issue")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return issues.annotate(
        recipient_organisation_count=Coalesce(Subquery(organisations), 0),
        received_count=Coalesce(Subquery(receipts), 0),
    )


# The admin index lists at most this many issues per heading.
WAITING_LIST_LENGTH = 20


@dataclass
class WaitingWork:
    """The admin home page of one user: what waits for them, by their role."""

    in_review: list[Issue] = field(default_factory=list)  # the approver's queue
    returned_drafts: list[Issue] = field(default_factory=list)  # with return_comment
    drafts: list[Issue] = field(default_factory=list)  # the editor's own, not returned
    submitted: list[Issue] = field(default_factory=list)  # the editor's, in review
    to_publish: list[Issue] = field(default_factory=list)  # signed off, not yet published
    receipts_outstanding: list[Issue] = field(default_factory=list)  # published, not all 签收

    def __bool__(self):
        return any(
            (
                self.in_review,
                self.returned_drafts,
                self.drafts,
                self.submitted,
                self.to_publish,
                self.receipts_outstanding,
            )
        )


def _listed(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """Issues as a home-page list names them: series, and drafts by their lead headline."""
    return issues.select_related("series").with_lead_headline()


def work_waiting_for(user) -> WaitingWork:
    """What waits for `user`, by role: one query per list, however many issues there are.

    Editors: their drafts, those returned with the approver's comment, those
    in review. Approvers: the issues waiting for sign-off. Publishers: the
    signed-off issues waiting to be published, and the published ones that
    organisations on their list have not yet acknowledged.
    """
    work = WaitingWork()
    if user.has_perm("issues.sign_off_issue"):
        work.in_review = list(
            _listed(Issue.objects.filter(status=Issue.Status.IN_REVIEW))
            .select_related("submitted_by")
            .order_by("submitted_at", "pk")[:WAITING_LIST_LENGTH]
        )
    if user.has_perm("issues.submit_issue"):
        latest_event = IssueEvent.objects.filter(issue=OuterRef("pk")).order_by("-at", "-pk")
        own_drafts = _listed(
            Issue.objects.filter(status=Issue.Status.DRAFT).filter(
                Q(created_by=user) | Q(submitted_by=user)
            )
        ).annotate(
            latest_action=Subquery(latest_event.values("action")[:1]),
            return_comment=Subquery(latest_event.values("comment")[:1]),
        )
        work.returned_drafts = list(
            own_drafts.filter(latest_action=IssueEvent.Action.RETURN).order_by(
                "-updated_at", "-pk"
            )[:WAITING_LIST_LENGTH]
        )
        work.drafts = list(
            own_drafts.filter(
                Q(latest_action__isnull=True) | ~Q(latest_action=IssueEvent.Action.RETURN)
            ).order_by("-updated_at", "-pk")[:WAITING_LIST_LENGTH]
        )
        if not user.has_perm("issues.sign_off_issue"):
            work.submitted = list(
                _listed(
                    Issue.objects.filter(status=Issue.Status.IN_REVIEW, submitted_by=user)
                ).order_by("submitted_at", "pk")[:WAITING_LIST_LENGTH]
            )
    if user.has_perm("issues.publish_issue"):
        work.to_publish = list(
            _listed(Issue.objects.filter(status=Issue.Status.SIGNED_OFF))
            .select_related("signed_off_by")
            .order_by("signed_off_at", "pk")[:WAITING_LIST_LENGTH]
        )
        published = Issue.objects.visible_to_recipients().filter(status=Issue.Status.PUBLISHED)
        work.receipts_outstanding = list(
            with_receipt_counts(published)
            .filter(received_count__lt=F("recipient_organisation_count"))
            .select_related("series")
            .order_by("-published_at", "-pk")[:WAITING_LIST_LENGTH]
        )
    return work
