"""Evidence uploads: checked by content, fingerprinted, shown with who and when, private."""

import hashlib
import io
import shutil
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ocop.audit.models import Event
from ocop.evaluation.models import Dossier, DossierStatus, EvidenceFile
from ocop.evaluation.tests.helpers import make_council, make_dossier, make_round
from ocop.test import BaseTestCase


def pdf_bytes() -> bytes:
    """A minimal one-page PDF written with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 60)).save(out, format="PNG")
    return out.getvalue()


class EvidenceTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.media = tempfile.mkdtemp()
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        self.addCleanup(shutil.rmtree, self.media, True)
        self.round = make_round()
        self.dossier = make_dossier(self.round, self.vase)
        self.url = reverse("evaluation:evidence_upload", args=[self.dossier.pk])

    def upload(self, name: str, content: bytes, item: str = "business_registration") -> Any:
        self.login(self.producer)
        return self.client.post(
            self.url, {"item": item, "file": SimpleUploadedFile(name, content)}, follow=True
        )

    def test_a_pdf_is_stored_with_its_fingerprint_size_uploader_and_time(self) -> None:
        content = pdf_bytes()
        response = self.upload("giay-dkkd.pdf", content)
        evidence = EvidenceFile.objects.get()
        self.assertEqual(evidence.sha256, hashlib.sha256(content).hexdigest())
        self.assertEqual((evidence.size, evidence.uploaded_by), (len(content), self.producer))
        self.assertEqual(evidence.content_type, "application/pdf")
        self.assertContains(response, evidence.sha256)
        self.assertContains(response, "giay-dkkd.pdf")
        self.assertContains(response, timezone.localtime(evidence.uploaded_at).strftime("%d/%m/%Y"))
        self.assertTrue(Event.objects.filter(action="dossier.evidence_add").exists())

    def test_a_renamed_executable_is_refused(self) -> None:
        response = self.upload("nhan.png", b"MZ\x90\x00 not an image at all" * 10)
        self.assertContains(response, "Only PDF, JPEG, PNG or WebP files are accepted")
        self.assertFalse(EvidenceFile.objects.exists())

    def test_a_broken_pdf_is_refused(self) -> None:
        response = self.upload("x.pdf", b"%PDF-1.4\n garbage without pages")
        self.assertContains(response, "not a readable PDF")
        self.assertFalse(EvidenceFile.objects.exists())

    @override_settings(OCOP_MAX_EVIDENCE_BYTES=1000)
    def test_a_file_over_the_size_limit_is_refused(self) -> None:
        response = self.upload("big.png", png_bytes() + b"\0" * 2000)
        self.assertContains(response, "too large")
        self.assertFalse(EvidenceFile.objects.exists())

    def test_an_item_outside_the_checklist_is_refused(self) -> None:
        self.upload("a.png", png_bytes(), item="food_safety")  # ceramics: no food-safety item
        self.assertFalse(EvidenceFile.objects.exists())

    def test_files_cannot_be_added_once_submitted(self) -> None:
        Dossier.objects.filter(pk=self.dossier.pk).update(status=DossierStatus.SUBMITTED)
        response = self.upload("a.png", png_bytes())
        self.assertContains(response, "can be changed only as a draft or when returned")
        self.assertFalse(EvidenceFile.objects.exists())

    def test_evidence_is_served_to_those_who_may_see_the_dossier_only(self) -> None:
        self.upload("a.png", png_bytes())
        evidence = EvidenceFile.objects.get()
        url = evidence.get_absolute_url()
        Dossier.objects.filter(pk=self.dossier.pk).update(status=DossierStatus.ACCEPTED)
        other_secretary = self.make_user("sec_elsewhere", "secretary")
        make_council(self.round, secretary=self.secretary, scorers=[self.member])
        allowed = [self.producer, self.officer, self.member, self.secretary, self.office]
        for user in allowed:
            self.login(user)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response["Content-Type"], "image/png")
            self.assertEqual(b"".join(response.streaming_content), png_bytes())  # type: ignore[attr-defined]
        for user in [self.other_producer, other_secretary, self.operator, self.nobody]:
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 403, user)

    def test_removing_a_file_deletes_it_from_the_dossier(self) -> None:
        self.upload("a.png", png_bytes())
        evidence = EvidenceFile.objects.get()
        self.client.post(reverse("evaluation:evidence_remove", args=[evidence.pk]))
        self.assertFalse(EvidenceFile.objects.exists())
        self.assertTrue(Event.objects.filter(action="dossier.evidence_remove").exists())
