"""Keeps the portal's cached archive and filter lists in step with what they show.

Each is dropped at once, for the changing transaction's own reads, and again
at commit, in case another request cached the old state in between.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from issues.models import Article, Issue, IssueRecipient, Series
from organisations.models import Organisation
from portal import archive_cache, downloads, selectors


@receiver([post_save, post_delete], sender=Series)
@receiver([post_save, post_delete], sender=Organisation)
def forget_filter_lists(**kwargs):
    selectors.forget_filter_lists()


@receiver([post_save, post_delete], sender=Issue)
@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=IssueRecipient)
@receiver([post_save, post_delete], sender=Series)
@receiver([post_save, post_delete], sender=Organisation)
@receiver(m2m_changed, sender=Article.organisations.through)
def retire_cached_archives(**kwargs):
    archive_cache.archive_changed()


@receiver(user_logged_out)
def end_grants_on_log_out(sender, request, user, **kwargs):
    if user is not None:
        downloads.end_grants(user.pk)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_grants_when_the_account_changes(sender, instance, update_fields=None, **kwargs):
    """A new password, deactivation or any other change of the account; a log-in is none."""
    if update_fields is None or set(update_fields) != {"last_login"}:
        downloads.end_grants(instance.pk)
