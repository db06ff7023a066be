import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.audit.actions import verify_chain
from ocop.audit.models import Event
from ocop.catalogue.models import CatalogueEntry
from ocop.certification.models import Certificate, Decision
from ocop.evaluation.models import Era
from ocop.exchange.actions import job_move
from ocop.exchange.importers.bulk import check_constraints
from ocop.exchange.models import JobStatus
from ocop.exchange.runner import apply_job
from ocop.exchange.tests.base import ExchangeTestCase, csv_bytes, header
from ocop.registry.models import Producer, Product, Taxonomy

# code, tax code, producer, type, province, commune, district, product, group, taxonomy,
# decision number, decision date, signer, era, stars, potential 5★, score, from, until
ROW = [
    "HN-2020-0007",
    "0101234567",
    "",
    "",
    "",
    "",
    "",
    "Bình gốm men rạn",
    "",
    "",
    "5678/QĐ-UBND",
    "25/12/2020",
    "Chủ tịch",
    "",
    "4",
    "không",
    "78,5",
    "",
    "",
]
NEW_PRODUCER = [
    "HN-2021-0001",
    "0105555555",
    "HTX chè Ba Vì",
    "HTX",
    "",
    "Ba Vì",
    "Ba Vì",
    "Chè búp Ba Vì",
    "1.4",
    "",
    "99/QĐ-UBND",
    "44228",
    "",
    "1048/2019",
    "3",
    "",
    "",
    "",
    "",
]


def certificates(count: int, start: int = 0) -> bytes:
    """Rows that each record a new decision and certificate, for a new product: of a producer
    already registered (even rows) or of a new one (odd rows)."""
    rows = [header("certificates")]
    for i in range(start, start + count):
        row = [*NEW_PRODUCER] if i % 2 else [*ROW]
        row[0], row[10], row[11] = f"HN-2022-{i:04d}", f"{i}/QĐ-UBND", "15/06/2022"
        row[7], row[8] = f"Sản phẩm {i}", "4.2"
        if i % 2:
            row[1] = f"0105{i:06d}"
        rows.append(row)
    return csv_bytes(rows)


def era(code: str, start: datetime.date, end: datetime.date | None) -> Era:
    return Era.objects.get_or_create(
        code=code,
        defaults={
            "name": code,
            "decision": code,
            "valid_from": start,
            "valid_until": end,
            "taxonomy": Taxonomy.objects.get(code="148/2023"),
        },
    )[0]


