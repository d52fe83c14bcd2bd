"""Reports follow what happens to their article: its publication, its deletion."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from contributions import services
from contributions.models import Report
from contributions.notifications import Notice, notify
from issues.models import Article, IssueEvent


@receiver(pre_delete, sender=Article)
def _reopen_reports(sender, instance, **kwargs):
    services.reopen_reports_of_deleted_article(instance)


@receiver(post_save, sender=IssueEvent)
def _tell_contributors_of_publication(sender, instance, created, **kwargs):
    if not created or instance.action != IssueEvent.Action.PUBLISH:
        return
    reports = Report.objects.filter(article__issue=instance.issue_id).select_related(
        "author", "organisation", "article__issue__series"
    )
    for report in reports:
        notify(report, Notice.PUBLISHED)
