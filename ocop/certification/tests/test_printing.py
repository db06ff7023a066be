import datetime
import io

import segno
from defusedxml.ElementTree import fromstring
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ocop.certification.models import Suspension
from ocop.certification.printing import certificate_pdf
from ocop.certification.tests.helpers import CertificationTestCase, make_certificate

VERIFY = "https://ocop.example.vn/verify/HN-2025-00123"


def png_modules(png: bytes, scale: int = 10, border: int = 4) -> list[list[bool]]:
    """Read a QR code PNG back into its module matrix (True = dark), by sampling the centre
    of each module."""
    image = Image.open(io.BytesIO(png)).convert("1")
    size = image.width // scale - 2 * border

    def dark(x: int, y: int) -> bool:
        centre = ((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)
        return image.getpixel(centre) == 0

    return [[dark(x, y) for x in range(size)] for y in range(size)]


class PrintingTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.cert = make_certificate(
            self.vase, code="HN-2025-00123", day=datetime.date(2025, 3, 10), stars=4
        )

    def pdf_text(self, data: bytes) -> str:
        reader = PdfReader(io.BytesIO(data))
        self.assertEqual(len(reader.pages), 1)
        return " ".join(reader.pages[0].extract_text().split())  # lines may wrap

    def test_the_pdf_opens_and_reads_in_vietnamese(self) -> None:
        with self.settings(OCOP_SITE_URL="https://ocop.example.vn"):
            text = self.pdf_text(certificate_pdf(self.cert, today=datetime.date(2025, 6, 1)))
        for expected in [
            "GIẤY CHỨNG NHẬN",
            "SẢN PHẨM OCOP",
            "Bình gốm men rạn",
            "Hợp tác xã gốm sứ Bát Tràng",
            "Xã Bát Tràng",
            "★★★★ (4 sao)",
            "100/QĐ-UBND ngày 10/03/2025",
            "từ ngày 10/03/2025 đến ngày 10/03/2028",
            "HN-2025-00123",
            VERIFY,
        ]:
            self.assertIn(expected, text)
        self.assertNotIn("Tình trạng", text)

    def test_the_pdf_says_when_a_certificate_is_no_longer_valid(self) -> None:
        Suspension.objects.create(
            certificate=self.cert, starts_on=datetime.date(2025, 5, 1), reason="x", decision_ref="1"
        )
        text = self.pdf_text(certificate_pdf(self.cert, today=datetime.date(2025, 6, 1)))
        self.assertIn("Tình trạng ngày 01/06/2025: Đang bị tạm đình chỉ", text)

    def test_the_qr_png_encodes_the_public_verification_url(self) -> None:
        self.login(self.producer)
        with self.settings(OCOP_SITE_URL="https://ocop.example.vn/"):
            response = self.client.get(reverse("certification:qr_png", args=[self.cert.pk]))
        self.assertEqual(response["Content-Type"], "image/png")
        expected = segno.make_qr(VERIFY, error="m")
        matrix = [[bool(v) for v in row] for row in expected.matrix]
        self.assertEqual(png_modules(response.content), matrix)
        # And a QR code for any other text would not match this image.
        other = segno.make_qr(VERIFY.replace("00123", "00124"), error="m")
        self.assertNotEqual(
            png_modules(response.content), [[bool(v) for v in r] for r in other.matrix]
        )

    def test_the_qr_svg_is_an_svg_file_for_labels(self) -> None:
        self.login(self.producer)
        response = self.client.get(reverse("certification:qr_svg", args=[self.cert.pk]))
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        self.assertIn('filename="HN-2025-00123-qr.svg"', response["Content-Disposition"])
        root = fromstring(response.content)
        self.assertTrue(root.tag.endswith("svg"))

    def test_the_pdf_download_is_a_pdf_named_after_the_code(self) -> None:
        self.login(self.officer)
        response = self.client.get(reverse("certification:certificate_pdf", args=[self.cert.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("HN-2025-00123.pdf", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_another_producer_cannot_download_it(self) -> None:
        self.login(self.other_producer)
        for name in ("certificate_pdf", "qr_png", "qr_svg"):
            response = self.client.get(reverse(f"certification:{name}", args=[self.cert.pk]))
            self.assertEqual(response.status_code, 403)
