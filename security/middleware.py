"""Sign-in security for every request: the second factor, and idle staff sessions ending."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from security import kept_posts, two_factor

# What a user who still owes the second factor may reach: the two-factor pages,
# logging out, static files, the language switch and the JavaScript catalogue.
_OPEN_NAMES = (
    "security:two_factor_setup",
    "security:two_factor_verify",
    "admin:logout",
    "portal:logout",
    "set_language",
    "javascript-catalog",
)


class TwoFactorMiddleware:
    """Sends approvers and administrators to enrol, or to enter a code, before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            two_factor.is_required()
            and two_factor.needs_second_factor(user)
            and not two_factor.is_verified(user)
            and not self._is_open(request.path)
        ):
            step = "verify" if two_factor.has_device(user) else "setup"
            target = reverse(f"security:two_factor_{step}")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return any(path == reverse(name) for name in _OPEN_NAMES)


class StaffIdleTimeoutMiddleware:
    """Ends a staff session after STAFF_IDLE_TIMEOUT seconds without a request.

    Recipients keep Django's session age; staff sessions can sign off and change
    the archive, so an unattended office computer logs itself out. Typing counts
    as a request: the admin's pages send a heartbeat (security.views.heartbeat)
    after real input. A form posted after the end is kept for its user
    (security.kept_posts) and shown again after signing in.
    """

    SESSION_KEY = "_staff_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            if last is not None and now - last > settings.STAFF_IDLE_TIMEOUT:
                kept = (
                    request.method == "POST"
                    and self._is_form_submission(request)
                    and kept_posts.keep(user, request.path, request.POST)
                )
                logout(request)
                # The sign-in page says why it is shown (templates/admin/login.html).
                query = {"next": request.get_full_path(), "timed_out": "kept" if kept else "1"}
                return redirect(f"{reverse('admin:login')}?{urlencode(query)}")
            # Written at most once a minute, so not every request saves the session.
            if last is None or now - last >= 60:
                self.stamp(request.session)
        return self.get_response(request)

    @classmethod
    def stamp(cls, session) -> None:
        session[cls.SESSION_KEY] = int(time.time())

    @staticmethod
    def _is_form_submission(request) -> bool:
        # Background requests (heartbeat, autosave) carry no form to give back;
        # browsers mark them in Sec-Fetch-Mode, a form sent by the user is "navigate".
        return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


class AccountPauseMiddleware:
    """Answers a sign-in refused during an account's pause (security.backends) in Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = getattr(request, "account_pause_seconds", None)
        if seconds:
            response = render(
                request, "security/account_paused.html", {"seconds": seconds}, status=429
            )
            response["Retry-After"] = str(seconds)
        return response
