"""Slows down password guessing against one account spread over many addresses.

django-axes pauses an (account, address) pair after 5 failures. Guesses from
20 addresses were never slowed down. Here each account also counts its
failures from addresses it has never signed in from; from the
ACCOUNT_FAILURES_BEFORE_DELAY-th on, every further attempt from such an
address must wait, twice as long each time (2 s, 4 s, 8 s …) up to
ACCOUNT_MAX_DELAY (5 minutes). A stranger can therefore delay a real user by
at most a few minutes, and not at all at a computer the user has signed in
from before; a correct sign-in there clears the count. Attempts refused
during a pause are not counted.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from security.models import AccountThrottle, KnownAddress


def _is_known(username: str, address: str | None) -> bool:
    return address is not None and (
        KnownAddress.objects.filter(user__username=username, address=address).exists()
    )


def pause_remaining(username: str, address: str | None) -> int:
    """Seconds until `username` may be tried again from `address`; 0 when it may now."""
    if not username:
        return 0
    throttle = AccountThrottle.objects.filter(username=username).first()
    if throttle is None or throttle.delayed_until is None:
        return 0
    remaining = (throttle.delayed_until - timezone.now()).total_seconds()
    if remaining <= 0 or _is_known(username, address):
        return 0
    return int(remaining) + 1


def delay_after(failures: int) -> int:
    """The pause after the given number of failures, in seconds."""
    over = failures - settings.ACCOUNT_FAILURES_BEFORE_DELAY
    if over < 0:
        return 0
    return min(2 ** (over + 1), settings.ACCOUNT_MAX_DELAY)


def record_failure(username: str, address: str | None) -> None:
    if not username or _is_known(username, address):
        return
    now = timezone.now()
    with transaction.atomic():
        throttle, _created = AccountThrottle.objects.select_for_update().get_or_create(
            username=username[:150], defaults={"last_failure_at": now}
        )
        # A quiet hour forgives the earlier failures.
        forgiven = now - throttle.last_failure_at > datetime.timedelta(hours=1)
        throttle.failures = 1 if forgiven else F("failures") + 1
        throttle.last_failure_at = now
        throttle.save()
        throttle.refresh_from_db()
        delay = delay_after(throttle.failures)
        if delay:
            throttle.delayed_until = now + datetime.timedelta(seconds=delay)
            throttle.save(update_fields=["delayed_until"])


def record_success(user, address: str | None) -> None:
    AccountThrottle.objects.filter(username=user.get_username()).delete()
    if address is not None:
        KnownAddress.objects.update_or_create(
            user=user, address=address, defaults={"last_sign_in_at": timezone.now()}
        )


def slowed_accounts():
    """Accounts with failed sign-ins counted, paused ones first."""
    return AccountThrottle.objects.order_by(F("delayed_until").desc(nulls_last=True))


def release(username: str) -> None:
    """Clear the account's count and pause, and django-axes' lockouts of it."""
    from axes.utils import reset

    AccountThrottle.objects.filter(username=username).delete()
    reset(username=username)
