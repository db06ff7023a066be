"""Bad input: refused cleanly, or reported row by row; nothing half-written."""

import io
import tracemalloc
import zipfile

from django.test import override_settings

from ocop.exchange import cells
from ocop.exchange.models import JobStatus
from ocop.exchange.tests.base import ExchangeTestCase, csv_bytes, header, xlsx_bytes
from ocop.registry.models import Producer, Product

PRODUCT = ["0101234567", "", "Đĩa gốm vẽ tay", "", "4.2", "", "chiếc", "1.250.000"]


class RefusedFilesTestCase(ExchangeTestCase):
    def assert_refused(self, data: bytes, name: str, text: str) -> None:
        with self.assertRaisesMessage(Exception, text):
            self.upload("producers", data, name)

    def test_a_pdf_renamed_to_xlsx_is_refused(self) -> None:
        self.assert_refused(b"%PDF-1.4 binary\x00", "list.xlsx", "not a spreadsheet")

    def test_an_old_xls_file_is_refused_with_advice(self) -> None:
        self.assert_refused(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "a.xls", ".xlsx or CSV"
        )

    def test_a_file_over_the_size_limit_is_refused(self) -> None:
        with override_settings(OCOP_MAX_IMPORT_BYTES=1000):
            self.assert_refused(b"a,b\n" * 500, "big.csv", "the limit is")

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
        self.assertLess(len(buffer.getvalue()), 100_000)
        with override_settings(OCOP_MAX_IMPORT_UNZIPPED_BYTES=10 * 1024 * 1024):
            self.assert_refused(buffer.getvalue(), "bomb.xlsx", "unpacks to more than")

    def test_a_csv_that_is_not_utf8_is_refused_with_advice(self) -> None:
        data = "Mã số thuế,Tên chủ thể\n0101234567,Café\n".encode("latin-1", "replace")
        job = self.check("producers", data)
        self.assertEqual(job.status, JobStatus.REFUSED)
        self.assertIn("UTF-8", job.refusal)

    def test_missing_columns_are_named(self) -> None:
        job = self.check(
            "producers", csv_bytes([["Mã số thuế", "Tên gọi khác"], ["0101234567", "X"]])
        )
        self.assertEqual(job.status, JobStatus.REFUSED)
        self.assertIn("“Tên chủ thể” (Name)", job.refusal)
        self.assertIn("“Xã/phường” (Commune)", job.refusal)

    def test_merged_header_cells_are_refused(self) -> None:
        rows = [header("producers"), ["0109999999", "", "HTX", "HTX", "", "Bát Tràng"]]
        job = self.check("producers", xlsx_bytes(rows, merge="C1:D1"), "m.xlsx")
        self.assertEqual(job.status, JobStatus.REFUSED)
        self.assertIn("merged cells", job.refusal)


class CellsTestCase(ExchangeTestCase):
    def test_dates_as_text_serials_and_iso_are_read(self) -> None:
        self.assertEqual(str(cells.date("25/12/2020")), "2020-12-25")
        self.assertEqual(str(cells.date(44190)), "2020-12-25")
        self.assertEqual(str(cells.date("44190")), "2020-12-25")
        self.assertEqual(str(cells.date("2020-12-25")), "2020-12-25")

    def test_an_impossible_date_is_a_clear_error(self) -> None:
        with self.assertRaisesMessage(Exception, "dd/mm/yyyy"):
            cells.date("31/02/2020")

    def test_thousands_separators_are_read_both_ways(self) -> None:
        for raw in ("1.250.000", "1,250,000", "1 250 000 đ", 1250000.0):
            self.assertEqual(cells.whole_number(raw), 1_250_000, raw)

    def test_a_fraction_is_not_a_whole_number(self) -> None:
        with self.assertRaisesMessage(Exception, "not a whole number"):
            cells.whole_number("12,5")

    def test_exported_formula_guards_are_removed_on_import(self) -> None:
        self.assertEqual(cells.safe("=HYPERLINK(1)"), "'=HYPERLINK(1)")
        self.assertEqual(cells.text(cells.safe("+84 912")), "+84 912")


class RowErrorsTestCase(ExchangeTestCase):
    def test_a_price_with_thousands_separators_imports(self) -> None:
        job = self.import_file("products", csv_bytes([header("products")[:8], PRODUCT]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        self.assertEqual(Product.objects.get(name="Đĩa gốm vẽ tay").reference_price, 1_250_000)

    def test_a_product_of_an_unknown_producer_is_a_row_error(self) -> None:
        row = ["0100000000", *PRODUCT[1:]]
        job = self.check("products", csv_bytes([header("products")[:8], row]))
        self.assertIn("2|Mã số thuế chủ thể|No producer has the tax code", self.messages_of(job)[0])

    def test_every_error_of_a_row_is_reported(self) -> None:
        row = ["0101234567", "", "Đĩa", "", "9.9", "", "", "rẻ"]
        job = self.check("products", csv_bytes([header("products")[:8], row]))
        columns = {e["column"] for e in job.errors}
        self.assertEqual(columns, {"Mã nhóm sản phẩm", "Giá tham khảo (đồng)"})

    def test_a_semicolon_csv_without_bom_is_read(self) -> None:
        data = csv_bytes([header("products")[:8], PRODUCT], bom=False, delimiter=";")
        job = self.check("products", data)
        self.assertEqual(job.status, JobStatus.CHECKED, self.messages_of(job))


class LargeFileTestCase(ExchangeTestCase):
    def test_a_20000_row_file_is_checked_with_bounded_memory(self) -> None:
        # 100,000 rows and the time limits are measured in bench/; this keeps the suite fast.
        rows = [header("producers")[:6]]
        rows += [[f"01{i:08d}", "", f"Hộ {i}", "HKD", "", "Bát Tràng"] for i in range(20_000)]
        data = csv_bytes(rows)
        tracemalloc.start()
        job = self.check("producers", data)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertEqual(job.counts["new"], 20_000, self.messages_of(job)[:3])
        self.assertLess(peak, 60 * 1024 * 1024)
        self.assertEqual(Producer.objects.count(), 2)