class CertificateImportTestCase(ExchangeTestCase):
    def setUp(self) -> None:
        era("1048/2019", datetime.date(2019, 5, 7), datetime.date(2023, 2, 24))
        era("148/2023", datetime.date(2023, 2, 24), None)

    def test_it_records_the_decision_and_certificate_of_a_known_product(self) -> None:
        job = self.import_file("certificates", csv_bytes([header("certificates"), ROW]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        cert = Certificate.objects.get(code="HN-2020-0007")
        self.assertEqual(cert.product, self.vase)
        self.assertEqual(str(cert.score), "78.50")
        self.assertEqual(cert.expires_on, datetime.date(2023, 12, 25))
        self.assertEqual(cert.decision.era.code, "1048/2019")
        self.assertTrue(Event.objects.filter(action="certificate.import", object_id=str(cert.pk)))
        self.assertTrue(Event.objects.filter(action="decision.import"))

    def test_it_creates_the_producer_and_product_it_does_not_know(self) -> None:
        job = self.import_file("certificates", csv_bytes([header("certificates"), NEW_PRODUCER]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        producer = Producer.objects.get(tax_code="0105555555")
        self.assertEqual(str(producer.legacy_district), "Huyện Ba Vì (Thành phố Hà Nội)")
        product = Product.objects.get(producer=producer, name="Chè búp Ba Vì")
        self.assertEqual(Decision.objects.get(number="99/QĐ-UBND").date, datetime.date(2021, 2, 1))
        self.assertTrue(Event.objects.for_object(product).filter(action="product.create"))

    def test_two_certificates_of_one_new_product_in_one_file_share_it(self) -> None:
        renewal = [*NEW_PRODUCER]
        renewal[0], renewal[10], renewal[11] = "HN-2024-0002", "12/QĐ-UBND", "10/03/2024"
        renewal[13] = ""
        rows = [header("certificates"), NEW_PRODUCER, renewal]
        dry = self.check("certificates", csv_bytes(rows))
        self.assertEqual(dry.counts["new"], 2, self.messages_of(dry))
        job = self.import_file("certificates", csv_bytes(rows))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        self.assertEqual(Product.objects.filter(name="Chè búp Ba Vì").count(), 1)
        self.assertEqual(Certificate.objects.filter(product__name="Chè búp Ba Vì").count(), 2)

    def test_reimporting_changes_nothing(self) -> None:
        data = csv_bytes([header("certificates"), ROW, NEW_PRODUCER])
        self.import_file("certificates", data)
        again = self.import_file("certificates", data)
        self.assertEqual(again.counts["unchanged"], 2, self.messages_of(again))

    def test_a_two_star_row_is_an_error(self) -> None:
        row = [*ROW]
        row[14] = "2"
        job = self.check("certificates", csv_bytes([header("certificates"), row]))
        self.assertIn("Only 3★, 4★ and 5★", job.errors[0]["message"])

    def test_it_records_one_event_per_record_with_the_actions_names(self) -> None:
        job = self.import_file("certificates", certificates(2))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        actions = sorted(Event.objects.values_list("action", flat=True))
        self.assertEqual(
            actions,
            ["certificate.import"] * 2
            + ["decision.import"] * 2
            + ["exchange.import", "producer.create"]
            + ["product.create"] * 2,
        )
        cert = Certificate.objects.get(code="HN-2022-0001")
        event = Event.objects.for_object(cert).get()
        self.assertEqual(event.after["decision_id"], cert.decision_id)
        self.assertEqual(event.object_repr, "HN-2022-0001 – Sản phẩm 1")
        self.assertEqual(event.actor, self.office)
        self.assertEqual(verify_chain(), [])

    def test_a_corrected_certificate_records_only_what_changed(self) -> None:
        self.import_file("certificates", csv_bytes([header("certificates"), ROW]))
        corrected = [*ROW]
        corrected[14], corrected[16] = "5", "91"
        job = self.import_file("certificates", csv_bytes([header("certificates"), corrected]))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        cert = Certificate.objects.get(code="HN-2020-0007")
        self.assertEqual(cert.stars, 5)
        event = Event.objects.for_object(cert).get(action="certificate.import_update")
        self.assertEqual(event.before, {"stars": 4, "score": "78.50"})
        self.assertEqual(event.after, {"stars": 5, "score": "91.00"})

    def test_the_certified_product_enters_the_catalogue(self) -> None:
        self.import_file("certificates", csv_bytes([header("certificates"), ROW]))
        entry = CatalogueEntry.objects.get(product=self.vase)
        self.assertEqual(entry.producer_id, self.bat_trang_coop.pk)

    def test_a_certificate_expiring_before_it_is_issued_is_an_error_in_the_preview(self) -> None:
        row = [*ROW]
        row[17], row[18] = "25/12/2020", "24/12/2020"
        job = self.check("certificates", csv_bytes([header("certificates"), row]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertIn("certificate_dates_in_order", job.errors[0]["message"])

    def test_a_new_product_without_a_product_group_is_an_error(self) -> None:
        row = [*NEW_PRODUCER]
        row[8] = ""
        job = self.check("certificates", csv_bytes([header("certificates"), row]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(job.errors[0]["column"], "Mã nhóm sản phẩm")

    def test_the_number_of_queries_does_not_grow_with_the_rows(self) -> None:
        def queries(data: bytes) -> tuple[int, int]:
            with CaptureQueriesContext(connection) as checking:
                job = self.check("certificates", data)
            job_move(job, JobStatus.APPLY_QUEUED)
            with CaptureQueriesContext(connection) as applying:
                apply_job(job)
            self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
            return len(checking.captured_queries), len(applying.captured_queries)

        # (On SQLite a bulk insert holds at most 999 values: 20 rows' records fit in one.)
        self.assertEqual(queries(certificates(4)), queries(certificates(20, start=4)))
        self.assertEqual(Certificate.objects.count(), 24)


class CheckConstraintTestCase(ExchangeTestCase):
    def test_it_judges_certificates_as_the_database_does(self) -> None:
        day, later = datetime.date(2020, 1, 1), datetime.date(2023, 1, 1)
        cases: list[dict[str, Any]] = [
            {"stars": 4, "issued_on": day, "expires_on": later},
            {"stars": 2, "issued_on": day, "expires_on": later},
            {"stars": 4, "issued_on": later, "expires_on": day},
            {"stars": 4, "issued_on": day, "expires_on": day},
            {"stars": None, "issued_on": day, "expires_on": None},
            {"stars": 6, "issued_on": None, "expires_on": later},
        ]
        for fields in cases:
            cert = Certificate(**fields)
            with self.subTest(**fields):
                self.assertEqual(_raises(check_constraints, cert), _raises(_django_check, cert))


def _django_check(cert: Certificate) -> None:
    for constraint in Certificate._meta.constraints:
        constraint.validate(Certificate, cert)  # type: ignore[attr-defined]  # not in the stubs


def _raises(check: Callable[[Certificate], None], cert: Certificate) -> list[str]:
    try:
        check(cert)
    except ValidationError as error:
        return error.messages
    return []
