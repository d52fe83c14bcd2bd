"""Makes a self-signed office certificate and key for trying out signed official PDFs."""

import datetime
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def make_certificate(office: str, days: int) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, office),
            x509.NameAttribute(NameOID.COMMON_NAME, office),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: the office stands by the document
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


class Command(BaseCommand):
    help = _(
        "Makes a self-signed certificate and key for the compiling office, to try out signed "
        "official PDFs. Recipients cannot check a self-signed certificate against a public "
        "authority: for real use, get a certificate from a CA."
    )

    def add_arguments(self, parser):
        parser.add_argument("office", help=_("The office's name, as the certificate shows it."))
        parser.add_argument(
            "--directory", default=".", help=_("Where to write office-cert.pem and office-key.pem.")
        )
        parser.add_argument("--days", type=int, default=730, help=_("Validity in days."))
        parser.add_argument(
            "--force", action="store_true", help=_("Replace existing files of those names.")
        )

    def handle(self, *args, office, directory, days, force, **options):
        office = office.strip()
        if not office:
            raise CommandError(_("Give the office's name."))
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": folder})
        cert_path, key_path = folder / "office-cert.pem", folder / "office-key.pem"
        existing = [str(path) for path in (cert_path, key_path) if path.exists()]
        if existing and not force:
            raise CommandError(
                _("%(files)s already exist; use --force to replace them.")
                % {"files": ", ".join(existing)}
            )
        key, certificate = make_certificate(office, days)
        password = os.environ.get("BULLETIN_SIGNING_KEY_PASSWORD", "")
        encryption = (
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption()
        )
        key_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )
        # The key is readable by its owner only, from the moment it exists.
        key_path.unlink(missing_ok=True)
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as key_file:
            key_file.write(key_pem)
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        fingerprint = certificate.fingerprint(hashes.SHA256()).hex(":").upper()
        self.stdout.write(
            _("Wrote %(cert)s and %(key)s. Add to the environment:")
            % {"cert": cert_path, "key": key_path}
        )
        self.stdout.write(f"BULLETIN_SIGNING_CERT={cert_path.resolve()}")
        self.stdout.write(f"BULLETIN_SIGNING_KEY={key_path.resolve()}")
        self.stdout.write(_("SHA-256 fingerprint: %(fingerprint)s") % {"fingerprint": fingerprint})
