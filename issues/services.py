"""State changes of issues. Views, admin and commands call these; they hold the rules.

An issue moves draft → in review → signed off → published (→ revoked). Each
transition locks the issue row, checks the user's permission and the issue's
state, changes the issue and records an IssueEvent, all in one transaction:
a refused transition raises a WorkflowError and changes nothing.

Content (the issue's fields, its articles and their order) changes only in a
draft, through the content services below; each change and each review step
stores a version of the content (issues.versions), which is what the approver
compares and what the optimistic lock checks.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reversion.models import Revision

from issues import notifications, versions
from issues.copies import formats as copy_formats
from issues.exceptions import (
    ContentInReview,
    EditConflict,
    IssueFrozenError,
    IssueIncomplete,
    PdfNotMade,
    TransitionNotAllowed,
    WorkflowError,
    WorkflowPermissionDenied,
)
from issues.images import signed_uploads, upload_signature
from issues.importing.docx import _ImageStore
from issues.models import (
    FROZEN_MESSAGE,
    Article,
    ArticleComment,
    ArticleImage,
    Issue,
    IssueEvent,
    IssueRecipient,
    IssueVersion,
    OfficialCopy,
    Series,
)
from issues.pdf import render as pdf_render
from issues.pdf import storage as pdf_storage
from issues.workflow import (
    PUBLISH,
    RETURN,
    REVOKE,
    SIGN_OFF,
    SUBMIT,
    TAKE_BACK,
    WITHDRAW,
    authors,
    check_transition,
)
from organisations.models import Organisation, Role
from security import two_factor

logger = logging.getLogger(__name__)

Status = Issue.Status
Action = IssueEvent.Action
Kind = IssueVersion.Kind


def submission_problems(issue: Issue) -> list[str]:
    """Everything that keeps `issue` from being submitted; empty when it is complete."""
    problems = []
    articles = list(issue.articles.all())
    if not articles:
        problems.append(_("The issue has no articles."))
    for number, article in enumerate(articles, start=1):
        if not article.headline.strip():
            problems.append(_("Article %(number)d has no headline.") % {"number": number})
        if not _has_text(article.body):
            problems.append(_("Article %(number)d has no body text.") % {"number": number})
    if issue.issue_date is None:
        problems.append(_("The issue has no issue date."))
    if issue.distribution_list_id is None:
        problems.append(_("The issue has no distribution list."))
    elif not issue.distribution_list.recipients.filter(role__in=[Role.REPORT, Role.SEND]).exists():
        problems.append(_("The distribution list has no 报 or 送 entry."))
    else:
        problems.extend(pdf_render.distribution_problems(issue))
    return problems


def _has_text(body: str) -> bool:
    return bool(strip_tags(body).strip()) or "<img" in body


def _require_complete(issue: Issue) -> None:
    problems = submission_problems(issue)
    if problems:
        raise IssueIncomplete(problems)


def _locked(issue: Issue) -> Issue:
    """The issue's row, locked until the transaction ends, read after the lock was granted."""
    return Issue.objects.select_for_update().get(pk=issue.pk)


def _required_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError(message)
    return text


def submit(issue: Issue, user) -> Issue:
    """Draft → in review, when the issue is complete; approvers are told by e-mail."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(SUBMIT, locked, user)
        _require_complete(locked)
        locked.status = Status.IN_REVIEW
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.save()
        IssueEvent.record(locked, Action.SUBMIT, Status.DRAFT, user)
        versions.record_version(locked, user, Kind.SUBMITTED)
        notifications.notify_submitted(locked)
    issue.refresh_from_db()
    return issue


def withdraw(issue: Issue, user) -> Issue:
    """In review → draft, by the editor who submitted it; no comment needed."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(WITHDRAW, locked, user)
        locked.status = Status.DRAFT
        locked.save()
        IssueEvent.record(locked, Action.WITHDRAW, Status.IN_REVIEW, user)
    issue.refresh_from_db()
    return issue


