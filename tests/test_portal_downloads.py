"""Download grants: the issue page's link is answered without a query, and only for its session."""

import hashlib
import html
import logging
import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils.http import http_date

from portal import downloads
from portal.models import Receipt
from tests.portal_fixtures import issue_path, make_published_issue

LINK = re.compile(r'class="button" href="([^"]*)"')


def download_link(client, issue) -> str:
    """The download link the issue page gives the client."""
    page = client.get(issue_path(issue))
    assert page.status_code == 200
    return html.unescape(LINK.search(page.content.decode()).group(1))


def grant_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["grant"][0]


@pytest.fixture
def received(client, recipient, restricted_issue):
    """The recipient logged in, with the organisation's receipt recorded by a first download."""
    client.force_login(recipient)
    client.get(issue_path(restricted_issue, "pdf/"))
    assert Receipt.objects.filter(issue=restricted_issue).exists()
    return client


def test_no_grant_while_the_organisation_has_a_receipt_to_record(
    client, recipient, restricted_issue
):
    client.force_login(recipient)
    assert download_link(client, restricted_issue) == issue_path(restricted_issue, "pdf/")
    client.get(download_link(client, restricted_issue))
    assert Receipt.objects.filter(issue=restricted_issue, user=recipient).count() == 1
    assert "?grant=" in download_link(client, restricted_issue)


def test_a_granted_download_runs_no_query_and_sends_what_the_bare_address_sends(
    received, restricted_issue, django_assert_num_queries
):
    link = download_link(received, restricted_issue)
    bare = received.get(issue_path(restricted_issue, "pdf/"))
    with django_assert_num_queries(0):
        granted = received.get(link)
        body = b"".join(granted.streaming_content)
    assert granted.status_code == 200
    assert hashlib.sha256(body).hexdigest() == restricted_issue.official_pdf.sha256
    for header in (
        "Content-Type",
        "Content-Length",
        "Content-Disposition",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "Vary",
    ):
        assert granted[header] == bare[header], header
    assert granted["Last-Modified"] == http_date(restricted_issue.published_at.timestamp())


def test_a_granted_download_answers_conditional_requests(received, restricted_issue):
    link = download_link(received, restricted_issue)
    etag = f'"{restricted_issue.official_pdf.sha256}"'
    assert received.get(link, headers={"if-none-match": etag}).status_code == 304
    assert received.head(link).status_code == 200


def test_staff_get_grants_and_anonymous_readers_of_a_public_series_do_not(
    client, staff, public_series, bureau, restricted_issue
):
    public_issue = make_published_issue(public_series, number=3, recipients=(bureau,))
    assert download_link(client, public_issue) == issue_path(public_issue, "pdf/")
    client.force_login(staff)
    assert "?grant=" in download_link(client, restricted_issue)


def test_a_grant_is_worthless_in_another_session(
    received, restricted_issue, other_recipient, recipient
):
    link = download_link(received, restricted_issue)
    outsider = Client()
    outsider.force_login(other_recipient)
    assert outsider.get(link).status_code == 404
    colleague_session = Client()
    colleague_session.force_login(recipient)  # the same account, another session
    response = colleague_session.get(link)
    assert response.status_code == 200  # by the full checks: the account may see it
    assert Client().get(link).status_code == 404  # no session at all


def test_a_grant_is_for_its_own_address_only(
    received, restricted_issue, restricted_series, association
):
    hidden = make_published_issue(restricted_series, number=27, recipients=(association,))
    token = grant_of(download_link(received, restricted_issue))
    assert received.get(issue_path(hidden, "pdf/"), {"grant": token}).status_code == 404


def test_an_expired_or_altered_grant_falls_back_to_the_full_checks(
    received, restricted_issue, django_assert_num_queries
):
    link = download_link(received, restricted_issue)
    path = urlsplit(link).path
    token = grant_of(link)
    payload = signing.loads(token, salt="portal.downloads.grant")
    forged = signing.dumps(payload, salt="another.salt", compress=True)
    for bad in (forged, f"{token[:-2]}xx", ""):
        # Session, user, issue, its copies (received: no receipt query).
        with django_assert_num_queries(4):
            assert received.get(path, {"grant": bad}).status_code == 200
    later = signing.time.time() + downloads.GRANT_MAX_AGE + 1
    with (
        mock.patch("django.core.signing.time.time", return_value=later),
        django_assert_num_queries(4),
    ):
        assert received.get(link).status_code == 200


def test_a_granted_download_is_logged_with_its_user(received, recipient, restricted_issue, caplog):
    link = download_link(received, restricted_issue)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="ops.request"):
        received.get(link)
    (line,) = [record for record in caplog.records if record.message == "request"]
    assert (line.path, line.status, line.user) == (
        issue_path(restricted_issue, "pdf/"),
        200,
        recipient.pk,
    )


def test_the_session_key_never_appears_in_the_link(received, restricted_issue):
    link = download_link(received, restricted_issue)
    session_key = received.cookies["sessionid"].value
    assert session_key not in link
    assert session_key not in str(signing.loads(grant_of(link), salt="portal.downloads.grant"))
