"""State changes of reports. Views and the admin parse their input and call these.

A report moves draft → submitted → adopted / not adopted, or → returned →
(revised) submitted again. Each step locks the report's row, checks who may
take it and from which state, changes the report and records a ReportEvent,
in one transaction; a refused step raises a ReportError and changes nothing.
Adoption writes into an issue only while that issue is a draft.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from contributions.exceptions import ReportError, ReportPermissionDenied
from contributions.models import Report, ReportEvent, ReportImage
from contributions.notifications import Notice, notify
from contributions.roles import contributor_organisation_id
from issues import services as issue_services
from issues.exceptions import WorkflowError
from issues.images import signed_uploads
from issues.models import Article, ArticleImage, Issue

Status = Report.Status
Action = ReportEvent.Action


@dataclass(frozen=True)
class AttachedDocument:
    """A Word file read into a report's text: the stored .docx and the images taken from it."""

    document: str
    images: tuple[str, ...] = ()


# --- The contributor's steps -----------------------------------------------------------------


def _check_contributor(report: Report, user) -> None:
    if contributor_organisation_id(user) != report.organisation_id:
        raise ReportPermissionDenied(
            _("Only contributors of the organisation may change this report.")
        )


def submission_problems(report: Report) -> list[str]:
    """What keeps `report` from being sent to the office; empty when it is complete."""
    problems = []
    if not report.headline.strip():
        problems.append(_("The report has no headline."))
    if not _has_text(report.body):
        problems.append(_("The report has no text: write it or upload a Word file."))
    if not report.contact_name.strip():
        problems.append(_("Give a contact person."))
    if not report.contact_phone.strip():
        problems.append(_("Give a contact phone number."))
    return problems


def _has_text(body: str) -> bool:
    return bool(strip_tags(body or "").strip()) or "<img" in (body or "")


def save_report(
    report: Report, user, *, submit: bool = False, attached: AttachedDocument | None = None
) -> Report:
    """Store a contributor's new or changed report (and the Word file it was read from).

    With `submit`, the report is sent to the office in the same transaction.
    """
    with transaction.atomic():
        if report.pk is not None:
            stored = Report.objects.select_for_update().get(pk=report.pk)
            if stored.status not in Report.EDITABLE_STATUSES:
                raise ReportError(
                    _("The report is “%(status)s” and can no longer be changed.")
                    % {"status": stored.get_status_display()}
                )
            report.status = stored.status
        else:
            report.author = user
        _check_contributor(report, user)
        if attached is not None:
            report.source_document.name = attached.document
        report.save()
        if attached is not None:
            ReportImage.objects.bulk_create(
                ReportImage(report=report, file=name) for name in attached.images
            )
        _claim_uploaded_images(report, user)
        if submit:
            _submit(report, user)
    return report


def autosave_report(report: Report, user) -> Report:
    """Save a contributor's draft as it stands on their screen (static/core/autosave.js).

    Drafts only: a returned report is saved when its contributor says so, since
    the office reads it again as it is sent.
    """
    stored = Report.objects.filter(pk=report.pk).values_list("status", flat=True).first()
    if report.pk is None or stored != Status.DRAFT:
        raise ReportError(_("Only drafts are saved automatically; save the report yourself."))
    return save_report(report, user)


def upload_report_image(report: Report | None, user, upload) -> str:
    """Store a photo uploaded (or pasted, or dropped) into a report's text; the address to show.

    `report` is the one being edited, None for one not saved yet. The photo
    becomes a ReportImage when the report is saved (save_report): until then the
    address shows it to the uploader alone.
    """
    if report is None:
        if contributor_organisation_id(user) is None:
            raise ReportPermissionDenied(_("Only contributors may write reports."))
    else:
        _check_contributor(report, user)
        if not report.is_editable:
            raise ReportError(
                _("The report is “%(status)s” and can no longer be changed.")
                % {"status": report.get_status_display()}
            )
    return issue_services.signed_upload_address(issue_services.store_uploaded_image(upload), user)


def _claim_uploaded_images(report: Report, user) -> None:
    # The photos `user` uploaded into the text become the report's images; the
    # marks that showed them in the editor go.
    body, names = signed_uploads(report.body, user)
    if not names:
        return
    report.body = body
    report.save(update_fields=["body"])
    known = set(report.images.values_list("file", flat=True))
    ReportImage.objects.bulk_create(
        ReportImage(report=report, file=name) for name in dict.fromkeys(names) if name not in known
    )


def delete_draft(report: Report, user) -> None:
    """Delete a draft that was never sent, with the files read into it."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _check_contributor(locked, user)
        if locked.status != Status.DRAFT or locked.first_submitted_at is not None:
            raise ReportError(_("Only a draft that was never sent can be deleted."))
        files = [image.file for image in locked.images.all()]
        if locked.source_document:
            files.append(locked.source_document)
        locked.delete()
        transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])


def submit_report(report: Report, user) -> Report:
    """Draft or returned → submitted; the office is told."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _check_contributor(locked, user)
        _submit(locked, user)
    report.refresh_from_db()
    return report


