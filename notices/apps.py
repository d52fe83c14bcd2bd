from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        from notices import checks  # noqa: F401  (registers notices.W001)

        # The queue's own records, in English: the mails' admin shows what the office needs.
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
