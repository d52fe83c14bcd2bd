"""The issue's admin page shows who has received it and lets approvers send reminders."""

from django.core import mail
from django.urls import reverse

from portal.models import Receipt
from tests.portal_fixtures import make_recipient


def change_page(client, issue):
    return client.get(reverse("admin:issues_issue_change", args=[issue.pk]))


def test_receipts_show_received_and_not_yet(client, approver, restricted_issue, recipient, bureau):
    Receipt.objects.create(issue=restricted_issue, organisation=bureau, user=recipient)
    client.force_login(approver)
    page = change_page(client, restricted_issue)
    lines = {line.organisation.name: line.received for line in page.context["receipts"]}
    assert lines == {"上海市邮政管理局": True, "上海市快递行业协会": False}
    assert "尚未签收" in page.text or "not yet" in page.text


def test_an_approver_reminds_those_who_have_not_received_it(
    client,
    approver,
    restricted_issue,
    recipient,
    bureau,
    association,
    django_capture_on_commit_callbacks,
):
    Receipt.objects.create(issue=restricted_issue, organisation=bureau, user=recipient)
    make_recipient("association-reader", association)
    client.force_login(approver)
    url = reverse("admin:issues_issue_receipt_reminders", args=[restricted_issue.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["association-reader@example.org"]]


def test_an_editor_cannot_send_reminders(client, editor, restricted_issue, association):
    make_recipient("association-reader", association)
    client.force_login(editor)
    page = change_page(client, restricted_issue)
    assert "receipt-reminders" not in page.text
    client.post(reverse("admin:issues_issue_receipt_reminders", args=[restricted_issue.pk]))
    assert mail.outbox == []
