"""A download grant ends with its account's session: log-out, new password, deactivation."""

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.portal_fixtures import issue_path
from tests.test_portal_downloads import download_link, received  # noqa: F401 (a fixture)


def same_cookie(client) -> Client:
    """Another browser that kept a copy of the client's session cookie."""
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)
    return copy


def test_logging_out_ends_the_grant_even_for_a_kept_cookie(received, restricted_issue):  # noqa: F811
    link = download_link(received, restricted_issue)
    attacker = same_cookie(received)
    assert attacker.get(link).status_code == 200
    received.post(reverse("portal:logout"))
    assert attacker.get(link).status_code == 404
    assert attacker.get(issue_path(restricted_issue)).status_code == 404


def test_a_new_password_ends_every_grant(received, restricted_issue, recipient):  # noqa: F811
    link = download_link(received, restricted_issue)
    attacker = same_cookie(received)
    recipient.set_password("a-new-password-2026")
    recipient.save()
    assert attacker.get(link).status_code == 404


def test_deactivating_the_account_ends_every_grant(received, restricted_issue, recipient):  # noqa: F811
    link = download_link(received, restricted_issue)
    recipient.is_active = False
    recipient.save()
    assert received.get(link).status_code == 404


def test_a_grant_whose_generation_the_cache_lost_falls_back_to_the_checks(
    received,  # noqa: F811
    restricted_issue,
):
    link = download_link(received, restricted_issue)
    cache.clear()
    response = received.get(link)
    assert response.status_code == 200  # by the full checks: the account still may
