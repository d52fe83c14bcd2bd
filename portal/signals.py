"""Keeps the archive's cached filter lists in step with the series and organisations."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from issues.models import Series
from organisations.models import Organisation
from portal import selectors


@receiver([post_save, post_delete], sender=Series)
@receiver([post_save, post_delete], sender=Organisation)
def forget_filter_lists(**kwargs):
    # Now, for this transaction's own reads; and again at commit, in case another
    # request cached the old lists in between.
    selectors.forget_filter_lists()
    transaction.on_commit(selectors.forget_filter_lists)
