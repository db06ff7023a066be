"""Applying an import batch by batch: the same validation as the forms, all or nothing across
batches, one audit event per record, a bounded number of queries, and live progress."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.audit.actions import verify_chain
from ocop.audit.models import Event
from ocop.catalogue.models import CatalogueEntry
from ocop.catalogue.tests.factories import certify
from ocop.exchange.actions import job_move
from ocop.exchange.models import JobStatus
from ocop.exchange.progress import note_progress
from ocop.exchange.runner import apply_job
from ocop.exchange.tests.base import ExchangeTestCase, csv_bytes, header
from ocop.registry.models import Producer, Product


def products(count: int, start: int = 0) -> bytes:
    rows = [header("products")[:8]]
    rows += [
        ["0101234567", "", f"Ấm trà {i}", "", "4.2", "", "chiếc", str(100_000 + i)]
        for i in range(start, start + count)
    ]
    return csv_bytes(rows)


def producer(tax_code: str, name: str, business_no: str = "") -> list[str]:
    return [tax_code, business_no, name, "Hộ kinh doanh", "", "Bát Tràng"]


class BatchApplyTestCase(ExchangeTestCase):
    def test_it_writes_one_event_per_product_with_the_registrys_action_name(self) -> None:
        job = self.import_file("products", products(3))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        created = Product.objects.filter(name__startswith="Ấm trà")
        self.assertEqual(created.count(), 3)
        for product in created:
            event = Event.objects.for_object(product).get()
            self.assertEqual(event.action, "product.create")
            self.assertEqual(event.after["reference_price"], product.reference_price)
            self.assertEqual(event.actor, self.office)
        self.assertEqual(verify_chain(), [])

    def test_an_update_records_only_the_changed_fields(self) -> None:
        row = ["0101234567", "", "Bình gốm men rạn", "Crackle vase", "4.2", "", "chiếc", 990_000]
        job = self.import_file("products", csv_bytes([header("products")[:8], row]))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        event = Event.objects.for_object(self.vase).get(action="product.update")
        self.assertEqual(event.after["reference_price"], 990_000)
        self.assertNotIn("name", event.after)
        self.vase.refresh_from_db()
        self.assertEqual(self.vase.reference_price, 990_000)

    def test_an_updated_product_is_updated_in_the_catalogue(self) -> None:
        certify(self.vase)
        row = ["0101234567", "", "Bình gốm men rạn", "Crackle vase", "4.2", "", "chiếc", ""]
        job = self.import_file("products", csv_bytes([header("products")[:8], row]))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        self.assertIn("crackle vase", CatalogueEntry.objects.get(product=self.vase).search_text)

    def test_a_renamed_producer_is_renamed_in_the_catalogue(self) -> None:
        certify(self.vase)
        rows = [header("producers")[:6], producer("0101234567", "HTX gốm Bát Tràng mới")]
        job = self.import_file("producers", csv_bytes(rows))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        entry = CatalogueEntry.objects.get(product=self.vase)
        self.assertIn("htx gom bat trang moi", entry.search_text)

    def test_an_error_in_a_late_batch_leaves_the_earlier_batches_unwritten(self) -> None:
        rows = [header("products")[:8]]
        rows += [["0101234567", "", f"Ấm trà {i}", "", "4.2", "", "", ""] for i in range(5)]
        rows.append(["0107654321", "", "Khăn lụa mới", "", "4.1", "", "", ""])
        job = self.check("products", csv_bytes(rows))
        self.assertEqual(job.status, JobStatus.CHECKED, self.messages_of(job))
        # Between the check and the apply, the last row's producer changes its tax code.
        Producer.objects.filter(pk=self.van_phuc_silk.pk).update(tax_code="0107000000")
        job_move(job, JobStatus.APPLY_QUEUED)
        with mock.patch("ocop.exchange.runner.BATCH_SIZE", 2):
            apply_job(job)
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertEqual(job.errors[0]["row"], 7)
        self.assertFalse(Product.objects.filter(name__startswith="Ấm").exists())
        self.assertFalse(Event.objects.filter(action="product.create").exists())

    def test_a_producer_with_another_producers_registration_number_is_refused(self) -> None:
        self.van_phuc_silk.business_registration_no = "01H8000123"
        self.van_phuc_silk.save()
        job = self.check(
            "producers",
            csv_bytes([header("producers")[:6], producer("0109999991", "Hộ A", "01H8000123")]),
        )
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertIn("unique_business_registration_no", job.errors[0]["message"])

    def test_two_rows_with_the_same_registration_number_are_refused(self) -> None:
        rows = [
            header("producers")[:6],
            producer("0109999991", "Hộ A", "01H8000999"),
            producer("0109999992", "Hộ B", "01H8000999"),
        ]
        job = self.check("producers", csv_bytes(rows))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(job.errors[0]["row"], 3)
        self.assertIn("Row 2 of this file has the same value", job.errors[0]["message"])

    def test_the_form_validators_run_on_every_row(self) -> None:
        rows = [header("producers")[:6], producer("0109999991", "<script>x</script>")]
        job = self.check("producers", csv_bytes(rows))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(job.errors[0]["column"], "Tên chủ thể")

    def test_the_number_of_queries_does_not_grow_with_the_rows(self) -> None:
        def queries(data: bytes) -> int:
            job = self.check("products", data)
            job_move(job, JobStatus.APPLY_QUEUED)
            with CaptureQueriesContext(connection) as captured:
                apply_job(job)
            self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
            return len(captured.captured_queries)

        self.assertEqual(queries(products(10)), queries(products(60, start=10)))
        self.assertEqual(Producer.objects.count(), 2)

    def test_two_rows_reaching_one_producer_by_different_codes_are_refused(self) -> None:
        self.van_phuc_silk.business_registration_no = "01H8000123"
        self.van_phuc_silk.save()
        rows = [
            header("producers")[:6],
            ["0107654321", "", "Công ty lụa Vạn Phúc", "Doanh nghiệp", "", "Hà Đông"],
            ["", "01H8000123", "Công ty lụa Vạn Phúc (mới)", "Doanh nghiệp", "", "Hà Đông"],
        ]
        job = self.check("producers", csv_bytes(rows))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(
            self.messages_of(job), ["3|Mã số thuế|The same record as row 2: keep only one of them."]
        )


class ApplyProgressTestCase(ExchangeTestCase):
    def test_progress_is_reported_after_each_batch_and_shown_on_the_job_page(self) -> None:
        job = self.check("products", products(5))
        job_move(job, JobStatus.APPLY_QUEUED)
        self.login(self.office)
        seen = []

        def on_progress(done: int, total: int) -> None:
            # Inside the apply's transaction: the page reads the count from the cache.
            response = self.client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
            seen.append((done, total, f"{done} of {total} rows applied" in response.text))

        with mock.patch("ocop.exchange.runner.BATCH_SIZE", 2):
            apply_job(job, on_progress=on_progress)
        self.assertEqual(seen, [(2, 5, True), (4, 5, True), (5, 5, True)])
        self.assertEqual(job.status, JobStatus.APPLIED)

    def test_the_page_shows_a_bar_without_numbers_until_progress_is_known(self) -> None:
        job = self.check("products", products(5))
        job_move(job, JobStatus.APPLY_QUEUED)
        job_move(job, JobStatus.APPLYING, rows_done=0)  # as apply_job starts
        self.login(self.office)
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, "Applying all rows in one transaction")
        self.assertNotContains(response, "rows applied")
        note_progress(job.pk, 3, 5)
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, "3 of 5 rows applied")
        self.assertContains(response, 'value="60"')
