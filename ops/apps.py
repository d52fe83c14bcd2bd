from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the office's server: health check, structured logs, backup and restore."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from ops import signals

        # The database cache's table comes with every migrate: an installation
        # that skipped `createcachetable` would fail on its first cached read.
        post_migrate.connect(signals.create_cache_table, sender=self)
