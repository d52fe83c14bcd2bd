from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """Links in e-mails are made from SITE_URL; the development default points nowhere."""
    if "localhost" in settings.SITE_URL or "127.0.0.1" in settings.SITE_URL:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL}: links in e-mails will not open for "
                "their recipients.",
                hint="Set SITE_URL to the site's public address, e.g. https://bulletin.example.org",
                id="notices.W001",
            )
        ]
    return []
