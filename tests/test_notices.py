"""Notices: queued per recipient with the step, sent by the worker after commit, retried."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from issues import services
from issues.models import Issue
from notices.models import Mail
from notices.services import MAX_ATTEMPTS, absolute_url, queue_mail
from organisations.models import Contact, Organisation, Recipient, Role


def notices_of(issue):
    """The mails to the recipients' contacts (the staff's workflow mails left aside)."""
    return list(Mail.objects.about(issue).filter(to_address__endswith="@bureau.example"))


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings, monkeypatch):
    """The production queue: tasks wait in the database until `db_worker` runs them."""
    settings.TASKS = DATABASE_QUEUE
    # The worker runs here inside the test's transaction, on the test's connection;
    # its own process would recycle its connections between tasks.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker():
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


@pytest.fixture
def bureau_with_contacts(db, distribution_list):
    bureau = Organisation.objects.create(name="上海市邮政管理局")
    Contact.objects.create(organisation=bureau, name="王明", email="wang@bureau.example")
    Contact.objects.create(organisation=bureau, name="无邮箱", phone="021-1234")
    Contact.objects.create(
        organisation=bureau, name="不收通知", email="no@bureau.example", receives_notices=False
    )
    Recipient.objects.create(
        distribution_list=distribution_list, role=Role.SEND, organisation=bureau, position=9
    )
    return bureau


@pytest.fixture
def signed_off(make_issue, move_issue_to, fake_pdf, bureau_with_contacts):
    return move_issue_to(make_issue(), Issue.Status.SIGNED_OFF)


def test_publishing_queues_a_notice_per_contact_sent_by_the_worker_after_commit(
    signed_off, approver, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(signed_off, approver)
    [notice] = notices_of(signed_off)
    assert notice.to_address == "wang@bureau.example"
    assert notice.status == Mail.Status.QUEUED
    assert mail.outbox == []  # the request is done; the worker sends it
    run_worker()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Mail.Status.SENT, 1)
    [message] = mail.outbox
    assert message.to == ["王明 <wang@bureau.example>"]
    assert "2026年第1期（总第290期）" in message.subject
    assert "http://testserver.example/shanghai/2026/1/" in message.body
    assert message.attachments == []  # the series does not attach the PDF


def test_nothing_is_queued_or_sent_when_the_step_rolls_back(
    signed_off, approver, database_queue, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.publish(signed_off, approver)
        raise RuntimeError("the step fails after publishing")
    assert callbacks == []
    assert notices_of(signed_off) == []
    run_worker()
    assert mail.outbox == []


def test_the_series_may_attach_the_official_pdf(
    signed_off, approver, django_capture_on_commit_callbacks
):
    signed_off.series.attach_pdf_to_notices = True
    signed_off.series.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(signed_off, approver)
    [message] = mail.outbox
    [(filename, content, _type)] = message.attachments
    assert filename.endswith("2026年第1期.pdf")
    assert content.startswith(b"%PDF")


def test_a_scheduled_issue_is_announced_when_it_appears(
    signed_off, approver, database_queue, django_capture_on_commit_callbacks
):
    later = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(signed_off, approver, at=later)
    run_worker()
    assert mail.outbox == []
    assert [notice.send_after for notice in notices_of(signed_off)] == [later]


def test_a_failing_mail_server_is_retried_and_the_failure_shown(
    signed_off, approver, database_queue, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(signed_off, approver)
    assert Issue.objects.get(pk=signed_off.pk).status == Issue.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    [notice] = notices_of(signed_off)
    assert (notice.status, notice.attempts) == (Mail.Status.RETRYING, 1)
    assert "mail server down" in notice.last_error
    from django_tasks_db.models import DBTaskResult

    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now()  # waits, rather than hammering the server


def test_a_mail_is_given_up_after_its_attempts(db, settings, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    [queued] = queue_mail(recipients=["a@example.org"], subject="主题", body="正文")
    from notices.services import deliver

    for _attempt in range(MAX_ATTEMPTS):
        deliver(queued.pk)
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Mail.Status.FAILED, MAX_ATTEMPTS)


def test_one_mail_per_distinct_address_and_none_for_none(db):
    mails = queue_mail(
        recipients=["a@example.org", "A@example.org ", "", "b@example.org"],
        subject="主题",
        body="正文",
    )
    assert [m.to_address for m in mails] == ["a@example.org", "b@example.org"]
    assert queue_mail(recipients=[], subject="主题", body="正文") == []


def test_links_are_absolute(settings):
    settings.SITE_URL = "https://bulletin.example.org/"
    assert absolute_url("/admin/issues/issue/3/change/") == (
        "https://bulletin.example.org/admin/issues/issue/3/change/"
    )


def test_the_issue_admin_shows_its_mails(client, signed_off, approver):
    services.publish(signed_off, approver)
    client.force_login(approver)
    page = client.get(signed_off.get_admin_url())
    assert "wang@bureau.example" in page.text


def test_publishers_send_failed_mails_again_from_the_admin(
    client, approver, editor, db, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            [failed] = queue_mail(recipients=["a@example.org"], subject="主题", body="正文")
    failed.refresh_from_db()
    assert failed.status == Mail.Status.FAILED
    action = {"action": "send_again", "_selected_action": [failed.pk]}
    client.force_login(editor)  # may read the mails, not resend them
    client.post(reverse("admin:notices_mail_changelist"), action)
    failed.refresh_from_db()
    assert failed.status == Mail.Status.FAILED
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:notices_mail_changelist"), action)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Mail.Status.SENT, 1)
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
