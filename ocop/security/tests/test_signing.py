"""Certificate PDFs carry a PAdES signature by the office's key; a changed copy is detected."""

import datetime
import io
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import ClassVar
from unittest import mock

from asn1crypto import x509 as asn1_x509
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.certification.printing import certificate_pdf
from ocop.certification.tests.helpers import make_certificate
from ocop.security import checks, signing
from ocop.test import BaseTestCase

PASSPHRASE = "the office keeps this in its env file"


def flip_a_signed_byte(pdf: bytes) -> bytes:
    """A copy with one byte changed inside the page content (the file still parses)."""
    changed = bytearray(pdf)
    changed[pdf.index(b"stream\n") + 20] ^= 0x01
    return bytes(changed)


def cert_of(path: Path) -> asn1_x509.Certificate:
    return signing.load_certificate(path.read_bytes())


class SigningTestCase(BaseTestCase):
    folder: ClassVar[Path]
    key_file: ClassVar[Path]
    cert_file: ClassVar[Path]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="ocop-signing-"))
        key_pem, cert_pem = signing.make_self_signed(
            common_name="Văn phòng OCOP Hà Nội",
            organization="UBND Thành phố Hà Nội",
            days=365,
            passphrase=PASSPHRASE.encode(),
        )
        cls.key_file, cls.cert_file = cls.folder / "key.pem", cls.folder / "cert.pem"
        cls.key_file.write_bytes(key_pem)
        cls.cert_file.write_bytes(cert_pem)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.configured = override_settings(
            OCOP_SIGNING_KEY=str(self.key_file),
            OCOP_SIGNING_CERT=str(self.cert_file),
            VAR_DIR=self.folder / "var",
        )
        self.configured.enable()
        self.addCleanup(self.configured.disable)
        passphrase = mock.patch.dict(os.environ, {signing.PASSPHRASE_VARIABLE: PASSPHRASE})
        passphrase.start()
        self.addCleanup(passphrase.stop)
        recently = timezone.localdate() - datetime.timedelta(days=30)
        self.cert = make_certificate(self.vase, code="HN-2026-00042", day=recently)

    def test_it_signs_the_certificate_pdf_with_the_configured_key(self) -> None:
        found = signing.check_signature(certificate_pdf(self.cert), cert_of(self.cert_file))
        self.assertTrue(found.signed)
        self.assertTrue(found.intact)
        self.assertTrue(found.trusted)
        self.assertTrue(found.covers_whole_file)
        self.assertIn("Văn phòng OCOP Hà Nội", found.signer)

    def test_a_copy_with_one_changed_byte_is_reported_not_intact(self) -> None:
        tampered = flip_a_signed_byte(certificate_pdf(self.cert))
        found = signing.check_signature(tampered, cert_of(self.cert_file))
        self.assertTrue(found.signed)
        self.assertFalse(found.intact)
        self.assertFalse(found.trusted)

    def test_a_copy_with_bytes_added_after_the_signature_does_not_cover_the_whole_file(
        self,
    ) -> None:
        extended = certificate_pdf(self.cert) + b"\n% added later\n"
        found = signing.check_signature(extended, cert_of(self.cert_file))
        self.assertFalse(found.covers_whole_file)

    def test_a_pdf_signed_with_another_key_is_not_trusted(self) -> None:
        key_pem, cert_pem = signing.make_self_signed(
            common_name="Văn phòng OCOP Hà Nội", organization="Kẻ giả mạo", days=30
        )
        forger = signing.load_identity(key_pem, cert_pem)
        with override_settings(OCOP_SIGNING_KEY=""):
            unsigned = certificate_pdf(self.cert)
        forged = signing.sign_pdf(unsigned, forger, reason="forged", location="Hà Nội")
        found = signing.check_signature(forged, cert_of(self.cert_file))
        self.assertTrue(found.intact)
        self.assertFalse(found.trusted)

    def test_without_a_configured_key_real_certificates_are_not_signed(self) -> None:
        with override_settings(OCOP_SIGNING_KEY="", OCOP_SIGNING_CERT=""):
            pdf = certificate_pdf(self.cert)
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertFalse(signing.check_signature(pdf, cert_of(self.cert_file)).signed)

    def test_sample_certificates_are_signed_with_the_demo_key_never_the_offices(self) -> None:
        Certificate.objects.filter(pk=self.cert.pk).update(is_sample=True)
        self.cert.refresh_from_db()
        pdf = certificate_pdf(self.cert)
        self.assertFalse(signing.check_signature(pdf, cert_of(self.cert_file)).trusted)
        demo = signing.demo_identity()
        found = signing.check_signature(pdf, demo.certificate)
        self.assertTrue(found.trusted)
        self.assertIn("DEMO", found.signer)
        self.assertEqual(stat.S_IMODE(signing.demo_path().stat().st_mode), 0o600)

    def test_the_public_verification_page_offers_the_signed_pdf(self) -> None:
        response = self.client.get(reverse("catalogue:verify", args=[self.cert.code]))
        pdf_url = reverse("catalogue:verify_pdf", args=[self.cert.code])
        self.assertContains(response, f'href="{pdf_url}"')
        self.assertContains(response, "Download the signed certificate (PDF)")
        self.assertContains(response, signing.office_identity().fingerprint)  # type: ignore[union-attr]
        self.assertNotContains(response, "DEMO key")

    def test_anyone_downloads_the_signed_pdf_from_the_verification_address(self) -> None:
        response = self.client.get(reverse("catalogue:verify_pdf", args=[self.cert.code]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(f'filename="{self.cert.code}.pdf"', response["Content-Disposition"])
        found = signing.check_signature(response.content, cert_of(self.cert_file))
        self.assertTrue(found.intact and found.trusted)

    def test_an_unknown_code_has_no_pdf(self) -> None:
        response = self.client.get(reverse("catalogue:verify_pdf", args=["HN-2026-99999"]))
        self.assertEqual(response.status_code, 404)

    def test_a_wrong_passphrase_fails_the_deploy_check(self) -> None:
        with mock.patch.dict(os.environ, {signing.PASSPHRASE_VARIABLE: "wrong"}):
            errors = checks.signing_key_usable()
        self.assertEqual([e.id for e in errors], ["ocop.E102"])

    def test_a_key_that_does_not_match_the_certificate_fails_the_deploy_check(self) -> None:
        other_key, _ = signing.make_self_signed(
            common_name="x", organization="y", days=1, passphrase=PASSPHRASE.encode()
        )
        (self.folder / "other-key.pem").write_bytes(other_key)
        with override_settings(OCOP_SIGNING_KEY=str(self.folder / "other-key.pem")):
            errors = checks.signing_key_usable()
        self.assertEqual([e.id for e in errors], ["ocop.E102"])
        self.assertIn("does not belong", errors[0].msg)

    def test_a_key_without_its_certificate_fails_the_deploy_check(self) -> None:
        with override_settings(OCOP_SIGNING_CERT=""):
            self.assertEqual([e.id for e in checks.signing_key_usable()], ["ocop.E101"])

    def test_the_demo_key_command_writes_a_key_marked_demo(self) -> None:
        out = io.StringIO()
        call_command("signing_demo_key", "--replace", stdout=out)
        self.assertIn("DEMO", out.getvalue())
        pem = signing.demo_path().read_bytes()
        self.assertIn(b"PRIVATE KEY", pem)
        self.assertIn("DEMO", signing.demo_identity().subject)
