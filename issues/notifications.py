"""E-mails about issues: workflow steps for the staff, notices for the recipients.

Each is queued with notices.services.queue_mail in the transaction of its
step, and sent by the worker once that step has committed: a step that rolls
back sends nothing, and a slow mail server never holds it up. The mails are in
the office's language (settings.LANGUAGE_CODE), whoever took the step; their
links are absolute (settings.SITE_URL).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notices.services import Addressee, absolute_url, queue_mail
from organisations.models import Contact, Organisation


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
    with translation.override(settings.LANGUAGE_CODE):
        _queue_to_users(
            issue,
            approvers,
            _("Waiting for your sign-off: %(issue)s") % {"issue": issue},
            _("%(user)s submitted %(issue)s for review.\n\n%(url)s")
            % {"user": user_name(issue.submitted_by), "issue": issue, "url": _admin_link(issue)},
            queued_by=issue.submitted_by,
        )


def notify_returned(issue, comment: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _queue_to_users(
            issue,
            [issue.submitted_by] if issue.submitted_by else [],
            _("Returned for changes: %(issue)s") % {"issue": issue},
            _(
                "%(issue)s was returned for changes. The approver's comment:\n\n"
                "%(comment)s\n\n%(url)s"
            )
            % {"issue": issue, "comment": comment, "url": _admin_link(issue)},
        )


def notify_signed_off(issue) -> None:
    people = {user for user in (issue.created_by, issue.submitted_by) if user}
    with translation.override(settings.LANGUAGE_CODE):
        _queue_to_users(
            issue,
            sorted(people, key=lambda user: user.pk),
            _("Signed off: %(issue)s") % {"issue": issue},
            _("%(user)s signed off the issue; its numbers are %(issue_line)s.\n\n%(url)s")
            % {
                "user": user_name(issue.signed_off_by),
                "issue_line": issue.issue_line,
                "url": _admin_link(issue),
            },
            queued_by=issue.signed_off_by,
        )


def notify_published(issue, organisations=None, *, queued_by=None) -> int:
    """Tell the contacts of each organisation on the issue's list that it is out.

    `organisations` narrows the notice to some (a 补发). A scheduled issue's
    notice waits for its time. Returns the number of mails queued.
    """
    if organisations is None:
        organisations = Organisation.objects.filter(
            pk__in=issue.recipient_snapshot.exclude(organisation=None).values("organisation")
        )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New issue: %(issue)s") % {"issue": issue}
        text = [
            _(
                "%(issue)s (issued %(date)s) has been published for your organisation. "
                "Read or download it in the portal, and acknowledge it there (签收):"
            )
            % {"issue": issue, "date": _chinese_date(issue.issue_date)},
            portal_link(issue),
        ]
        # The official PDF copy: the one format every mail program opens.
        pdf = issue.official_copy("pdf") if issue.series.attach_pdf_to_notices else None
        if pdf:
            text.append(_("The official PDF is attached."))
        mails = queue_mail(
            recipients=contacts_of(organisations),
            subject=subject,
            body="\n\n".join(text),
            related=issue,
            attachment=pdf.file if pdf else None,
            attachment_filename=_pdf_filename(issue),
            queued_by=queued_by or issue.published_by,
            send_after=issue.published_at if issue.published_at > timezone.now() else None,
        )
    return len(mails)


def contacts_of(organisations) -> list[Addressee]:
    """Who hears for each organisation: its contacts, or its accounts when it has none."""
    organisation_ids = {organisation.pk for organisation in organisations}
    contacts = list(
        Contact.objects.receiving_notices()
        .filter(organisation__in=organisation_ids)
        .order_by("organisation", "pk")
    )
    covered = {contact.organisation_id for contact in contacts}
    addressees = [Addressee(contact.email, contact.name) for contact in contacts]
    members = (
        get_user_model()
        .objects.filter(
            membership__organisation__in=organisation_ids - covered,
            is_active=True,
        )
        .exclude(email="")
        .order_by("membership__organisation", "pk")
    )
    addressees += [Addressee(member.email, member.get_full_name()) for member in members]
    return addressees


def portal_link(issue) -> str:
    return absolute_url(reverse("portal:issue", args=[issue.series.slug, issue.year, issue.number]))


def user_name(user) -> str:
    """A real name where the account has one, else the user name."""
    return (user.get_full_name() or user.get_username()) if user else "—"


def _admin_link(issue) -> str:
    return absolute_url(issue.get_admin_url())


def _chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _pdf_filename(issue) -> str:
    from issues.pdf.render import pdf_filename

    return pdf_filename(issue)


def _queue_to_users(issue, users, subject: str, body: str, queued_by=None) -> None:
    queue_mail(
        recipients=[Addressee(user.email, user.get_full_name()) for user in users if user.email],
        subject=subject,
        body=body,
        related=issue,
        queued_by=queued_by,
    )
