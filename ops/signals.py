"""Log lines for events that happen outside a request's own log line; the cache table."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from core.clients import client_address
from issues.models import IssueEvent

auth_logger = logging.getLogger("ops.auth")
workflow_logger = logging.getLogger("issues.workflow")


@receiver(user_login_failed, dispatch_uid="ops.log_failed_login")
def log_failed_login(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the name is logged.
    auth_logger.warning(
        "login failed",
        extra={
            "username": credentials.get("username"),
            "client": client_address(request) if request is not None else None,
        },
    )


@receiver(post_save, sender=IssueEvent, dispatch_uid="ops.log_workflow_transition")
def log_workflow_transition(sender, instance, created, raw=False, **kwargs):
    # Every transition writes one IssueEvent (issues.services). Logged on commit:
    # a transition that is rolled back did not happen.
    if not created or raw:
        return
    fields = {
        "issue": instance.issue_id,
        "action": instance.action,
        "from_status": instance.from_status,
        "to_status": instance.to_status,
        "user": instance.user_id,
    }
    transaction.on_commit(lambda: workflow_logger.info("workflow transition", extra=fields))


def create_cache_table(using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """Creates the database cache's table if the cache is configured to use one."""
    call_command("createcachetable", database=using, verbosity=verbosity)
