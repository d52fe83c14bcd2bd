"""E-mails about workflow steps, sent once the step is committed.

A mail that cannot be sent is logged and otherwise ignored: the step it
reports has happened either way. The mails are in the office's language
(settings.LANGUAGE_CODE), whoever took the step.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def notify_submitted(issue) -> None:
    approvers = (
        get_user_model()
        .objects.with_perm(
            "issues.sign_off_issue",
            is_active=True,
            include_superusers=False,
            # Permissions live in the model backend; others (log-in throttling) hold none.
            backend="organisations.backends.MemberBackend",
        )
        .exclude(email="")
    )
    if issue.submitted_by_id:
        # Four eyes: the submitter cannot sign it off anyway.
        approvers = approvers.exclude(pk=issue.submitted_by_id)
    _send_after_commit(
        issue,
        [approver.email for approver in approvers],
        lambda: (
            _("Waiting for your sign-off: %(issue)s") % {"issue": issue},
            _("%(user)s submitted %(issue)s for review.\n\n%(url)s")
            % {"user": _name(issue.submitted_by), "issue": issue, "url": issue.get_admin_url()},
        ),
    )


def notify_returned(issue, comment: str) -> None:
    submitter = issue.submitted_by
    _send_after_commit(
        issue,
        [submitter.email] if submitter and submitter.email else [],
        lambda: (
            _("Returned for changes: %(issue)s") % {"issue": issue},
            _(
                "%(issue)s was returned for changes. The approver's comment:\n\n"
                "%(comment)s\n\n%(url)s"
            )
            % {"issue": issue, "comment": comment, "url": issue.get_admin_url()},
        ),
    )


def notify_signed_off(issue) -> None:
    people = {user for user in (issue.created_by, issue.submitted_by) if user and user.email}
    _send_after_commit(
        issue,
        sorted(user.email for user in people),
        lambda: (
            _("Signed off: %(issue)s") % {"issue": issue},
            _("%(user)s signed off the issue; its numbers are %(issue_line)s.\n\n%(url)s")
            % {
                "user": _name(issue.signed_off_by),
                "issue_line": issue.issue_line,
                "url": issue.get_admin_url(),
            },
        ),
    )


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _send_after_commit(issue, addresses: list[str], compose) -> None:
    """Send one mail per address after the transaction commits; `compose` gives subject and body."""
    if not addresses:
        return

    def send():
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = compose()
            messages = [EmailMessage(subject, body, to=[address]) for address in addresses]
            get_connection().send_messages(messages)
        except Exception:
            logger.exception("Could not e-mail %s about issue %s.", addresses, issue.pk)

    transaction.on_commit(send)
