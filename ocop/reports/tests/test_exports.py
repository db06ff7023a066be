import datetime
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from ocop.reports import dashboard
from ocop.reports.exports import pdf_report
from ocop.reports.indicators import Area
from ocop.reports.models import Plan
from ocop.reports.tests.helpers import HistoryTestCase, add_target, make_plan


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class XlsxExportTestCase(HistoryTestCase):
    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = make_plan()
        add_target(cls.plan, "products_ranked", 2000, label="Ít nhất 2.000 sản phẩm")

    def export(self, table: str):
        self.login(self.office)
        response = self.client.get(
            reverse("reports:export", args=[table]), {"on": "2023-12-31", "plan": str(self.plan.pk)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        return load_workbook(io.BytesIO(response.content))

    def test_the_progress_table_opens_back_with_its_figures(self) -> None:
        sheet = self.export("progress").worksheets[0]
        with translation.override("vi"):
            self.assertEqual(sheet["A1"].value, translation.gettext("Target"))
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet["A2"].value, "Ít nhất 2.000 sản phẩm")
        self.assertEqual(sheet["C2"].value, 3)
        self.assertEqual(sheet["C2"].number_format, "#,##0")
        self.assertEqual(sheet["D2"].value, 2000)
        self.assertAlmostEqual(sheet["E2"].value, 0.002)  # 3 of 2,000 = 0.15 %, shown as 0.2 %
        self.assertEqual(sheet["E2"].number_format, "0.0%")

    def test_the_yearly_table_has_a_row_per_year_and_a_dated_about_sheet(self) -> None:
        book = self.export("years")
        rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
        self.assertEqual([r[0] for r in rows], ["2021", "2022", "2023"])
        self.assertEqual([r[1] for r in rows], [0, 2, 1])
        about = book.worksheets[1]
        self.assertEqual(about["B3"].value.date(), datetime.date(2023, 12, 31))
        self.assertEqual(about["B3"].number_format, "DD/MM/YYYY")

    def test_every_dashboard_table_exports(self) -> None:
        for table in dashboard.TABLES:
            self.assertGreaterEqual(self.export(table).worksheets[0].max_row, 1, table)

    def test_an_unknown_table_is_not_found(self) -> None:
        self.login(self.office)
        self.assertEqual(self.client.get(reverse("reports:export", args=["nope"])).status_code, 404)


class PdfReportTestCase(HistoryTestCase):
    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = make_plan(name="Hanoi OCOP 2021–2025")
        add_target(cls.plan, "products_ranked", 2000, label="Đánh giá, phân hạng 2.000 sản phẩm")

    def test_the_report_has_its_headings_and_vietnamese_text(self) -> None:
        board = dashboard.build(self.plan, datetime.date(2023, 12, 31), Area(1))
        text = pdf_text(pdf_report(board))
        for heading in [
            "OCOP programme report",
            "Summary",
            "Charts",
            "Progress towards the targets",
            "By year",
        ]:
            self.assertIn(heading, text)
        self.assertIn("Đánh giá, phân hạng 2.000 sản phẩm", text)
        self.assertIn("31/12/2023", text)

    def test_a_day_without_data_says_so(self) -> None:
        board = dashboard.build(self.plan, datetime.date(2021, 2, 1), Area(1))
        self.assertIn("No data for this day", pdf_text(pdf_report(board)))

    def test_the_button_downloads_the_pdf(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("reports:pdf"), {"on": "2023-12-31"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("Summary", pdf_text(response.content))

    def test_the_command_writes_the_report_for_a_plan_by_name_or_id(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "report.pdf"
            out = io.StringIO()
            call_command(
                "report",
                plan="Hanoi OCOP 2021–2025",
                date="2022-12-31",
                output=str(output),
                language="en",
                stdout=out,
            )
            self.assertIn("Report written to", out.getvalue())
            self.assertIn("OCOP programme report", pdf_text(output.read_bytes()))
            call_command(
                "report", plan=str(self.plan.pk), date="2022-12-31", output=str(output), stdout=out
            )

    def test_the_command_refuses_an_unknown_plan_or_a_bad_date(self) -> None:
        with self.assertRaisesMessage(CommandError, "No plan 'nope'"):
            call_command("report", plan="nope")
        with self.assertRaisesMessage(CommandError, "--date must be YYYY-MM-DD"):
            call_command("report", plan=str(self.plan.pk), date="31/12/2022")
