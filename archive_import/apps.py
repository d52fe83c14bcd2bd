from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveImportConfig(AppConfig):
    name = "archive_import"
    verbose_name = _("Archive import")
