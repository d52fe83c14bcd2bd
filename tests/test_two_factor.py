"""Two-factor sign-in for approvers and administrators, when BULLETIN_TWO_FACTOR_REQUIRED is on."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from issues import services
from issues.exceptions import WorkflowPermissionDenied
from issues.models import Issue

pytestmark = pytest.mark.usefixtures("fake_pdf")

SETUP = reverse("security:two_factor_setup")
VERIFY = reverse("security:two_factor_verify")


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.BULLETIN_TWO_FACTOR_REQUIRED = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def enrol(client, user) -> list[str]:
    """Enrol `user` through the pages; returns the backup codes shown."""
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    return response.context["codes"]


def test_an_approver_is_sent_to_enrol_first_in_chinese(client, approver):
    client.force_login(approver)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page  # the QR code, drawn in the page: no external image
    assert "用手机上的身份验证器扫描此二维码" in page


def test_editors_and_recipients_are_not_asked(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200


def test_enrolment_confirms_the_app_and_gives_ten_backup_codes(client, approver):
    codes = enrol(client, approver)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=approver).confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_at_enrolment_is_refused_in_chinese(client, approver):
    client.force_login(approver)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=approver, confirmed=True).exists()


def test_the_next_sign_in_asks_for_a_code_and_a_backup_code_works_once(client, approver):
    codes = enrol(client, approver)
    client.logout()
    client.force_login(approver)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    client.force_login(approver)
    reused = client.post(VERIFY, {"code": codes[0]})
    assert reused.status_code == 200
    assert "验证码不正确或已用过" in reused.content.decode()


def test_sign_off_is_refused_in_the_service_without_a_verified_factor(
    make_issue, move_issue_to, approver
):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    with pytest.raises(WorkflowPermissionDenied, match="双因素"):
        services.sign_off(issue, approver)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW
    device = TOTPDevice.objects.create(user=approver, name="app", confirmed=True)
    approver.otp_device = device  # what OTPMiddleware sets after a verified sign-in
    services.sign_off(issue, approver)
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SIGNED_OFF


def test_sign_off_through_the_admin_after_verifying(client, make_issue, move_issue_to, approver):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    enrol(client, approver)
    url = reverse("admin:issues_issue_transition", args=[issue.pk, "sign-off"])
    client.post(url, {})
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SIGNED_OFF


def test_after_a_wrong_code_even_the_right_one_must_wait(client, approver):
    enrol(client, approver)
    client.logout()
    client.force_login(approver)
    assert client.post(VERIFY, {"code": "000000"}).status_code == 200  # shown again
    device = TOTPDevice.objects.get(user=approver)
    assert device.throttling_failure_count == 1
    # django-otp doubles the wait with each failure: guessing is slowed down.
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 200
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)


def test_a_password_alone_cannot_enrol_another_phone(client, approver):
    enrol(client, approver)
    client.logout()
    client.force_login(approver)  # the password, without the second factor
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    client.post(SETUP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=approver).count() == 1
