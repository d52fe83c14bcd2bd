"""The administrators' page of locked and slowed-down accounts, with an unlock button.

Two kinds are listed: an account locked by django-axes for one address (5
wrong passwords from there), and an account paused for addresses it never
signed in from (security.throttle). Unlocking clears both for that account.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from security import throttle

PERMISSION = "auth.change_user"


@dataclass
class LockedAccount:
    username: str
    locked_addresses: list[str]
    failures: int
    paused_until: datetime | None
    last_failure_at: datetime | None


def locked_accounts() -> list[LockedAccount]:
    accounts: dict[str, LockedAccount] = {}

    def account(username):
        return accounts.setdefault(username, LockedAccount(username, [], 0, None, None))

    cool_off_start = timezone.now() - settings.AXES_COOLOFF_TIME
    for attempt in AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=cool_off_start
    ).order_by("-attempt_time"):
        entry = account(attempt.username or "")
        entry.locked_addresses.append(attempt.ip_address or "?")
        entry.failures += attempt.failures_since_start
        entry.last_failure_at = max(filter(None, [entry.last_failure_at, attempt.attempt_time]))
    for slowed in throttle.slowed_accounts():
        if slowed.delayed_until is None or slowed.delayed_until <= timezone.now():
            continue
        entry = account(slowed.username)
        entry.failures = max(entry.failures, slowed.failures)
        entry.paused_until = slowed.delayed_until
        entry.last_failure_at = max(filter(None, [entry.last_failure_at, slowed.last_failure_at]))
    return sorted(accounts.values(), key=lambda entry: entry.last_failure_at, reverse=True)


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def locked_accounts_view(request):
    _check(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Locked accounts"),
        "accounts": locked_accounts(),
        "axes_cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return TemplateResponse(request, "security/locked_accounts.html", context)


@require_POST
def unlock_view(request):
    _check(request)
    username = request.POST.get("username", "")
    throttle.release(username)
    messages.success(request, _("“%(username)s” can sign in again.") % {"username": username})
    return redirect("security:locked_accounts")
