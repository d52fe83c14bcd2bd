"""What the portal records: receipts, and reminders to organisations that have none."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from issues import notifications
from issues.models import Issue
from notices.services import queue_mail
from portal import selectors
from portal.models import Receipt

# Who may send receipt reminders: the approvers.
REMINDER_PERMISSION = "issues.sign_off_issue"


def record_download(issue: Issue, user) -> Receipt | None:
    """Record the first download of `issue` by an organisation on its list (签收).

    `issue` is one `user` may see. selectors.issue_visible_to() annotates it
    with whether the user's organisation is on the list and has received it
    already; without those, the database is asked. Later downloads, staff
    without an organisation and readers of a public series leave no receipt.
    Returns the receipt this download created, or None.
    """
    return _record_receipt(issue, user, Receipt.Method.DOWNLOAD)


def record_reading(issue: Issue, user) -> Receipt | None:
    """Opening the issue page is a receipt where the series says so (receipt_on_reading)."""
    if not issue.series.receipt_on_reading:
        return None
    return _record_receipt(issue, user, Receipt.Method.READING)


def acknowledge(issue: Issue, user) -> Receipt:
    """The 签收 button: the user's organisation acknowledges `issue`; returns its receipt.

    Raises PermissionDenied when the user's organisation is not on the list.
    An organisation that has a receipt already keeps the first one.
    """
    organisation_id = selectors.viewer_organisation_id(user)
    if organisation_id is None or not _is_on_the_list(issue, organisation_id):
        raise PermissionDenied(_("Your organisation is not on this issue's list."))
    receipt, _created = Receipt.objects.get_or_create(
        issue=issue,
        organisation_id=organisation_id,
        defaults={"user": user, "method": Receipt.Method.BUTTON},
    )
    return receipt


def _record_receipt(issue: Issue, user, method: str) -> Receipt | None:
    organisation_id = selectors.viewer_organisation_id(user)
    if organisation_id is None or getattr(issue, "viewer_has_received", False):
        return None
    if not _is_on_the_list(issue, organisation_id):
        return None
    receipt, created = Receipt.objects.get_or_create(
        issue=issue, organisation_id=organisation_id, defaults={"user": user, "method": method}
    )
    return receipt if created else None


def _is_on_the_list(issue: Issue, organisation_id: int) -> bool:
    """Whether the organisation is on the issue's signed-off list: annotated, or asked."""
    on_the_list = getattr(issue, "viewer_is_recipient", None)
    if on_the_list is None:
        on_the_list = issue.recipient_snapshot.filter(organisation_id=organisation_id).exists()
    return on_the_list


def send_receipt_reminders(issue: Issue, user) -> int:
    """Queue a reminder to every organisation on the list that has not yet received `issue`.

    For approvers only, and only for an issue recipients can already see. The
    reminder goes to the organisation's contacts (its accounts when it has
    none), with the absolute link to the issue. Returns the number of e-mails queued.
    """
    if not (user.is_active and user.has_perm(REMINDER_PERMISSION)):
        raise PermissionDenied(_("Only approvers may send receipt reminders."))
    if not issue.is_visible_to_recipients:
        raise PermissionDenied(_("Recipients cannot see this issue yet."))
    waiting = [line.organisation for line in selectors.receipt_status(issue) if not line.received]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Please receive %(issue)s") % {"issue": issue}
        body = "\n\n".join(
            [
                _(
                    "%(issue)s (issued %(date)s) has been published for your organisation "
                    "and has not been received yet. Please log in to the portal and "
                    "acknowledge it (签收)."
                )
                % {"issue": issue, "date": f"{issue.issue_date:%Y年%-m月%-d日}"},
                notifications.portal_link(issue),
            ]
        )
        mails = queue_mail(
            recipients=notifications.contacts_of(waiting),
            subject=subject,
            body=body,
            related=issue,
            queued_by=user,
        )
    return len(mails)
