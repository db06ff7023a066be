"""Digital signatures (PAdES) on issued certificate PDFs, with pyHanko.

The office configures its key and self-signed certificate (PEM files) with the settings
OCOP_SIGNING_KEY and OCOP_SIGNING_CERT; an encrypted key's passphrase comes from the
environment variable OCOP_SIGNING_PASSPHRASE. Real certificates are signed only with that key.

Sample certificates (demo data) are signed with a DEMO key instead, never with the office's:
it is generated on first use under var/signing/ (or by `ocop signing-demo-key`), and its
certificate says DEMO in its subject so that nobody mistakes it for the office's signature.
"""

import asyncio
import datetime
import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

PASSPHRASE_VARIABLE = "OCOP_SIGNING_PASSPHRASE"  # noqa: S105 (a variable name)
FIELD_NAME = "OCOPSignature"
DEMO_COMMON_NAME = "DEMO - OCOP sample data signer (NOT VALID, NOT the office's key)"
DEMO_ORGANIZATION = "DEMO ONLY - ocop sample data"
DEMO_VALID_DAYS = 3650
PUBLIC = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True)
class Identity:
    """A key and its certificate, ready to sign."""

    key: asn1_keys.PrivateKeyInfo
    certificate: asn1_x509.Certificate
    demo: bool

    @property
    def subject(self) -> str:
        """The certificate's name as people read it: "common name (organization)"."""
        name = self.certificate.subject.native
        organization = name.get("organization_name")
        common = name.get("common_name", "")
        return f"{common} ({organization})" if organization else common

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate, in the colon-separated form people compare."""
        digest = self.certificate.sha256.hex().upper()
        return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def demo_path() -> Path:
    return Path(settings.VAR_DIR) / "signing" / "demo-signer.pem"


def make_self_signed(
    *, common_name: str, organization: str, days: int, passphrase: bytes | None = None
) -> tuple[bytes, bytes]:
    """A new RSA key and a self-signed certificate for signing documents, both as PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def write_demo_key(path: Path | None = None) -> Path:
    """Generate the DEMO key and certificate into one PEM file (readable by the owner only)."""
    path = path or demo_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    key_pem, cert_pem = make_self_signed(
        common_name=DEMO_COMMON_NAME, organization=DEMO_ORGANIZATION, days=DEMO_VALID_DAYS
    )
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key_pem + cert_pem)
    os.replace(partial, path)  # atomic: another process never reads half a file
    return path


def load_certificate(pem: bytes) -> asn1_x509.Certificate:
    """A PEM certificate as pyHanko uses it."""
    cert = x509.load_pem_x509_certificate(pem)
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def load_identity(
    key_pem: bytes, cert_pem: bytes, passphrase: bytes | None = None, demo: bool = False
) -> Identity:
    """A key and its certificate from PEM; ValueError when the key is not the certificate's."""
    key = serialization.load_pem_private_key(key_pem, password=passphrase)
    cert = x509.load_pem_x509_certificate(cert_pem)
    if key.public_key().public_bytes(*PUBLIC) != cert.public_key().public_bytes(*PUBLIC):
        raise ValueError("the key does not belong to the certificate")
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return Identity(
        key=asn1_keys.PrivateKeyInfo.load(der), certificate=load_certificate(cert_pem), demo=demo
    )


@lru_cache(maxsize=4)
def _load_files(
    key_file: str, cert_file: str, passphrase: bytes | None, stamp: tuple[float, float]
) -> Identity:
    try:
        return load_identity(Path(key_file).read_bytes(), Path(cert_file).read_bytes(), passphrase)
    except (OSError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"OCOP_SIGNING_KEY / OCOP_SIGNING_CERT cannot be used: {error}"
        ) from error


@lru_cache(maxsize=4)
def _load_demo(path: str, stamp: float) -> Identity:
    pem = Path(path).read_bytes()
    return load_identity(pem, pem, demo=True)


def office_identity() -> Identity | None:
    """The office's configured key, or None when none is configured."""
    key_file, cert_file = settings.OCOP_SIGNING_KEY, settings.OCOP_SIGNING_CERT
    if not key_file or not cert_file:
        return None
    try:
        stamp = (os.stat(key_file).st_mtime, os.stat(cert_file).st_mtime)
    except OSError as error:
        raise ImproperlyConfigured(f"OCOP_SIGNING_KEY / OCOP_SIGNING_CERT: {error}") from error
    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "").encode() or None
    return _load_files(str(key_file), str(cert_file), passphrase, stamp)


def demo_identity() -> Identity:
    """The DEMO key for sample data, generated on first use."""
    path = demo_path()
    if not path.exists():
        write_demo_key(path)
    return _load_demo(str(path), path.stat().st_mtime)


def identity_for(*, sample: bool) -> Identity | None:
    """Who signs a certificate: the DEMO key for sample data, else the office's key (if any)."""
    return demo_identity() if sample else office_identity()


T = TypeVar("T")


def _outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's synchronous calls start their own asyncio loop, which cannot run inside a
    running one (an async view, a Playwright test): then they run in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def sign_pdf(pdf: bytes, identity: Identity, *, reason: str, location: str) -> bytes:
    """`pdf` with a PAdES (baseline B) signature by `identity` appended."""
    return _outside_event_loop(lambda: _sign(pdf, identity, reason=reason, location=location))


def _sign(pdf: bytes, identity: Identity, *, reason: str, location: str) -> bytes:
    signer = signers.SimpleSigner(
        signing_cert=identity.certificate,
        signing_key=identity.key,
        cert_registry=SimpleCertificateStore.from_certs([identity.certificate]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=identity.certificate.subject.native.get("common_name"),
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return out.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What a validation of a signed PDF found."""

    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    trusted: bool = False  # signed by the certificate we trust
    covers_whole_file: bool = False  # nothing was added after the signature
    signer: str = ""


def check_signature(pdf: bytes, trusted: asn1_x509.Certificate) -> SignatureCheck:
    """Validate the first signature of `pdf` against the `trusted` certificate."""
    return _outside_event_loop(lambda: _check(pdf, trusted))


def _check(pdf: bytes, trusted: asn1_x509.Certificate) -> SignatureCheck:
    reader = PdfFileReader(io.BytesIO(pdf))
    if not reader.embedded_signatures:
        return SignatureCheck(signed=False)
    embedded = reader.embedded_signatures[0]
    context = ValidationContext(trust_roots=[trusted])
    status = validate_pdf_signature(embedded, context, key_usage_settings=None)
    return SignatureCheck(
        signed=True,
        intact=status.intact,
        trusted=status.valid and status.trusted,
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        signer=status.signing_cert.subject.human_friendly,
    )
