"""The printable certificate (PDF, A4 landscape) and its QR code for labels.

The certificate is an official Vietnamese document, so its wording is fixed Vietnamese rather
than translated with the interface. The QR code carries the public verification address
`{OCOP_SITE_URL}/verify/<code>`.
"""

import datetime
import io
from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from ocop.certification.models import VALIDITY_MONTHS, Certificate, CertificateStatus
from ocop.places.models import Province
from ocop.security.signing import identity_for, sign_pdf

FONTS = Path(__file__).resolve().parent / "fonts"

STATUS_VI: dict[str, str] = {
    CertificateStatus.EXPIRED: "Đã hết hiệu lực",
    CertificateStatus.SUSPENDED: "Đang bị tạm đình chỉ",
    CertificateStatus.REVOKED: "Đã bị thu hồi",
    CertificateStatus.SUPERSEDED: "Đã được thay thế bằng giấy chứng nhận khác",
    CertificateStatus.NOT_YET_VALID: "Chưa có hiệu lực",
}


def qr_code(certificate: Certificate) -> segno.QRCode:
    """The QR code of a certificate: its public verification address, error level M."""
    return segno.make_qr(certificate.public_verify_url(), error="m")


def qr_png(certificate: Certificate, scale: int = 10) -> bytes:
    out = io.BytesIO()
    qr_code(certificate).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(certificate: Certificate, scale: int = 10) -> bytes:
    out = io.BytesIO()
    qr_code(certificate).save(out, kind="svg", scale=scale, border=4, title=certificate.code)
    return out.getvalue()


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _issuer(certificate: Certificate) -> str:
    round = certificate.decision.round
    province = (
        round.province if round else Province.objects.filter(code=settings.OCOP_PROVINCE).first()
    )
    return f"ỦY BAN NHÂN DÂN {province.name.upper()}" if province else "ỦY BAN NHÂN DÂN"


class CertificatePDF(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=False)
        self.set_margins(20, 15, 20)

    def centered(self, text: str, size: float, bold: bool = False, height: float = 8) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def line_item(self, label: str, value: str, size: float = 12) -> None:
        self.set_font("DejaVu", "", size)
        self.cell(62, 8, label)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(150, 8, value, align="L", new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(certificate: Certificate, today: datetime.date | None = None) -> bytes:
    """The certificate as a one-page PDF in Vietnamese, with its QR code."""
    today = today or timezone.localdate()
    product, decision = certificate.product, certificate.decision
    producer = product.producer
    pdf = CertificatePDF()
    pdf.set_title(f"Giấy chứng nhận sản phẩm OCOP {certificate.code}")
    pdf.set_author(_issuer(certificate))
    pdf.add_page()
    pdf.set_draw_color(150, 30, 30)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, 281, 194)

    pdf.set_y(14)
    pdf.centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, bold=True, height=6)
    pdf.centered("Độc lập - Tự do - Hạnh phúc", 11, height=7)
    pdf.centered(_issuer(certificate), 11, bold=True, height=6)
    pdf.ln(4)
    pdf.set_text_color(150, 30, 30)
    pdf.centered("GIẤY CHỨNG NHẬN", 26, bold=True, height=13)
    pdf.centered("SẢN PHẨM OCOP", 18, bold=True, height=10)
    pdf.set_text_color(0, 0, 0)
    pdf.centered("Chương trình Mỗi xã một sản phẩm (OCOP)", 11, height=7)
    pdf.ln(5)

    pdf.line_item("Tên sản phẩm:", product.name)
    pdf.line_item("Chủ thể OCOP:", producer.name)
    commune = producer.commune
    pdf.line_item("Địa chỉ:", ", ".join(p for p in (producer.address, str(commune)) if p))
    stars = f"{certificate.stars_label} ({certificate.stars} sao)"
    if certificate.potential_five:
        stars += " – sản phẩm tiềm năng 5 sao"
    pdf.line_item("Hạng sản phẩm:", stars)
    if certificate.score is not None:
        pdf.line_item("Điểm đánh giá:", f"{certificate.score:.2f}".replace(".", ","))
    decision_text = f"số {decision.number} ngày {_day(decision.date)}"
    if decision.signer:
        decision_text += f", người ký: {decision.signer}"
    pdf.line_item("Quyết định công nhận:", decision_text)
    pdf.line_item(
        "Thời hạn:",
        f"{VALIDITY_MONTHS} tháng, từ ngày {_day(certificate.issued_on)} "
        f"đến ngày {_day(certificate.expires_on)}",
    )
    pdf.line_item("Mã chứng nhận:", certificate.code, size=13)

    status = certificate.status_on(today)
    if status != CertificateStatus.VALID or certificate.is_sample:
        pdf.ln(2)
        pdf.set_text_color(200, 0, 0)
        note = f"Tình trạng ngày {_day(today)}: {STATUS_VI.get(status, 'Còn hiệu lực')}"
        if certificate.is_sample:
            note = "DỮ LIỆU MẪU – KHÔNG CÓ GIÁ TRỊ. " + note
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(200, 7, note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    pdf.image(io.BytesIO(qr_png(certificate, scale=8)), x=235, y=132, w=45, h=45)
    pdf.set_xy(205, 178)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(80, 4, "Quét mã để kiểm tra:\n" + certificate.public_verify_url(), align="C")
    # Signed (PAdES) when the office configured its key; sample data with the DEMO key.
    identity = identity_for(sample=certificate.is_sample)
    if identity is None:
        return bytes(pdf.output())
    reason = f"Giấy chứng nhận sản phẩm OCOP {certificate.code}"
    return sign_pdf(bytes(pdf.output()), identity, reason=reason, location=_issuer(certificate))
