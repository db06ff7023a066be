import datetime

from ocop.audit.models import Event
from ocop.certification.models import Certificate, Decision
from ocop.evaluation.models import Era
from ocop.exchange.models import JobStatus
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
