"""Who is asking: the browser's address, also behind nginx or a load balancer."""

from django.conf import settings


def client_address(request) -> str | None:
    """The address of the browser that sent `request`.

    Without a reverse proxy that is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT
    proxies that each add the address they saw to X-Forwarded-For, it is the
    entry that many places from the right: what the first proxy saw. Entries
    further left are whatever the browser claimed and are never trusted, so a
    client cannot lock out another user's address (django-axes counts failed
    log-ins by this address) or hide its own.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < proxies:
        return remote_addr  # came past the proxies; nothing here can be trusted
    return forwarded[-proxies]
