"""System check: a configured signing certificate must load, or every sign-off would fail.

Running without a certificate is the office's choice, not a fault: the admin
index says so to the people who sign off (templates/signatures/admin_notice.html).
"""

from django.core.checks import Error, register

from signatures.credentials import SigningMisconfigured, is_configured, office_credentials


@register()
def check_signing_credentials(app_configs=None, **kwargs):
    if not is_configured():
        return []
    try:
        office_credentials()
    except SigningMisconfigured as error:
        return [
            Error(
                f"The signing certificate cannot be used: {error}",
                hint="Sign-off fails until the BULLETIN_SIGNING_* settings are corrected. For a "
                "trial, `manage.py make_office_certificate` makes a self-signed certificate.",
                id="signatures.E001",
            )
        ]
    return []