def return_to_draft(
    issue: Issue, user, comment: str, article_comments: Sequence["ArticleRemark"] = ()
) -> Issue:
    """In review → draft, with the approver's comment for the editor.

    `article_comments` are remarks on single articles (or passages of them); they
    are kept with the version the approver returned.
    """
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(RETURN, locked, user)
        comment = _required_text(comment, _("Say what should be changed: a comment is required."))
        locked.status = Status.DRAFT
        locked.save()
        IssueEvent.record(locked, Action.RETURN, Status.IN_REVIEW, user, comment)
        version = versions.record_version(locked, user, Kind.RETURNED)
        _add_article_comments(locked, version, user, article_comments)
        notifications.notify_returned(locked, comment)
    issue.refresh_from_db()
    return issue


@dataclass(frozen=True)
class ArticleRemark:
    """An approver's comment on one article, optionally quoting the passage it is about."""

    article_id: int
    text: str
    passage: str = ""


def _add_article_comments(issue, version, user, remarks: Sequence[ArticleRemark]) -> None:
    headlines = dict(issue.articles.values_list("pk", "headline"))
    for remark in remarks:
        if remark.article_id not in headlines:
            raise WorkflowError(_("A comment names an article that is not in this issue."))
        if not remark.text.strip():
            continue
        ArticleComment.objects.create(
            issue=issue,
            article_id=remark.article_id,
            headline=headlines[remark.article_id],
            version=version,
            passage=remark.passage.strip(),
            text=remark.text.strip(),
            author=user,
        )


def resolve_article_comment(comment, user) -> None:
    """The editor marks an approver's comment as dealt with."""
    with transaction.atomic():
        issue = _locked(comment.issue)
        if not (user.has_perm("issues.change_issue") and issue.status == Status.DRAFT):
            raise WorkflowPermissionDenied(_("Comments are resolved by the editors of a draft."))
        comment.resolved_by = user
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved_by", "resolved_at"])


def take_back(issue: Issue, user, reason: str) -> Issue:
    """In review → draft, by an approver who wants to edit it; they become one of its authors.

    Recorded with its reason; another approver must then sign the issue off.
    """
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(TAKE_BACK, locked, user)
        reason = _required_text(reason, _("Say why you take the issue back."))
        locked.status = Status.DRAFT
        locked.save()
        IssueEvent.record(locked, Action.TAKE_BACK, Status.IN_REVIEW, user, reason)
        versions.record_version(locked, user, Kind.TAKEN_BACK)
    issue.refresh_from_db()
    return issue


def sign_off(issue: Issue, user) -> Issue:
    """In review → signed off: numbers, recipient snapshot and the official copies, or nothing.

    One official copy per registered format (issues.copies): the signed PDF.
    If anything fails after a copy was stored, the stored files are deleted
    again as the transaction rolls back.
    """
    stored_files = []
    try:
        with transaction.atomic():
            locked = _locked(issue)
            check_transition(SIGN_OFF, locked, user)
            if not two_factor.confirmed_for_sign_off(user):
                raise WorkflowPermissionDenied(
                    _(
                        "Signing off needs two-factor sign-in: sign in again and confirm it "
                        "with the code from your authenticator app."
                    )
                )
            _require_complete(locked)
            _assign_numbers(locked)
            _snapshot_recipients(locked)
            locked.status = Status.SIGNED_OFF
            locked.signed_off_by = user
            locked.signed_off_at = timezone.now()
            copies = _store_official_copies(locked, copy_formats.formats(), stored_files)
            locked.save()
            _record_official_copies(copies)
            IssueEvent.record(locked, Action.SIGN_OFF, Status.IN_REVIEW, user)
            versions.record_version(locked, user, Kind.SIGNED_OFF)
            notifications.notify_signed_off(locked)
    except BaseException:
        _delete_stored_files(stored_files)
        raise
    issue.refresh_from_db()
    return issue


def _assign_numbers(issue: Issue) -> None:
    """Next number in the issue's year and next cumulative number of its series.

    The series row lock makes concurrent sign-offs of one series take their
    turns; the unique constraints are the last line of defence.
    """
    series = Series.objects.select_for_update().get(pk=issue.series_id)
    issue.year, issue.number, issue.cumulative_number = next_numbers(issue, series)


