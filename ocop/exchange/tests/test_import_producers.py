from ocop.audit.models import Event
from ocop.exchange.models import JobStatus
from ocop.exchange.tests.base import ExchangeTestCase, csv_bytes, header, xlsx_bytes
from ocop.registry.models import Producer

ROW = [
    "0109999999",
    "",
    "Hợp tác xã mây tre Phú Vinh",
    "Hợp tác xã",
    "Hà Nội",
    "Phú Nghĩa",
    "Chương Mỹ",
    "Làng Phú Vinh",
    "Thôn Phú Vinh",
    "Lê Văn Bình",
    "0243333444",
    "htx@phuvinh.vn",
    "có",
    "không",
    "1.250",
    1999,
]


class ProducerImportTestCase(ExchangeTestCase):
    def test_it_creates_a_producer_with_its_commune_and_old_district(self) -> None:
        job = self.import_file("producers", csv_bytes([header("producers"), ROW]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        producer = Producer.objects.get(tax_code="0109999999")
        self.assertEqual(producer.commune.name, "Xã Phú Nghĩa")
        self.assertEqual(str(producer.legacy_district), "Huyện Chương Mỹ (Thành phố Hà Nội)")
        self.assertEqual(producer.workers, 1250)
        self.assertTrue(producer.women_led)
        self.assertEqual(job.counts["new"], 1)

    def test_it_writes_an_audit_event_per_record_and_one_for_the_import(self) -> None:
        job = self.import_file("producers", csv_bytes([header("producers"), ROW]))
        producer = Producer.objects.get(tax_code="0109999999")
        self.assertTrue(Event.objects.for_object(producer).filter(action="producer.create"))
        summary = Event.objects.get(action="exchange.import", object_id=str(job.pk))
        self.assertEqual(summary.after["new"], 1)

    def test_importing_the_same_file_twice_changes_nothing(self) -> None:
        data = csv_bytes([header("producers"), ROW])
        self.import_file("producers", data)
        events = Event.objects.count()
        again = self.import_file("producers", data)
        self.assertEqual(again.counts["unchanged"], 1)
        self.assertEqual(again.counts["new"] + again.counts["updated"], 0)
        self.assertEqual(Event.objects.count(), events + 1)  # only the import summary

    def test_a_dry_run_changes_nothing(self) -> None:
        job = self.check("producers", csv_bytes([header("producers"), ROW]))
        self.assertEqual(job.status, JobStatus.CHECKED)
        self.assertEqual(job.counts["new"], 1)
        self.assertFalse(Producer.objects.filter(tax_code="0109999999").exists())

    def test_it_updates_a_producer_matched_on_tax_code(self) -> None:
        row = ["0101234567", "", "HTX gốm sứ Bát Tràng (mới)", "HTX", "", "Bát Tràng"]
        job = self.import_file("producers", csv_bytes([header("producers")[:6], row]))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        self.bat_trang_coop.refresh_from_db()
        self.assertEqual(self.bat_trang_coop.name, "HTX gốm sứ Bát Tràng (mới)")
        event = Event.objects.for_object(self.bat_trang_coop).get(action="producer.update")
        self.assertEqual(event.before["name"], "Hợp tác xã gốm sứ Bát Tràng")

    def test_english_headers_are_accepted(self) -> None:
        job = self.check("producers", csv_bytes([header("producers", english=True), ROW]))
        self.assertEqual(job.status, JobStatus.CHECKED, self.messages_of(job))

    def test_a_tax_code_that_lost_its_leading_zero_in_excel_is_restored(self) -> None:
        row = [109999999, *ROW[1:]]
        job = self.import_file("producers", xlsx_bytes([header("producers"), row]), "p.xlsx")
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        self.assertTrue(Producer.objects.filter(tax_code="0109999999").exists())

    def test_an_unknown_commune_gets_suggestions(self) -> None:
        row = [*ROW[:5], "Phu Nghia x", *ROW[6:]]
        job = self.check("producers", csv_bytes([header("producers"), row]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertIn("Did you mean: Xã Phú Nghĩa", job.errors[0]["message"])
        self.assertEqual(job.errors[0]["column"], "Xã/phường")
        self.assertEqual(job.errors[0]["row"], 2)

    def test_commune_names_match_without_diacritics(self) -> None:
        row = [*ROW[:5], "xa phu nghia", *ROW[6:]]
        job = self.check("producers", csv_bytes([header("producers"), row]))
        self.assertEqual(job.status, JobStatus.CHECKED, self.messages_of(job))

    def test_duplicated_rows_within_one_file_are_errors(self) -> None:
        job = self.import_file("producers", csv_bytes([header("producers"), ROW, ROW]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertIn("The same record as row 2", job.errors[0]["message"])
        self.assertEqual(job.errors[0]["row"], 3)
        self.assertFalse(Producer.objects.filter(tax_code="0109999999").exists())

    def test_one_bad_row_means_nothing_is_written(self) -> None:
        bad = ["0108888888", "", "HTX X", "Hợp tác xã", "", "Atlantis"]
        job = self.import_file("producers", csv_bytes([header("producers")[:6], ROW[:6], bad]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(job.counts["new"], 1)
        self.assertEqual(job.counts["errors"], 1)
        self.assertFalse(Producer.objects.filter(tax_code="0109999999").exists())
