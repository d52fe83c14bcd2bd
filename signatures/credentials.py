"""The office's signing certificate and key, as the environment configures them.

Either a certificate and a key file (PEM or DER; BULLETIN_SIGNING_CERT,
BULLETIN_SIGNING_KEY, optionally BULLETIN_SIGNING_KEY_PASSWORD and
BULLETIN_SIGNING_CHAIN for intermediate certificates) or a PKCS#12 file
(BULLETIN_SIGNING_PKCS12 with BULLETIN_SIGNING_PKCS12_PASSWORD). With neither,
official PDFs are stored unsigned, as before.
"""

from dataclasses import dataclass
from functools import cache, cached_property

from asn1crypto import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from django.conf import settings
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.signers import SimpleSigner


class SigningNotConfigured(Exception):
    """No certificate is configured: official PDFs are stored unsigned."""


class SigningMisconfigured(Exception):
    """A certificate is configured but cannot be used (missing file, wrong password…)."""


class OfficeSigner(SimpleSigner):
    """pyHanko's SimpleSigner with its private key parsed once, not for every signature.

    SimpleSigner.sign_raw() parses the key anew each time, and checking an
    RSA key costs about 0.4 s; pyHanko signs twice per PDF (a trial to size
    the signature, then the real one).
    """

    @cached_property
    def private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15":
            return self.private_key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa":
            return self.private_key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


@dataclass(frozen=True)
class OfficeCredentials:
    signer: OfficeSigner
    # The name written into the signature; the certificate's common name by default.
    name: str
    tsa_url: str

    @property
    def certificate(self) -> x509.Certificate:
        return self.signer.signing_cert

    @property
    def trust_roots(self) -> list[x509.Certificate]:
        """What verification trusts: the office certificate and the chain it came with."""
        return [self.certificate, *self.signer.cert_registry]


def is_configured() -> bool:
    return bool(settings.BULLETIN_SIGNING_PKCS12 or settings.BULLETIN_SIGNING_CERT)


def _password(value: str) -> bytes | None:
    return value.encode() if value else None


def _load_signer() -> OfficeSigner:
    if settings.BULLETIN_SIGNING_PKCS12:
        paths = [settings.BULLETIN_SIGNING_PKCS12]
        signer = SimpleSigner.load_pkcs12(
            settings.BULLETIN_SIGNING_PKCS12,
            passphrase=_password(settings.BULLETIN_SIGNING_PKCS12_PASSWORD),
        )
    else:
        if not settings.BULLETIN_SIGNING_KEY:
            raise SigningMisconfigured(
                "BULLETIN_SIGNING_CERT is set but BULLETIN_SIGNING_KEY is not."
            )
        paths = [settings.BULLETIN_SIGNING_CERT, settings.BULLETIN_SIGNING_KEY]
        signer = SimpleSigner.load(
            settings.BULLETIN_SIGNING_KEY,
            settings.BULLETIN_SIGNING_CERT,
            ca_chain_files=settings.BULLETIN_SIGNING_CHAIN or None,
            key_passphrase=_password(settings.BULLETIN_SIGNING_KEY_PASSWORD),
        )
    if signer is None:
        # pyHanko logs the cause and returns None.
        raise SigningMisconfigured(
            f"Could not load the signing certificate and key from {', '.join(paths)} "
            "(missing or unreadable file, wrong format or wrong password)."
        )
    return OfficeSigner(
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
        signature_mechanism=signer.signature_mechanism,
    )


@cache
def office_credentials() -> OfficeCredentials:
    """The configured credentials, loaded once per process.

    Raises SigningNotConfigured when there are none and SigningMisconfigured
    when they cannot be loaded.
    """
    if not is_configured():
        raise SigningNotConfigured
    signer = _load_signer()
    name = settings.BULLETIN_SIGNING_NAME or signer.signing_cert.subject.native.get(
        "common_name", ""
    )
    return OfficeCredentials(signer=signer, name=name, tsa_url=settings.BULLETIN_SIGNING_TSA_URL)


def warm_up() -> None:
    """Load and parse the office key now (about 0.4 s for RSA), if one is configured."""
    try:
        credentials = office_credentials()
    except SigningNotConfigured:
        return
    credentials.signer.private_key  # noqa: B018  (parses and caches the key)
