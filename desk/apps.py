from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The admin of issues, series and workflow events; the models stay in issues."""

    name = "desk"
    verbose_name = _("Editorial desk")
    default_auto_field = "django.db.models.BigAutoField"
