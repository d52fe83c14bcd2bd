"""Installed third-party apps under the names the office reads in the admin."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def _local_time(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in protection")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # django-axes names its records in English, with times in UTC; the admin's
        # titles, breadcrumbs and history show these names.
        AccessAttempt.__str__ = lambda attempt: (
            gettext("Log-in attempts of %(user)s, last at %(time)s")
            % {"user": attempt.username, "time": _local_time(attempt.attempt_time)}
        )
        AccessLog.__str__ = lambda log: (
            gettext("Log-in of %(user)s at %(time)s")
            % {
                "user": log.username,
                "time": _local_time(log.attempt_time),
            }
        )
        AccessFailureLog.__str__ = lambda failure: (
            gettext("Failed log-in of %(user)s at %(time)s from %(address)s")
            % {
                "user": failure.username,
                "time": _local_time(failure.attempt_time),
                "address": failure.ip_address,
            }
        )


class TaskQueueConfig(TasksAppConfig):
    verbose_name = _("Mail queue")
