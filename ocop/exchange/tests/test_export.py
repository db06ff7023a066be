import datetime
import io

from openpyxl import load_workbook

from ocop.certification.models import Certificate, Decision
from ocop.exchange.models import JobStatus
from ocop.exchange.tests.base import ExchangeTestCase
from ocop.exchange.tests.test_import_certificates import era
from ocop.registry.models import Producer


class ExportTestCase(ExchangeTestCase):
    def setUp(self) -> None:
        self.bat_trang_coop.phone = "+84 24 3874 0000"
        self.bat_trang_coop.representative = '=HYPERLINK("http://evil")'
        self.bat_trang_coop.save()
        self.vase.reference_price = 1_250_000
        self.vase.save()
        decision = Decision.objects.create(
            number="1/QĐ",
            date=datetime.date(2024, 1, 5),
            era=era("148/2023", datetime.date(2023, 2, 24), None),
        )
        Certificate.objects.create(
            code="HN-2024-0001",
            product=self.vase,
            decision=decision,
            stars=4,
            score="81.25",
            issued_on=decision.date,
            expires_on=datetime.date(2027, 1, 5),
        )

    def export(self, kind: str, fmt: str, query: str = "") -> bytes:
        self.login(self.office)
        response = self.client.get(f"/exchange/export/{kind}.{fmt}{query}")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]

    def test_the_xlsx_export_has_vietnamese_headers_and_a_frozen_header_row(self) -> None:
        sheet = load_workbook(io.BytesIO(self.export("producers", "xlsx"))).active
        self.assertEqual(sheet["A1"].value, "Mã số thuế")
        self.assertEqual(sheet.freeze_panes, "A2")

    def test_text_that_looks_like_a_formula_is_made_harmless(self) -> None:
        text = self.export("producers", "csv").decode("utf-8-sig")
        self.assertIn("'=HYPERLINK", text)
        self.assertIn("'+84 24 3874 0000", text)

    def test_the_csv_export_starts_with_a_bom(self) -> None:
        self.assertTrue(self.export("products", "csv").startswith("\ufeff".encode()))

    def test_the_export_respects_the_list_filters(self) -> None:
        text = self.export("producers", "csv", "?q=van+phuc").decode("utf-8-sig")
        self.assertIn("Vạn Phúc", text)
        self.assertNotIn("Bát Tràng", text)

    def test_a_producer_exports_only_their_own_records(self) -> None:
        self.login(self.producer)
        response = self.client.get("/exchange/export/products.csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        self.assertIn("Bình gốm men rạn", text)
        self.assertNotIn("Khăn lụa", text)

    def test_a_commune_officer_cannot_import(self) -> None:
        self.login(self.officer)
        self.assertEqual(self.client.get("/exchange/imports/").status_code, 403)

    def assert_round_trip(self, kind: str, fmt: str) -> None:
        data = self.export(kind, fmt)
        job = self.import_file(kind, data, f"export.{fmt}")
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        self.assertEqual(job.counts["new"] + job.counts["updated"], 0, job.counts)
        self.assertGreater(job.counts["unchanged"], 0)

    def test_producers_round_trip_through_xlsx_and_csv(self) -> None:
        self.assert_round_trip("producers", "xlsx")
        self.assert_round_trip("producers", "csv")
        self.assertEqual(Producer.objects.count(), 2)

    def test_products_round_trip_through_xlsx_and_csv(self) -> None:
        self.assert_round_trip("products", "xlsx")
        self.assert_round_trip("products", "csv")

    def test_certificates_round_trip_through_xlsx_and_csv(self) -> None:
        self.assert_round_trip("certificates", "xlsx")
        self.assert_round_trip("certificates", "csv")
