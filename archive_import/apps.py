from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveImportConfig(AppConfig):
    name = "archive_import"
    verbose_name = _("Archive import")

    def ready(self):
        from django.db.models.signals import post_migrate

        from archive_import.roles import let_staff_check_imports

        # After this app's permissions exist, which issues' role set-up runs too early for.
        post_migrate.connect(let_staff_check_imports, sender=self)
