from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Bulletins")

    def ready(self):
        from django.db.models.signals import post_migrate

        from issues import receivers  # noqa: F401  (connects its receivers)
        from issues.pdf import checks  # noqa: F401  (registers issues.W001)
        from issues.pdf.writing import install_font_file_cache, install_side_by_side_subsetting
        from issues.roles import ensure_role_groups
        from issues.versions import register_versioned_models

        install_side_by_side_subsetting()
        install_font_file_cache()
        register_versioned_models()

        # Runs after the issues app's permissions exist (they are created by
        # an earlier post_migrate receiver of django.contrib.auth).
        post_migrate.connect(ensure_role_groups, sender=self)
