"""System checks: say when official PDFs go out unsigned, or the signing set-up is broken."""

from django.core.checks import Error, Info, register

from signatures.credentials import SigningMisconfigured, is_configured, office_credentials


@register()
def check_signing_credentials(app_configs=None, **kwargs):
    if not is_configured():
        # A choice the office may make (the admin says so too), not a fault.
        return [
            Info(
                "No signing certificate is configured: official PDFs are stored without a "
                "digital signature.",
                hint="Set BULLETIN_SIGNING_PKCS12 (and BULLETIN_SIGNING_PKCS12_PASSWORD), or "
                "BULLETIN_SIGNING_CERT and BULLETIN_SIGNING_KEY. For a trial, "
                "`manage.py make_office_certificate` makes a self-signed certificate.",
                id="signatures.I001",
            )
        ]
    try:
        office_credentials()
    except SigningMisconfigured as error:
        return [
            Error(
                f"The signing certificate cannot be used: {error}",
                hint="Sign-off fails until the BULLETIN_SIGNING_* settings are corrected.",
                id="signatures.E001",
            )
        ]
    return []
