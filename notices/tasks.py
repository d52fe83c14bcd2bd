"""The tasks the worker (`manage.py db_worker`) runs."""

from django_tasks import task

from notices import services


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one queued mail (notices.services.deliver); returns its status."""
    return services.deliver(mail_id).status
