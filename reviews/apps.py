from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """The review's reads: what changed since the approver last saw an issue.

    The versions themselves and the approvers' comments are kept by the issues
    app (issues.versions), whose workflow records them.
    """

    name = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"
