"""E-mails about reports: the one way contributions tells anybody anything.

`notify()` is the single entry point; the workflow services call it inside
their transaction and it queues the mail (notices.services.queue_mail), which
leaves once the step is committed and is retried if the mail server fails.
The mails are in the office's language (settings.LANGUAGE_CODE).
"""

from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notices.services import absolute_url, queue_mail


class Notice(Enum):
    SUBMITTED = "submitted"  # to the office
    RETURNED = "returned"  # to the author, from here on
    DECLINED = "declined"
    ADOPTED = "adopted"
    PUBLISHED = "published"


def notify(report, notice: Notice, comment: str = "") -> None:
    """Tell whoever must know that `report` reached `notice`; queued, sent after commit."""
    if notice is Notice.SUBMITTED:
        addresses = _office_addresses()
    else:
        addresses = [report.author.email] if report.author.email else []
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(report, notice, comment)
    queue_mail(recipients=addresses, subject=subject, body=body, related=report)


def _office_addresses() -> list[str]:
    handlers = (
        get_user_model()
        .objects.with_perm(
            "contributions.handle_report",
            is_active=True,
            include_superusers=False,
            backend="organisations.backends.MemberBackend",
        )
        .exclude(email="")
    )
    return sorted(handlers.values_list("email", flat=True))


def _link(path: str) -> str:
    return absolute_url(path)


def _compose(report, notice: Notice, comment: str) -> tuple[str, str]:
    names = {"headline": report.headline, "organisation": report.organisation.name}
    portal_link = _link(reverse("contributions:detail", args=[report.pk]))
    if notice is Notice.SUBMITTED:
        return (
            _("New report from %(organisation)s: %(headline)s") % names,
            _("%(organisation)s sent the report “%(headline)s”.\n\n%(url)s")
            % {
                **names,
                "url": _link(reverse("admin:contributions_report_change", args=[report.pk])),
            },
        )
    if notice is Notice.RETURNED:
        return (
            _("Your report was returned for changes: %(headline)s") % names,
            _(
                "The office returned your report “%(headline)s” for changes:\n\n%(comment)s\n\n"
                "Revise it and send it again: %(url)s"
            )
            % {**names, "comment": comment, "url": portal_link},
        )
    if notice is Notice.DECLINED:
        return (
            _("Your report was not adopted: %(headline)s") % names,
            _("The office did not adopt your report “%(headline)s”:\n\n%(comment)s\n\n%(url)s")
            % {**names, "comment": comment, "url": portal_link},
        )
    issue = report.adopted_issue
    if notice is Notice.ADOPTED:
        return (
            _("Your report was adopted: %(headline)s") % names,
            _(
                "The office adopted your report “%(headline)s” for %(series)s. You will be "
                "told again when the issue is published.\n\n%(url)s"
            )
            % {**names, "series": issue.series.title, "url": portal_link},
        )
    return (
        _("Published: your report in %(issue)s") % {"issue": issue.issue_line},
        _("Your report “%(headline)s” was published in %(series)s %(issue)s.\n\n%(url)s")
        % {
            **names,
            "series": issue.series.title,
            "issue": issue.issue_line,
            "url": portal_link,
        },
    )