def _submit(report: Report, user) -> None:
    if report.status not in Report.EDITABLE_STATUSES:
        raise ReportError(
            _("The report is “%(status)s”; only drafts and returned reports can be sent.")
            % {"status": report.get_status_display()}
        )
    problems = submission_problems(report)
    if problems:
        raise ReportError(problems)
    from_status = report.status
    now = timezone.now()
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save(update_fields=["status", "submitted_at", "first_submitted_at", "updated_at"])
    action = Action.RESUBMIT if from_status == Status.RETURNED else Action.SUBMIT
    ReportEvent.record(report, action, from_status, user)
    notify(report, Notice.SUBMITTED)


# --- The office's steps ----------------------------------------------------------------------


def _check_office(user) -> None:
    if not (user.is_active and user.is_staff and user.has_perm("contributions.handle_report")):
        raise ReportPermissionDenied(_("Your role does not allow handling reports."))


def _locked_submitted(report: Report, user) -> Report:
    _check_office(user)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != Status.SUBMITTED:
        raise ReportError(
            _("The report is “%(status)s”; only submitted reports can be handled.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReportError(message)
    return text


def return_report(report: Report, user, comment: str) -> Report:
    """Submitted → returned, with what the contributor should change."""
    with transaction.atomic():
        locked = _locked_submitted(report, user)
        comment = _required(comment, _("Say what should be changed: a comment is required."))
        locked.status = Status.RETURNED
        locked.save(update_fields=["status", "updated_at"])
        ReportEvent.record(locked, Action.RETURN, Status.SUBMITTED, user, comment)
        notify(locked, Notice.RETURNED, comment)
    report.refresh_from_db()
    return report


def decline_report(report: Report, user, reason: str) -> Report:
    """Submitted → not adopted, with the reason (typed, or one of the standard reasons)."""
    with transaction.atomic():
        locked = _locked_submitted(report, user)
        reason = _required(reason, _("Give the reason for not adopting the report."))
        locked.status = Status.DECLINED
        locked.save(update_fields=["status", "updated_at"])
        ReportEvent.record(locked, Action.DECLINE, Status.SUBMITTED, user, reason)
        notify(locked, Notice.DECLINED, reason)
    report.refresh_from_db()
    return report


def adopt_report(
    report: Report, user, issue: Issue, *, article: Article | None = None, comment: str = ""
) -> Article:
    """Submitted → adopted: a new article at the end of the draft `issue`, or appended to `article`.

    Appending builds a 综合 piece from several reports: the report's headline
    and text follow the article's text, and every adopted report stays linked
    to the article. The article is the office's from here on.
    """
    with transaction.atomic():
        locked = _locked_submitted(report, user)
        needed = "issues.change_article" if article else "issues.add_article"
        if not user.has_perm(needed):
            raise ReportPermissionDenied(
                _("Your role does not allow changing the issue's articles.")
            )
        locked_issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked_issue.status != Issue.Status.DRAFT:
            raise ReportError(
                _("%(issue)s is “%(status)s”: reports can be adopted only into a draft.")
                % {"issue": locked_issue, "status": locked_issue.get_status_display()}
            )
        if locked_issue.series_id != locked.series_id:
            raise ReportError(
                _("The report was sent to %(series)s; choose an issue of that bulletin.")
                % {"series": locked.series}
            )
        if article is not None and article.issue_id != locked_issue.pk:
            raise ReportError(_("The article chosen is not in the issue chosen."))
        # Through the issue's own services: drafts only, never during review, a version kept.
        try:
            if article is None:
                article = issue_services.add_article(
                    locked_issue,
                    user,
                    headline=locked.headline,
                    body=locked.body,
                    organisations=[locked.organisation_id],
                )
            else:
                article = issue_services.extend_article(
                    article,
                    user,
                    body=f"<p><strong>{escape(locked.headline)}</strong></p>{locked.body}",
                    organisations=[locked.organisation_id],
                )
        except WorkflowError as error:
            raise ReportError(error.messages) from error
        ArticleImage.objects.bulk_create(
            ArticleImage(article=article, file=image.file.name) for image in locked.images.all()
        )
        locked.status = Status.ADOPTED
        locked.article = article
        locked.save(update_fields=["status", "article", "updated_at"])
        ReportEvent.record(locked, Action.ADOPT, Status.SUBMITTED, user, comment, article=article)
        notify(locked, Notice.ADOPTED)
    report.refresh_from_db()
    return article


def reopen_reports_of_deleted_article(article: Article) -> None:
    """Reports adopted into an article being deleted from its draft go back to the inbox."""
    for report in Report.objects.select_for_update().filter(article=article, status=Status.ADOPTED):
        report.status = Status.SUBMITTED
        report.article = None
        report.save(update_fields=["status", "article", "updated_at"])
        ReportEvent.record(report, Action.ARTICLE_DELETED, Status.ADOPTED, None, article.headline)
