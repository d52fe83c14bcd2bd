from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Reports from member organisations")

    def ready(self):
        from django.db.models.signals import post_migrate

        from contributions import signals  # noqa: F401  (publication notices)
        from contributions.roles import ensure_contributor_role

        # After issues' own post_migrate receiver, which makes the staff groups.
        post_migrate.connect(ensure_contributor_role, sender=self)
