from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the office's server: health check, structured logs, backup and restore."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from ops import signals  # noqa: F401  (connects the log receivers)
