from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountThrottle(models.Model):
    """Failed sign-ins of one account from addresses it never signed in from (security.throttle).

    django-axes counts failures per account and address; this counts them per
    account, so that guesses spread over many addresses are slowed down too.
    """

    username = models.CharField(_("username"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("failed sign-ins"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"))
    delayed_until = models.DateTimeField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("account slowed down after failed sign-ins")
        verbose_name_plural = _("accounts slowed down after failed sign-ins")
        ordering = ["-last_failure_at"]

    def __str__(self):
        return self.username


class KnownAddress(models.Model):
    """An address an account signed in from successfully: its attempts are not slowed down."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    address = models.GenericIPAddressField(_("address"))
    last_sign_in_at = models.DateTimeField(_("last sign-in"))

    class Meta:
        verbose_name = _("known sign-in address")
        verbose_name_plural = _("known sign-in addresses")
        constraints = [
            models.UniqueConstraint(fields=["user", "address"], name="known_address_per_user")
        ]

    def __str__(self):
        return f"{self.user} @ {self.address}"


class KeptPost(models.Model):
    """A form posted after its staff session had ended, kept for its user (security.kept_posts).

    Only the text fields are kept (no files, no CSRF token), for KEPT_POST_MAX_AGE:
    signing in again shows the form filled in, for the same user to save again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    path = models.CharField(_("address"), max_length=500)
    data = models.JSONField(_("form data"))
    kept_at = models.DateTimeField(_("kept at"))

    class Meta:
        verbose_name = _("form kept after a session ended")
        verbose_name_plural = _("forms kept after a session ended")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="kept_post_per_user_and_path")
        ]

    def __str__(self):
        return f"{self.user} {self.path}"
