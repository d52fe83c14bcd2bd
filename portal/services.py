"""What the portal records: receipts, and reminders to organisations that have none."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from issues.models import Issue
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
    organisation_id = selectors.viewer_organisation_id(user)
    if organisation_id is None or getattr(issue, "viewer_has_received", False):
        return None
    on_the_list = getattr(issue, "viewer_is_recipient", None)
    if on_the_list is None:
        on_the_list = issue.recipient_snapshot.filter(organisation_id=organisation_id).exists()
    if not on_the_list:
        return None
    receipt, created = Receipt.objects.get_or_create(
        issue=issue, organisation_id=organisation_id, defaults={"user": user}
    )
    return receipt if created else None


def send_receipt_reminders(issue: Issue, user, *, issue_url: str = "") -> int:
    """E-mail the members of every organisation on the list that has not yet received `issue`.

    For approvers only, and only for an issue recipients can already see.
    `issue_url` (absolute, e.g. from request.build_absolute_uri) is put in
    the message. Returns the number of e-mails sent.
    """
    if not (user.is_active and user.has_perm(REMINDER_PERMISSION)):
        raise PermissionDenied(_("Only approvers may send receipt reminders."))
    if not issue.is_visible_to_recipients:
        raise PermissionDenied(_("Recipients cannot see this issue yet."))
    waiting = [
        line.organisation.pk for line in selectors.receipt_status(issue) if not line.received
    ]
    members = (
        get_user_model()
        .objects.filter(membership__organisation__in=waiting, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    subject = _("Please receive %(issue)s") % {"issue": issue}
    lines = [
        _(
            "%(issue)s (issued %(date)s) has been published for your organisation "
            "and has not been received yet. Please log in to the portal and download it."
        )
        % {"issue": issue, "date": f"{issue.issue_date:%Y年%-m月%-d日}"},
    ]
    if issue_url:
        lines.append(issue_url)
    body = "\n\n".join(lines)
    messages = [EmailMessage(subject, body, to=[member.email]) for member in members]
    if not messages:
        return 0
    with get_connection() as connection:
        sent = connection.send_messages(messages)
    return sent or 0
