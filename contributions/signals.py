"""Contributors hear when the issue their report was adopted into is published."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from contributions.models import Report
from contributions.notifications import Notice, notify
from issues.models import IssueEvent


@receiver(post_save, sender=IssueEvent)
def _tell_contributors_of_publication(sender, instance, created, **kwargs):
    if not created or instance.action != IssueEvent.Action.PUBLISH:
        return
    reports = Report.objects.filter(article__issue=instance.issue_id).select_related(
        "author", "organisation", "article__issue__series"
    )
    for report in reports:
        notify(report, Notice.PUBLISHED)
