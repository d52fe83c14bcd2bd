"""The browser's address behind reverse proxies: what log-in throttling and the logs count."""

import pytest
from django.test import RequestFactory

from core.clients import client_address

BROWSER = "203.0.113.7"
NGINX = "127.0.0.1"


def request_from(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_connection_address_counts_and_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(BROWSER, forwarded_for="198.51.100.1")) == BROWSER


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        (BROWSER, BROWSER),  # nginx sets the header to the address it saw
        (f"198.51.100.1, {BROWSER}", BROWSER),  # the browser's own claim comes first
        (None, NGINX),  # no header: not through the proxy, nothing to trust
    ],
)
def test_behind_nginx_the_address_nginx_saw_counts(settings, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(NGINX, forwarded_for)) == expected


def test_behind_a_balancer_and_nginx_the_balancers_view_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from(NGINX, f"198.51.100.1, {BROWSER}, 10.0.0.5")
    assert client_address(request) == BROWSER


def test_behind_nginx_a_lockout_holds_one_browser_only(client, settings, recipient):
    settings.TRUSTED_PROXY_COUNT = 1
    credentials = {"username": "bureau-reader", "password": "wrong"}
    for _attempt in range(5):
        client.post(
            "/accounts/login/", credentials, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=BROWSER
        )
    right = {"username": "bureau-reader", "password": "pw-收件-2020"}
    locked = client.post("/accounts/login/", right, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=BROWSER)
    assert locked.status_code == 429
    # The same user, from another browser behind the same nginx, still gets in.
    elsewhere = client.post(
        "/accounts/login/", right, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert elsewhere.status_code == 302
