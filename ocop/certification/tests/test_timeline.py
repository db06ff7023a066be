import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.certification.actions import certificate_suspend, decision_record
from ocop.certification.models import Certificate, Inspection
from ocop.certification.selectors import current_certificate, product_timeline
from ocop.certification.tests.helpers import (
    CertificationTestCase,
    make_certificate,
    make_dossier,
    make_round,
)
from ocop.evaluation.models import DossierKind, DossierStatus, Era

D2022 = datetime.date(2022, 9, 1)
D2025 = datetime.date(2025, 8, 1)


class ProductTimelineTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.old_era = Era.objects.filter(code="1048/2019").first() or Era.objects.create(
            code="1048/2019",
            name="Quyết định 1048/QĐ-TTg (2019)",
            decision="1048/QĐ-TTg",
            valid_from=datetime.date(2019, 8, 21),
            taxonomy_id=self.round.era.taxonomy_id,
        )
        self.old = make_certificate(self.vase, code="HN-2022-00004", day=D2022, stars=3)
        self.old.decision.era = self.old_era
        self.old.decision.save()
        round = make_round(year=2025, opens_on=datetime.date(2025, 7, 10), name="Tỉnh 2025")
        self.dossier = make_dossier(
            round,
            self.vase,
            "84.00",
            4,
            kind=DossierKind.RENEWAL,
            submitted_at=datetime.datetime(2025, 7, 15, 9, tzinfo=datetime.UTC),
        )
        decision_record(
            round=round,
            number="4321/QĐ-UBND",
            date=D2025,
            signer="",
            dossiers=[self.dossier],
            actor=self.office,
        )
        self.new = Certificate.objects.get(dossier=self.dossier)
        Inspection.objects.create(
            certificate=self.new,
            date=datetime.date(2025, 9, 1),
            inspector="Đoàn",
            findings="Nhãn thiếu mã QR",
            outcome="violation",
            recorded_by=self.office,
        )
        certificate_suspend(
            certificate=self.new,
            starts_on=datetime.date(2025, 9, 2),
            reason="Nhãn sai",
            decision_ref="9/QĐ",
            actor=self.office,
        )

    def test_it_tells_the_story_in_order_across_eras(self) -> None:
        entries = product_timeline(self.vase, today=datetime.date(2025, 10, 1))
        self.assertEqual(
            [(e.day, e.kind) for e in entries],
            [
                (D2022, "certificate"),
                (datetime.date(2025, 7, 15), "evaluation"),
                (D2025, "decision"),
                (D2025, "certificate"),
                (D2025, "superseded"),
                (datetime.date(2025, 9, 1), "inspection"),
                (datetime.date(2025, 9, 2), "suspension"),
            ],
        )
        self.assertEqual(entries[0].era, "Quyết định 1048/QĐ-TTg (2019)")
        self.assertIn("HN-2022-00004 superseded by HN-2025-00001", entries[4].title)

    def test_the_public_version_leaves_out_inspections_and_reasons(self) -> None:
        entries = product_timeline(self.vase, public=True, today=datetime.date(2025, 10, 1))
        kinds = [e.kind for e in entries]
        self.assertNotIn("inspection", kinds)
        suspension = next(e for e in entries if e.kind == "suspension")
        self.assertNotIn("Nhãn sai", suspension.detail)

    def test_the_public_version_leaves_out_dossiers_not_yet_decided(self) -> None:
        later = make_round(year=2026, name="Tỉnh 2026", opens_on=datetime.date(2026, 1, 1))
        make_dossier(later, self.vase, status=DossierStatus.ACCEPTED)
        public = product_timeline(self.vase, public=True)
        private = product_timeline(self.vase)
        self.assertEqual(len([e for e in public if e.kind == "evaluation"]), 1)
        self.assertEqual(len([e for e in private if e.kind == "evaluation"]), 2)

    def test_an_expired_certificate_shows_its_expiry(self) -> None:
        make_certificate(self.scarf, code="HN-2020-00001", day=datetime.date(2020, 1, 1))
        entries = product_timeline(self.scarf, today=datetime.date(2024, 1, 1))
        self.assertEqual([e.kind for e in entries], ["certificate", "expiry"])
        self.assertEqual(entries[1].day, datetime.date(2023, 1, 1))

    def test_it_runs_a_fixed_number_of_queries(self) -> None:
        with CaptureQueriesContext(connection) as before:
            product_timeline(self.vase)
        for year in (2021, 2022, 2023):
            make_certificate(
                self.vase,
                code=f"HN-{year}-00009",
                day=datetime.date(year, 1, 1),
                decision_number=f"{year}/QĐ",
            )
        with CaptureQueriesContext(connection) as after:
            product_timeline(self.vase)
        self.assertEqual(len(after), len(before))

    def test_current_certificate_is_the_valid_one(self) -> None:
        self.assertIsNone(current_certificate(self.vase, datetime.date(2025, 10, 1)))  # suspended
        self.assertEqual(current_certificate(self.vase, datetime.date(2025, 8, 15)), self.new)
        self.assertEqual(current_certificate(self.vase, datetime.date(2024, 1, 1)), self.old)
