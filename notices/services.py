"""Queue e-mails and deliver them: the one way the project sends mail.

queue_mail() records a Mail row per recipient in the caller's transaction and
hands the rows to the task queue once that transaction commits: a step that
rolls back leaves neither a record nor a mail, and a slow or failing mail
server never holds up the step. The worker (`manage.py db_worker`) delivers
them with notices.tasks.deliver_mail, retrying failures.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from notices.models import Mail

logger = logging.getLogger(__name__)

# Attempts before a mail is given up as failed, and the waits between them.
MAX_ATTEMPTS = 5
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]


@dataclass(frozen=True)
class Addressee:
    email: str
    name: str = ""


def absolute_url(path: str) -> str:
    """`path` (e.g. from reverse()) as a link that works in an e-mail: settings.SITE_URL + path."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def queue_mail(
    *,
    recipients: Iterable[Addressee | str],
    subject: str,
    body: str,
    related=None,
    attachment=None,
    attachment_filename: str = "",
    queued_by=None,
    send_after: datetime.datetime | None = None,
) -> list[Mail]:
    """Record one mail per distinct address and queue each for delivery after commit.

    `related` is the object the mail is about (shown with it in the admin);
    `attachment` a stored file (a FieldFile or a storage name), read when the
    mail is sent; `send_after` delays delivery, e.g. until a scheduled issue
    appears. Returns the recorded mails.
    """
    seen = set()
    mails = []
    for recipient in recipients:
        addressee = recipient if isinstance(recipient, Addressee) else Addressee(recipient)
        address = addressee.email.strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        mails.append(
            Mail(
                to_name=addressee.name,
                to_address=address,
                subject=subject,
                body=body,
                attachment=getattr(attachment, "name", attachment) or "",
                attachment_filename=attachment_filename,
                content_type=ContentType.objects.get_for_model(related) if related else None,
                object_id=str(related.pk) if related else "",
                queued_by=queued_by if queued_by and queued_by.is_authenticated else None,
                send_after=send_after,
            )
        )
    if not mails:
        return []
    mails = Mail.objects.bulk_create(mails)
    mail_ids = [mail.pk for mail in mails]
    transaction.on_commit(lambda: _enqueue(mail_ids, send_after))
    return mails


def _enqueue(mail_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    from notices.tasks import deliver_mail

    task = deliver_mail
    # A backend that cannot wait (the immediate one of development and tests) runs it now.
    if run_after and task.get_backend().supports_defer:
        task = deliver_mail.using(run_after=run_after)
    for mail_id in mail_ids:
        task.enqueue(mail_id)


def deliver(mail_id: int) -> Mail:
    """Send one queued mail; on failure, count the attempt and queue a retry, or give up.

    A mail sent already (e.g. queued twice) is not sent again.
    """
    with transaction.atomic():
        mail = Mail.objects.select_for_update().get(pk=mail_id)
        if mail.status in (Mail.Status.SENT, Mail.Status.FAILED):
            return mail
        mail.attempts += 1
        mail.last_attempt_at = timezone.now()
        try:
            _message(mail).send()
        except Exception as error:
            logger.warning("Mail %s to %s failed: %s", mail.pk, mail.to_address, error)
            mail.last_error = f"{type(error).__name__}: {error}"
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = Mail.Status.FAILED
            else:
                mail.status = Mail.Status.RETRYING
                retry_at = timezone.now() + RETRY_DELAYS[min(mail.attempts, len(RETRY_DELAYS)) - 1]
                transaction.on_commit(lambda: _enqueue([mail.pk], retry_at))
        else:
            mail.status = Mail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
        mail.save()
    return mail


def retry(mails: Iterable[Mail]) -> int:
    """Queue failed or waiting mails again now, with a fresh count of attempts."""
    ids = [mail.pk for mail in mails if mail.status != Mail.Status.SENT]
    with transaction.atomic():
        Mail.objects.filter(pk__in=ids).update(status=Mail.Status.QUEUED, attempts=0)
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def _message(mail: Mail) -> EmailMessage:
    message = EmailMessage(mail.subject, mail.body, to=[mail.formatted_recipient])
    if mail.attachment:
        with default_storage.open(mail.attachment, "rb") as stored:
            message.attach(
                mail.attachment_filename or mail.attachment.rsplit("/", 1)[-1], stored.read()
            )
    return message
