"""The audit log: a line per sign-in, failed sign-in, sign-out, sign-off and permission change.

The lines go to the "audit" logger (JSON in production), which
docs/deploy.md keeps apart from the other logs, for as long as it says.
Passwords and codes are never logged; usernames and addresses are.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from core.clients import client_address

logger = logging.getLogger("audit")
User = get_user_model()

# The fields of an account that change what it may do.
ACCOUNT_POWERS = ("is_active", "is_staff", "is_superuser")


def _client(request):
    return client_address(request) if request is not None else None


def _actor(request):
    user = getattr(request, "user", None) if request is not None else None
    return user.get_username() if user is not None and user.is_authenticated else None


@receiver(user_logged_in, dispatch_uid="security.audit.signed_in")
def signed_in(sender, request, user, **kwargs):
    logger.info(
        "sign-in",
        extra={"event": "sign_in", "username": user.get_username(), "client": _client(request)},
    )


@receiver(user_login_failed, dispatch_uid="security.audit.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    logger.warning(
        "sign-in failed",
        extra={
            "event": "sign_in_failed",
            "username": credentials.get("username"),
            "client": _client(request),
        },
    )


@receiver(user_logged_out, dispatch_uid="security.audit.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info(
            "sign-out",
            extra={
                "event": "sign_out",
                "username": user.get_username(),
                "client": _client(request),
            },
        )


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security.audit.powers_before")
def remember_powers(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_powers_before = None
        return
    instance._audit_powers_before = (
        User.objects.filter(pk=instance.pk).values(*ACCOUNT_POWERS).first()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security.audit.powers_after")
def account_powers_changed(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_powers_before", None) or {}
    changed = {
        field: getattr(instance, field)
        for field in ACCOUNT_POWERS
        if created or before.get(field) != getattr(instance, field)
    }
    if changed:
        _permission_change("account", instance.get_username(), changed)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="security.audit.groups")
@receiver(
    m2m_changed, sender=User.user_permissions.through, dispatch_uid="security.audit.user_perms"
)
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="security.audit.group_perms")
def memberships_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    names = sorted(str(item) for item in model.objects.filter(pk__in=pk_set or ())) or None
    relation = "groups" if sender is User.groups.through else "permissions"
    _permission_change(
        relation, str(instance), {"action": action.removeprefix("post_"), relation: names}
    )


def record(message: str, **fields) -> None:
    """An audit line with `fields`, once the current transaction commits.

    What is rolled back did not happen. The apps above security write their
    own lines through this: issues.receivers the sign-off.
    """
    transaction.on_commit(lambda: logger.info(message, extra=fields))


def _permission_change(kind: str, subject: str, change: dict) -> None:
    record("permission change", event="permission_change", kind=kind, subject=subject, **change)
