"""A trial office certificate for the signature tests, made once per test session."""

import pytest
from django.core.management import call_command

from signatures.credentials import office_credentials

OFFICE = "上海市快递行业精神文明创建办公室"


@pytest.fixture(scope="session")
def office_certificate(tmp_path_factory):
    """(certificate path, key path) made by `manage.py make_office_certificate`."""
    folder = tmp_path_factory.mktemp("office-certificate")
    call_command("make_office_certificate", OFFICE, directory=str(folder), stdout=None)
    return folder / "office-cert.pem", folder / "office-key.pem"


@pytest.fixture
def signing_configured(settings, office_certificate):
    """Official PDFs are signed with the trial certificate; the loaded credentials are fresh."""
    certificate, key = office_certificate
    settings.BULLETIN_SIGNING_CERT = str(certificate)
    settings.BULLETIN_SIGNING_KEY = str(key)
    office_credentials.cache_clear()
    yield office_credentials()
    office_credentials.cache_clear()


@pytest.fixture
def signing_not_configured(settings):
    settings.BULLETIN_SIGNING_CERT = settings.BULLETIN_SIGNING_KEY = ""
    settings.BULLETIN_SIGNING_PKCS12 = ""
    office_credentials.cache_clear()
    yield
    office_credentials.cache_clear()
