"""Two-factor sign-in (TOTP, django-otp) for approvers and administrators.

When settings.BULLETIN_TWO_FACTOR_REQUIRED is on (production turns it on),
users who may sign off issues, and superusers, must confirm each sign-in with
a code from an authenticator app, or one of their backup codes; until then
the middleware sends them to enrol or to enter a code, and a sign-off is
refused in the service layer (issues.services asks confirmed_for_sign_off).
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "authenticator"


def is_required() -> bool:
    return settings.BULLETIN_TWO_FACTOR_REQUIRED


def needs_second_factor(user) -> bool:
    """Approvers and administrators: those whose word makes an issue official."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("issues.sign_off_issue"))
    )


def is_verified(user) -> bool:
    """Whether this sign-in was confirmed with a second factor (set by OTPMiddleware)."""
    device = getattr(user, "otp_device", None)
    return device is not None and device.user_id == user.pk


def has_device(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def confirmed_for_sign_off(user) -> bool:
    """Whether `user`'s sign-in allows a sign-off: confirmed with a second factor, if required."""
    return not is_required() or is_verified(user)


def pending_authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The user's unconfirmed authenticator to enrol; made (with a new secret) if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_authenticator(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with the app's first code; returns new backup codes, or None.

    The new authenticator replaces any earlier one, and the backup codes any
    earlier codes.
    """
    if not device.verify_token(token.strip()):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_backup_codes(device.user)


def new_backup_codes(user) -> list[str]:
    """Ten single-use codes for when the phone is not at hand; earlier codes stop working."""
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def verified_device(user, token: str):
    """The user's device that accepts `token` (a TOTP code or an unused backup code), or None."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None
