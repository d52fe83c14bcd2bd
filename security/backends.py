"""The first authentication backend: refuses, without checking the password, during a pause."""

from django.core.exceptions import PermissionDenied

from core.clients import client_address
from security import throttle


class AccountPauseBackend:
    """Stops the sign-in while the account is paused (security.throttle) for this address.

    PermissionDenied ends Django's authenticate() at once; the request is
    marked, so that AccountPauseMiddleware answers with the wait in Chinese.
    It never signs anyone in, so it has no get_user().
    """

    def authenticate(self, request, username=None, **credentials):
        if request is None or not username:
            return None
        remaining = throttle.pause_remaining(username, client_address(request))
        if remaining:
            request.account_pause_seconds = remaining
            raise PermissionDenied
        return None