def next_numbers(issue: Issue, series: Series | None = None) -> tuple[int, int, int]:
    """(year, number in year, cumulative number) the issue gets if signed off now."""
    series = series or issue.series
    numbered = Issue.objects.filter(series=series).numbered()
    year = issue.issue_date.year
    highest = numbered.aggregate(cumulative=Max("cumulative_number"))["cumulative"]
    highest_in_year = numbered.filter(year=year).aggregate(number=Max("number"))["number"]
    return year, (highest_in_year or 0) + 1, (highest or series.cumulative_number_start) + 1


def _snapshot_recipients(issue: Issue) -> None:
    """Copy the distribution list, so later edits of the shared list leave this issue alone."""
    entries = issue.distribution_list.recipients.in_print_order().select_related("organisation")
    IssueRecipient.objects.bulk_create(
        IssueRecipient(
            issue=issue,
            role=entry.role,
            organisation=entry.organisation,
            name=entry.display_name,
            position=position,
        )
        for position, entry in enumerate(entries, start=1)
    )


def _store_official_copies(
    issue: Issue, formats: Sequence[copy_formats.CopyFormat], stored_files: list[str]
) -> list[OfficialCopy]:
    """Render the numbered issue in each format, sign and store it; the copies, not yet saved.

    `stored_files` learns each stored name as it is written. The stored
    bytes are the signed bytes (unsigned when no office certificate is
    configured): downloads hand out exactly these.
    """
    copies = []
    made_at = timezone.now()
    for copy_format in formats:
        try:
            data, signature = copy_format.sign(copy_format.render(issue))
            name = pdf_storage.official_copy_name(
                issue, copy_format.code, copy_format.filename(issue)
            )
            name = pdf_storage.write_official_copy(name, data)
        except Exception as error:
            logger.exception(
                "The official %s of issue %s could not be made.", copy_format.code, issue.pk
            )
            raise PdfNotMade(
                _("The official PDF could not be made, so the issue was not signed off: %(error)s")
                % {"error": error}
            ) from error
        stored_files.append(name)
        copies.append(
            OfficialCopy(
                issue=issue,
                format=copy_format.code,
                file=name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                signer=signature.signer,
                signed_at=signature.signed_at,
                certificate_sha256=signature.certificate_sha256,
                made_at=made_at,
            )
        )
    return copies


def _record_official_copies(copies: list[OfficialCopy]) -> None:
    """Save the new copies, once their issue is stored as frozen."""
    for copy in copies:
        copy.save()


def _delete_stored_files(names: list[str]) -> None:
    for name in names:
        pdf_storage.delete_stored(name)


def make_missing_official_copies(issue: Issue) -> list[OfficialCopy]:
    """Make the official copies a signed-off issue lacks (all of an imported one's, say).

    Returns the copies made, in registry order; the copies an issue has, it
    keeps. All or nothing, as at sign-off.
    """
    stored_files = []
    try:
        with transaction.atomic():
            locked = _locked(issue)
            if not locked.is_frozen:
                return []
            made = set(locked.official_copies.values_list("format", flat=True))
            missing = [f for f in copy_formats.formats() if f.code not in made]
            copies = _store_official_copies(locked, missing, stored_files)
            _record_official_copies(copies)
    except BaseException:
        _delete_stored_files(stored_files)
        raise
    return copies


