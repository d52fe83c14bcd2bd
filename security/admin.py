"""django-otp's admin of the staff's second factors, with Chinese headings.

Administrators reset a user's second factor here (deleting the device makes the
user enrol again); OTP_ADMIN_HIDE_SENSITIVE_DATA keeps secrets and codes out of it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's fieldset headings, which it does not translate.
FIELDSET_NAMES = {
    "Identity": _("Device"),
    "Timestamps": _("Times"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Failed attempts"),
}
SEARCH_HELP_TEXT = _("Search by the user's user name or e-mail address.")


class ChineseFieldsetsMixin:
    search_help_text = SEARCH_HELP_TEXT

    def get_fieldsets(self, request, obj=None):
        return [
            (FIELDSET_NAMES.get(name, name), options)
            for name, options in super().get_fieldsets(request, obj)
        ]


class AuthenticatorAppAdmin(ChineseFieldsetsMixin, TOTPDeviceAdmin):
    pass


class BackupCodeSetAdmin(ChineseFieldsetsMixin, StaticDeviceAdmin):
    pass


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAppAdmin)
admin.site.unregister(StaticDevice)
admin.site.register(StaticDevice, BackupCodeSetAdmin)
