"""Installed third-party apps under the names the office reads in the admin."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from django_tasks_db.apps import TasksAppConfig


def _local_time(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in protection")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # django-axes names its records in English, with times in UTC; the admin's
        # titles, breadcrumbs and history show these names.
        AccessAttempt.__str__ = lambda attempt: (
            gettext("Log-in attempts of %(user)s, last at %(time)s")
            % {"user": attempt.username, "time": _local_time(attempt.attempt_time)}
        )
        AccessLog.__str__ = lambda log: (
            gettext("Log-in of %(user)s at %(time)s")
            % {
                "user": log.username,
                "time": _local_time(log.attempt_time),
            }
        )
        AccessFailureLog.__str__ = lambda failure: (
            gettext("Failed log-in of %(user)s at %(time)s from %(address)s")
            % {
                "user": failure.username,
                "time": _local_time(failure.attempt_time),
                "address": failure.ip_address,
            }
        )


class TaskQueueConfig(TasksAppConfig):
    verbose_name = _("Mail queue")


# django-otp names its models, fields and help texts in plain English, past Django's
# translation; the admins manage (reset) the staff's second factors under these names.
_DEVICE_FIELDS = {
    "user": (_("user"), _("The user that this device belongs to.")),
    "name": (_("name"), _("The human-readable name of this device.")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "created_at": (
        _("created at"),
        _("The date and time when this device was initially created in the system."),
    ),
    "last_used_at": (_("last used at"), _("The most recent date and time this device was used.")),
    "throttling_failure_timestamp": (
        _("last failed attempt"),
        _("A timestamp of the last failed verification attempt. Null if last attempt succeeded."),
    ),
    "throttling_failure_count": (
        _("failed attempts"),
        _("Number of successive failed attempts."),
    ),
}
_TOTP_FIELDS = {
    "key": (_("secret key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("time step"), _("The time step in seconds.")),
    "t0": (_("start time"), _("The Unix time at which to begin counting steps.")),
    "digits": (_("digits"), _("The number of digits to expect in a token.")),
    "tolerance": (
        _("tolerance"),
        _("The number of time steps in the past or future to allow."),
    ),
    "drift": (
        _("drift"),
        _("The number of time steps the prover is known to deviate from our clock."),
    ),
    "last_t": (
        _("last time step"),
        _(
            "The t value of the latest verified token. "
            "The next token must be at a higher time step."
        ),
    ),
}
_STATIC_TOKEN_FIELDS = {
    "device": (_("backup code set"), ""),
    "token": (_("backup code"), ""),
}


def _name_in_chinese(model, verbose_name, verbose_name_plural, fields):
    model._meta.verbose_name = verbose_name
    model._meta.verbose_name_plural = verbose_name_plural
    for field_name, (name, help_text) in fields.items():
        field = model._meta.get_field(field_name)
        field.verbose_name = name
        field.help_text = help_text


class AuthenticatorAppConfig(TOTPConfig):
    verbose_name = _("Two-factor: authenticator apps")

    def ready(self):
        super().ready()
        _name_in_chinese(
            self.get_model("TOTPDevice"),
            _("authenticator app"),
            _("authenticator apps"),
            {**_DEVICE_FIELDS, **_TOTP_FIELDS},
        )


class BackupCodeConfig(StaticConfig):
    verbose_name = _("Two-factor: backup codes")

    def ready(self):
        super().ready()
        _name_in_chinese(
            self.get_model("StaticDevice"),
            _("backup code set"),
            _("backup code sets"),
            _DEVICE_FIELDS,
        )
        _name_in_chinese(
            self.get_model("StaticToken"), _("backup code"), _("backup codes"), _STATIC_TOKEN_FIELDS
        )
