"""Password guessing spread over many addresses is slowed down per account, not for long."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from security.models import AccountThrottle

LOGIN = reverse("portal:login")


def attempt(username, password, address, client=None):
    client = client or Client()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def victim(make_user):
    return make_user("victim")


def test_eighty_failures_from_twenty_addresses_are_slowed_down(victim):
    statuses = []
    for n in range(80):
        response = attempt("victim", f"guess-{n}", f"203.0.113.{n % 20}")
        statuses.append(response.status_code)
    assert statuses[:10] == [200] * 10  # the form again, with its error
    assert statuses[10] == 429  # paused: each further guess must wait, longer each time
    # Only a guess after a pause ran out was checked (2 s, 4 s, 8 s … in this test's time).
    checked = statuses.count(200)
    assert checked <= 14
    throttle = AccountThrottle.objects.get(username="victim")
    assert throttle.failures == checked  # refused attempts are not counted as guesses
    paused = attempt("victim", "guess", "198.51.100.1")
    assert "该账户" in paused.content.decode()
    assert 0 < int(paused["Retry-After"]) <= 300


def test_the_pause_grows_but_never_beyond_five_minutes(victim, settings):
    from security.throttle import delay_after

    assert [delay_after(n) for n in (9, 10, 11, 12)] == [0, 2, 4, 8]
    assert delay_after(1000) == settings.ACCOUNT_MAX_DELAY == 300


def test_the_owner_signs_in_as_usual_from_an_address_they_used_before(victim):
    assert attempt("victim", "pw", "192.0.2.10").status_code == 302  # known from now on
    for n in range(12):
        attempt("victim", f"guess-{n}", f"203.0.113.{n}")
    assert attempt("victim", "pw", "203.0.113.99").status_code == 429
    owner = attempt("victim", "pw", "192.0.2.10")
    assert owner.status_code == 302
    assert not AccountThrottle.objects.filter(username="victim").exists()


def test_after_the_pause_the_account_may_be_tried_again(victim):
    for n in range(11):
        attempt("victim", f"guess-{n}", f"203.0.113.{n}")
    AccountThrottle.objects.filter(username="victim").update(
        delayed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert attempt("victim", "pw", "203.0.113.50").status_code == 302


def test_administrators_see_locked_accounts_in_chinese_and_unlock_them(victim, superuser):
    for n in range(11):
        attempt("victim", f"guess-{n}", f"203.0.113.{n}")
    for _n in range(5):
        attempt("victim", "wrong", "198.51.100.7")
    admin = Client()
    admin.force_login(superuser)
    page = admin.get(reverse("security:locked_accounts"))
    assert page.status_code == 200, page
    html = page.content.decode()
    assert "锁定的账户" in html
    assert "victim" in html and "198.51.100.7" in html
    response = admin.post(reverse("security:unlock_account"), {"username": "victim"}, follow=True)
    assert "“victim”可以重新登录了" in response.content.decode()
    assert not AccountThrottle.objects.exists()
    assert not AccessAttempt.objects.filter(username="victim").exists()
    assert attempt("victim", "pw", "198.51.100.7").status_code == 302


def test_editors_cannot_see_or_unlock(victim, editor):
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("security:locked_accounts")).status_code == 403
    assert client.post(reverse("security:unlock_account"), {"username": "x"}).status_code == 403
