"""Failed and successful sign-ins feed the per-account throttle (security.throttle)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from core.clients import client_address
from security import throttle
from security.middleware import StaffIdleTimeoutMiddleware


@receiver(user_login_failed, dispatch_uid="security.throttle.failed")
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "account_pause_seconds", None):
        return  # refused during a pause: not a guess that was checked
    throttle.record_failure(credentials.get("username") or "", client_address(request))


@receiver(user_logged_in, dispatch_uid="security.throttle.succeeded")
def remember_address(sender, request, user, **kwargs):
    if request is not None:
        throttle.record_success(user, client_address(request))


@receiver(user_logged_in, dispatch_uid="security.idle.started")
def start_idle_clock(sender, request, user, **kwargs):
    # Stamped with the log-in's own session write, so the next pages need not write one.
    if request is not None and user.is_staff and hasattr(request, "session"):
        StaffIdleTimeoutMiddleware.stamp(request.session)