def publish(issue: Issue, user, at: datetime.datetime | None = None) -> Issue:
    """Signed off → published: recipients see it from `at` (default now; may be later)."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(PUBLISH, locked, user)
        now = timezone.now()
        if at is not None and at < now:
            raise TransitionNotAllowed(_("The publication time lies in the past."))
        locked.status = Status.PUBLISHED
        locked.published_by = user
        locked.published_at = at or now
        locked.record_on_frozen_issue("status", "published_by", "published_at")
        IssueEvent.record(locked, Action.PUBLISH, Status.SIGNED_OFF, user)
        notifications.notify_published(locked, queued_by=user)
    issue.refresh_from_db()
    return issue


def revoke(issue: Issue, user, reason: str) -> Issue:
    """Mark a published issue as revoked (作废); it keeps its numbers and stays listed."""
    with transaction.atomic():
        locked = _locked(issue)
        check_transition(REVOKE, locked, user)
        reason = _required_text(reason, _("Give the reason for revoking the issue."))
        locked.status = Status.REVOKED
        locked.revoked_by = user
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.record_on_frozen_issue("status", "revoked_by", "revoked_at", "revoke_reason")
        IssueEvent.record(locked, Action.REVOKE, Status.PUBLISHED, user, reason)
    issue.refresh_from_db()
    return issue


def record_historical_issue(
    issue: Issue, *, year: int, number: int, cumulative_number: int, user
) -> Issue:
    """Record an imported draft as the published past issue it was, with its printed numbers.

    Its official PDF is made afterwards, by `manage.py make_missing_pdfs`.
    """
    with transaction.atomic():
        locked = _locked(issue)
        if not user.has_perm(PUBLISH.permission):
            raise WorkflowPermissionDenied(
                _("Your role does not allow the step “%(action)s”.") % {"action": PUBLISH.label}
            )
        if locked.status != Status.DRAFT or locked.is_numbered:
            raise TransitionNotAllowed(
                _("Only an unnumbered draft can be recorded as a past issue.")
            )
        Series.objects.select_for_update().get(pk=locked.series_id)
        locked.year, locked.number, locked.cumulative_number = year, number, cumulative_number
        if locked.distribution_list_id is not None:
            _snapshot_recipients(locked)
        locked.status = Status.PUBLISHED
        locked.published_by = user
        # A past issue was published on its issue date, not on the day it was imported.
        locked.published_at = (
            timezone.make_aware(datetime.datetime.combine(locked.issue_date, datetime.time()))
            if locked.issue_date
            else timezone.now()
        )
        locked.save()
        IssueEvent.record(locked, Action.RECORD_HISTORICAL, Status.DRAFT, user)
    issue.refresh_from_db()
    return issue


def delete_historical_issue(issue: Issue, user) -> None:
    """Delete a past issue recorded by an import, so that a corrected import can replace it.

    The one way to delete a frozen issue, and only this kind: recorded as a past
    issue, never signed off in this system. Its official copies, if any were
    made, go with it (the database's cascade, the one deletion of copies), and
    their files once the deletion is committed.
    """
    with transaction.atomic():
        locked = _locked(issue)
        if not user.has_perm(PUBLISH.permission):
            raise WorkflowPermissionDenied(
                _("Your role does not allow the step “%(action)s”.") % {"action": PUBLISH.label}
            )
        actions = set(locked.events.values_list("action", flat=True))
        if Action.RECORD_HISTORICAL not in actions or Action.SIGN_OFF in actions:
            raise TransitionNotAllowed(
                _(
                    "%(issue)s was not imported as a past issue, or was signed off in this "
                    "system; it cannot be replaced."
                )
                % {"issue": locked}
            )
        stored_copies = list(locked.official_copies.values_list("file", flat=True))
        super(Issue, locked).delete()  # Model.delete(), past the freeze guard of Issue.delete()
        if stored_copies:
            transaction.on_commit(lambda: _delete_stored_files(stored_copies))


def reissue(
    issue: Issue, user, organisation: Organisation, role: str = Role.ISSUE
) -> IssueRecipient:
    """补发: add `organisation` to a published issue's circulation and send it the notice.

    The signed-off snapshot keeps its lines; the new line is added after them,
    recording who added it and when, and the history says so. The organisation
    sees the issue in the portal from then on.
    """
    with transaction.atomic():
        locked = _locked(issue)
        if not user.has_perm(PUBLISH.permission):
            raise WorkflowPermissionDenied(
                _("Your role does not allow the step “%(action)s”.")
                % {"action": Action.REISSUE.label}
            )
        if locked.status != Status.PUBLISHED:
            raise TransitionNotAllowed(_("Only a published issue can be sent to more recipients."))
        if locked.recipient_snapshot.filter(organisation=organisation).exists():
            raise TransitionNotAllowed(
                _("%(organisation)s is on this issue's list already.")
                % {"organisation": organisation}
            )
        last = locked.recipient_snapshot.aggregate(last=Max("position"))["last"] or 0
        line = IssueRecipient(
            issue=locked,
            role=role,
            organisation=organisation,
            name=organisation.name,
            position=last + 1,
            added_by=user,
            added_at=timezone.now(),
        )
        # Model.save() itself, past the freeze guard: the signed-off lines stay as they were.
        super(IssueRecipient, line).save()
        IssueEvent.record(locked, Action.REISSUE, Status.PUBLISHED, user, organisation.name)
        notifications.notify_published(locked, [organisation], queued_by=user)
    return line


def renumber_articles(issue: Issue) -> None:
    """Keep article positions 1…n in their chosen order, without gaps."""
    issue.articles.renumber()


# Content of a draft. Every change goes through one of these: they refuse
# issues in review (the approver reads what was submitted) and frozen ones,
# refuse a change based on an outdated form, and store a version.


def content_refusal(issue: Issue, user) -> WorkflowError | None:
    """Why `user` may not change the content of `issue` now, or None if they may."""
    if issue.is_frozen:
        return IssueFrozenError(FROZEN_MESSAGE)
    if issue.status == Status.IN_REVIEW:
        return ContentInReview(
            _(
                "This issue is in review: its content stays as submitted until it is "
                "returned. The editor who submitted it can withdraw it; an approver who "
                "wants to edit it takes it back to draft first."
            )
        )
    if not user.has_perm("issues.change_issue"):
        return WorkflowPermissionDenied(_("Your role does not allow changing issues."))
    return None


def check_content_editable(issue: Issue, user, based_on_version: int | None = None) -> None:
    """Raise unless `user` may change `issue` now, from a form showing `based_on_version`.

    `based_on_version` is issues.versions.version_token() as the form was
    opened; None skips the check of later changes.
    """
    refusal = content_refusal(issue, user)
    if refusal is not None:
        raise refusal
    if based_on_version is None:
        return
    latest = versions.latest_version(issue)
    if (latest.pk if latest else 0) != based_on_version:
        raise EditConflict(
            _(
                "%(user)s changed this issue on %(time)s, after you opened it, so your "
                "changes were not saved. What you typed is still below: copy it, open the "
                "issue again in a new tab to see the current version and make your changes "
                "there."
            )
            % {
                "user": _display_user(latest.user) if latest else _("Someone"),
                "time": formats.date_format(timezone.localtime(latest.at), "DATETIME_FORMAT")
                if latest
                else "",
            }
        )


def _display_user(user) -> str:
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.get_username()


def lock_for_editing(issue: Issue, user, based_on_version: int | None = None) -> Issue:
    """Lock the issue's row for the rest of the caller's transaction and check the change.

    For forms that validate before they save (the admin): called in the same
    transaction as save_content, nobody can change the issue in between.
    """
    locked = _locked(issue)
    check_content_editable(locked, user, based_on_version)
    return locked


def save_content(
    issue: Issue, user, write: Callable[[], None], *, based_on_version: int | None = None
) -> Issue:
    """Store a change of a draft made by `write` (e.g. saving forms) as one new version.

    A new issue (no pk yet) is created by `write`.
    """
    with transaction.atomic():
        if issue.pk is not None:
            lock_for_editing(issue, user, based_on_version)
        elif not user.has_perm("issues.add_issue"):
            raise WorkflowPermissionDenied(_("Your role does not allow adding issues."))
        write()
        _claim_uploaded_images(issue, user)
        renumber_articles(issue)
        versions.record_version(issue, user, Kind.SAVED, skip_if_unchanged=True)
    return issue


def upload_body_image(issue: Issue | None, user, upload) -> str:
    """Store a photo uploaded (or pasted, or dropped) into an article body; the address to show.

    `issue` is the one being edited, None for one not saved yet. The photo
    becomes an ArticleImage of the article that holds it when the issue is saved
    (save_content): until then the address shows it to the uploader alone.
    """
    if issue is None:
        if not user.has_perm("issues.add_issue"):
            raise WorkflowPermissionDenied(_("Your role does not allow adding issues."))
    else:
        refusal = content_refusal(issue, user)
        if refusal is not None:
            raise refusal
    return signed_upload_address(store_uploaded_image(upload), user)


def store_uploaded_image(upload) -> str:
    """Check an uploaded image as the Word import does and store it; its storage name.

    Raises a ValidationError naming the file when it is no image, too big or a
    decompression bomb; nothing is stored then.
    """
    limit = settings.BULLETIN_IMPORT_MAX_IMAGE_BYTES
    data = upload.read(limit + 1)
    return _ImageStore(upload.name).store(data, upload.name)


def signed_upload_address(name: str, user) -> str:
    """The address of the stored image `name` that shows it to `user` alone (the editor's)."""
    signature = upload_signature(name.removeprefix("issues/images/"), user)
    return f"{ArticleImage._meta.get_field('file').storage.url(name)}?upload={signature}"


def _claim_uploaded_images(issue: Issue, user) -> None:
    # The uploads `user` put into the bodies become the articles' images; the
    # marks that showed them before the save go.
    for article in issue.articles.filter(body__contains="?upload="):
        body, names = signed_uploads(article.body, user)
        if not names:
            continue
        article.body = body
        article.save(update_fields=["body"])
        known = set(article.images.values_list("file", flat=True))
        ArticleImage.objects.bulk_create(
            ArticleImage(article=article, file=name)
            for name in dict.fromkeys(names)
            if name not in known
        )


def add_article(
    issue: Issue,
    user,
    *,
    headline: str,
    body: str,
    subheadline: str = "",
    source: str = "",
    organisations: Sequence = (),
) -> Article:
    """Append an article to a draft, as its last one."""
    with transaction.atomic():
        locked = lock_for_editing(issue, user)
        article = Article.objects.create(
            issue=locked, headline=headline, subheadline=subheadline, source=source, body=body
        )
        article.organisations.add(*organisations)
        versions.record_version(locked, user, Kind.SAVED)
    return article


def extend_article(article: Article, user, *, body: str, organisations: Sequence = ()) -> Article:
    """Append `body` to an article of a draft, e.g. a 综合 piece built from several reports."""
    with transaction.atomic():
        locked = lock_for_editing(article.issue, user)
        article = Article.objects.select_for_update().get(pk=article.pk, issue=locked)
        article.body = f"{article.body}{body}"
        article.save()
        article.organisations.add(*organisations)
        versions.record_version(locked, user, Kind.SAVED)
    return article


def reorder_articles(issue: Issue, user, article_ids: Sequence[int]) -> None:
    """Put a draft's articles in the order of `article_ids` (all of them, each once)."""
    with transaction.atomic():
        locked = lock_for_editing(issue, user)
        articles = {article.pk: article for article in locked.articles.all()}
        if sorted(article_ids) != sorted(articles):
            raise WorkflowError(_("The new order must name every article of the issue once."))
        for position, pk in enumerate(article_ids, start=1):
            if articles[pk].position != position:
                articles[pk].position = position
                articles[pk].save(update_fields=["position"])
        versions.record_version(locked, user, Kind.SAVED, skip_if_unchanged=True)


def import_word_articles(issue: Issue, user, word_files):
    """Append one article per Word file to a draft: all of them, or none; one version."""
    # Imported here: the importers use these services themselves.
    from issues.importing.docx import append_word_articles

    with transaction.atomic():
        locked = lock_for_editing(issue, user)
        if not user.has_perm("issues.add_article"):
            raise WorkflowPermissionDenied(_("Your role does not allow adding articles."))
        imported = append_word_articles(locked, word_files)
        versions.record_version(locked, user, Kind.IMPORTED)
    return imported


def deletion_refusal(issue: Issue, user) -> WorkflowError | None:
    """Drafts are deleted by their editors and by administrators; nothing else is."""
    if user.is_active and user.is_superuser:
        allowed = issue.status == Status.DRAFT
    else:
        allowed = (
            issue.status == Status.DRAFT
            and user.has_perm("issues.delete_issue")
            and user.pk in authors(issue)
        )
    if allowed:
        return None
    if issue.is_frozen:
        return IssueFrozenError(FROZEN_MESSAGE)
    if issue.status != Status.DRAFT:
        return WorkflowPermissionDenied(
            _("Only drafts can be deleted; this issue is “%(status)s”.")
            % {"status": issue.get_status_display()}
        )
    return WorkflowPermissionDenied(
        _("Only the editors of this draft and administrators may delete it.")
    )


def delete_draft(issue: Issue, user) -> None:
    with transaction.atomic():
        locked = _locked(issue)
        refusal = deletion_refusal(locked, user)
        if refusal is not None:
            raise refusal
        revision_ids = list(locked.versions.values_list("revision_id", flat=True))
        locked.delete()
        # The stored versions go with the draft.
        Revision.objects.filter(pk__in=revision_ids).delete()
