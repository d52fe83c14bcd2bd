"""What issues does when something it builds on changes, and the audit line of a sign-off."""

from django.db.models import ProtectedError, Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from issues.models import Issue, IssueEvent
from organisations.models import Organisation
from organisations.signals import deleting, deletion_forbidden
from security import audit


def named_on_signed_off_issues(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Those of `organisations` named on an article or a recipient line of a signed-off issue."""
    frozen = Issue.FROZEN_STATUSES
    return organisations.filter(
        Q(articles__issue__status__in=frozen)
        | Q(
            pk__in=Issue.objects.filter(status__in=frozen).values(
                "recipient_snapshot__organisation"
            )
        )
    ).distinct()


@receiver(deleting, sender=Organisation)
def refuse_deleting_organisations_named_on_signed_off_issues(sender, organisations, **kwargs):
    """A signed-off issue names its organisations for good: deactivate them instead."""
    named = list(named_on_signed_off_issues(organisations)[:5])
    if named:
        raise ProtectedError(
            _(
                "%(names)s appear(s) in signed-off issues and cannot be deleted; "
                "deactivate it instead (untick “active”)."
            )
            % {"names": "、".join(organisation.name for organisation in named)},
            set(named),
        )


@receiver(deletion_forbidden, sender=Organisation)
def organisations_named_on_signed_off_issues(sender, organisations, **kwargs):
    """The admin's delete page lists them as protected."""
    return named_on_signed_off_issues(organisations)


@receiver(post_save, sender=IssueEvent, dispatch_uid="issues.receivers.audit_sign_off")
def audit_sign_off(sender, instance, created, raw=False, **kwargs):
    """The audit log's sign-off line (security.audit), once the sign-off commits."""
    if not created or raw or instance.action != IssueEvent.Action.SIGN_OFF:
        return
    audit.record(
        "sign-off",
        event="sign_off",
        issue=instance.issue_id,
        user=instance.user_id,
        username=instance.user.get_username() if instance.user_id else None,
    )
