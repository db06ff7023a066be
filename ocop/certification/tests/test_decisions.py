import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ocop.audit.models import Event
from ocop.certification.actions import decision_record
from ocop.certification.models import Certificate, CertificateStatus, Decision, add_months
from ocop.certification.tests.helpers import (
    CertificationTestCase,
    make_certificate,
    make_dossier,
    make_round,
)
from ocop.evaluation.models import Dossier, DossierKind, DossierStatus, Outcome, RoundLevel

DAY = datetime.date(2025, 5, 20)


class DecisionRecordTestCase(CertificationTestCase):
    def decide(self, *dossiers: Dossier, round=None, number="123/QĐ-UBND", day=DAY) -> Decision:
        return decision_record(
            round=round or self.round,
            number=number,
            date=day,
            signer="Nguyễn Văn A",
            dossiers=list(dossiers),
            actor=self.secretary,
        )

    def test_it_issues_a_certificate_for_a_certified_dossier(self) -> None:
        dossier = make_dossier(self.round, self.vase, score="82.50", stars=4)
        decision = self.decide(dossier)
        cert = Certificate.objects.get(dossier=dossier)
        self.assertEqual(cert.decision, decision)
        self.assertEqual(cert.code, "HN-2025-00001")
        self.assertEqual((cert.stars, cert.potential_five), (4, False))
        self.assertEqual(cert.score, Decimal("82.50"))
        self.assertEqual(cert.issued_on, DAY)
        self.assertEqual(cert.expires_on, datetime.date(2028, 5, 20))
        self.assertEqual(decision.era, self.round.era)

    def test_it_moves_every_decided_dossier_to_decided_and_links_it(self) -> None:
        certified = make_dossier(self.round, self.vase)
        failed = make_dossier(self.round, self.scarf, "45.00", 2, Outcome.NOT_CERTIFIED)
        decision = self.decide(certified, failed)
        for dossier in (certified, failed):
            dossier.refresh_from_db()
            self.assertEqual(dossier.status, DossierStatus.DECIDED)
        self.assertEqual(set(decision.dossiers.all()), {certified, failed})
        self.assertFalse(Certificate.objects.filter(dossier=failed).exists())

    def test_it_writes_audit_events(self) -> None:
        dossier = make_dossier(self.round, self.vase)
        decision = self.decide(dossier)
        actions = list(Event.objects.order_by("id").values_list("action", "actor"))
        self.assertEqual(
            actions,
            [
                ("decision.record", self.secretary.pk),
                ("dossier.decide", self.secretary.pk),
                ("certificate.issue", self.secretary.pk),
            ],
        )
        self.assertEqual(Event.objects.order_by("id")[0].object_id, str(decision.pk))

    def test_a_potential_five_at_province_level_gets_four_stars_marked_potential(self) -> None:
        dossier = make_dossier(self.round, self.vase, "92.00", 5, Outcome.POTENTIAL_FIVE)
        self.decide(dossier)
        cert = Certificate.objects.get(dossier=dossier)
        self.assertEqual((cert.stars, cert.potential_five), (4, True))

    def test_a_national_round_certifies_five_stars(self) -> None:
        national = make_round(RoundLevel.NATIONAL)
        dossier = make_dossier(national, self.vase, "93.00", 5)
        self.decide(dossier, round=national)
        cert = Certificate.objects.get(dossier=dossier)
        self.assertEqual((cert.stars, cert.potential_five), (5, False))

    def test_five_stars_certified_at_province_level_are_refused(self) -> None:
        dossier = make_dossier(self.round, self.vase, "93.00", 5, Outcome.CERTIFIED)
        with self.assertRaisesMessage(ValidationError, "national level"):
            self.decide(dossier)
        self.assertFalse(Decision.objects.exists())

    def test_a_dossier_not_fully_scored_is_refused_and_nothing_is_saved(self) -> None:
        scored = make_dossier(self.round, self.vase)
        accepted = make_dossier(
            self.round, self.scarf, None, None, "", status=DossierStatus.ACCEPTED
        )
        with self.assertRaises(ValidationError) as caught:
            self.decide(scored, accepted)
        self.assertIn("not fully scored", str(caught.exception.message_dict["dossiers"]))
        self.assertIn("Khăn lụa tơ tằm", str(caught.exception.message_dict["dossiers"]))
        self.assertFalse(Decision.objects.exists())
        self.assertFalse(Certificate.objects.exists())
        scored.refresh_from_db()
        self.assertEqual(scored.status, DossierStatus.SCORED)
        self.assertFalse(Event.objects.exists())

    def test_knocked_out_and_forwarded_dossiers_are_decided_without_a_certificate(self) -> None:
        knocked = make_dossier(self.round, self.vase, None, None, Outcome.KNOCKED_OUT)
        forwarded = make_dossier(self.round, self.scarf, "91.00", 5, Outcome.FORWARDED)
        self.decide(knocked, forwarded)
        self.assertFalse(Certificate.objects.exists())
        self.assertEqual(Dossier.objects.filter(status=DossierStatus.DECIDED).count(), 2)

    def test_a_scored_dossier_without_its_result_is_refused(self) -> None:
        dossier = make_dossier(self.round, self.vase, outcome="")
        with self.assertRaisesMessage(ValidationError, "not fully scored"):
            self.decide(dossier)

    def test_a_dossier_decided_once_cannot_be_decided_again(self) -> None:
        dossier = make_dossier(self.round, self.vase)
        self.decide(dossier)
        with self.assertRaisesMessage(ValidationError, "not fully scored"):
            self.decide(dossier, number="124/QĐ-UBND")
        self.assertEqual(Certificate.objects.count(), 1)

    def test_a_dossier_of_another_round_is_refused(self) -> None:
        other = make_round(name="Đợt 2")
        dossier = make_dossier(other, self.vase)
        with self.assertRaisesMessage(ValidationError, "another round"):
            self.decide(dossier)

    def test_a_decision_needs_a_number_and_at_least_one_dossier(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.decide(number="  ")
        self.assertEqual(set(caught.exception.message_dict), {"number", "dossiers"})

    def test_the_same_decision_number_and_date_twice_is_refused(self) -> None:
        self.decide(make_dossier(self.round, self.vase))
        with self.assertRaisesMessage(ValidationError, "already recorded"):
            self.decide(make_dossier(self.round, self.scarf))

    def test_a_decision_date_in_the_future_is_refused(self) -> None:
        dossier = make_dossier(self.round, self.vase)
        with self.assertRaisesMessage(ValidationError, "future"):
            self.decide(dossier, day=timezone.localdate() + datetime.timedelta(days=1))

    def test_codes_count_up_per_province_and_year(self) -> None:
        self.decide(make_dossier(self.round, self.vase), make_dossier(self.round, self.scarf))
        codes = sorted(Certificate.objects.values_list("code", flat=True))
        self.assertEqual(codes, ["HN-2025-00001", "HN-2025-00002"])

    def test_codes_skip_numbers_already_taken_by_recorded_certificates(self) -> None:
        make_certificate(self.scarf, code="HN-2025-00001", day=datetime.date(2025, 1, 5))
        self.decide(make_dossier(self.round, self.vase))
        self.assertTrue(Certificate.objects.filter(code="HN-2025-00002").exists())


class RenewalTestCase(CertificationTestCase):
    def test_a_renewal_certificate_supersedes_the_old_one(self) -> None:
        old = make_certificate(self.vase, day=datetime.date(2022, 6, 1), stars=3)  # to 2025-06-01
        dossier = make_dossier(self.round, self.vase, kind=DossierKind.RENEWAL)
        decision_record(
            round=self.round,
            number="9/QĐ",
            date=DAY,
            signer="",
            dossiers=[dossier],
            actor=self.office,
        )
        new = Certificate.objects.get(dossier=dossier)
        old.refresh_from_db()
        self.assertEqual((old.superseded_by, old.superseded_on), (new, DAY))
        self.assertEqual(old.status_on(DAY), CertificateStatus.SUPERSEDED)
        self.assertEqual(old.status_on(DAY - datetime.timedelta(days=1)), CertificateStatus.VALID)
        self.assertTrue(Event.objects.filter(action="certificate.supersede", object_id=old.pk))

    def test_an_upgrade_to_a_higher_class_supersedes_the_current_certificate(self) -> None:
        old = make_certificate(self.vase, stars=3)
        dossier = make_dossier(self.round, self.vase, "78.00", 4, kind=DossierKind.UPGRADE)
        decision_record(
            round=self.round,
            number="9/QĐ",
            date=DAY,
            signer="",
            dossiers=[dossier],
            actor=self.office,
        )
        old.refresh_from_db()
        self.assertEqual(Certificate.objects.get(supersedes=old).stars, 4)

    def test_an_upgrade_that_does_not_reach_a_higher_class_leaves_the_certificate(self) -> None:
        old = make_certificate(self.vase, stars=4)
        dossier = make_dossier(self.round, self.vase, "72.00", 4, kind=DossierKind.UPGRADE)
        decision_record(
            round=self.round,
            number="9/QĐ",
            date=DAY,
            signer="",
            dossiers=[dossier],
            actor=self.office,
        )
        old.refresh_from_db()
        self.assertIsNone(old.superseded_by)
        self.assertFalse(Certificate.objects.filter(dossier=dossier).exists())
        self.assertTrue(Event.objects.filter(action="certificate.upgrade_not_reached").exists())

    def test_a_certificate_that_already_expired_keeps_its_expired_status(self) -> None:
        old = make_certificate(self.vase, day=datetime.date(2021, 1, 1))  # expired 2024-01-01
        dossier = make_dossier(self.round, self.vase, kind=DossierKind.RENEWAL)
        decision_record(
            round=self.round,
            number="9/QĐ",
            date=DAY,
            signer="",
            dossiers=[dossier],
            actor=self.office,
        )
        old.refresh_from_db()
        self.assertIsNone(old.superseded_by)
        self.assertEqual(old.status_on(DAY), CertificateStatus.EXPIRED)

    def test_a_revoked_certificate_is_not_superseded(self) -> None:
        old = make_certificate(self.vase, revoked_on=datetime.date(2025, 1, 1))
        dossier = make_dossier(self.round, self.vase)
        decision_record(
            round=self.round,
            number="9/QĐ",
            date=DAY,
            signer="",
            dossiers=[dossier],
            actor=self.office,
        )
        old.refresh_from_db()
        self.assertIsNone(old.superseded_by)


class MonthArithmeticTestCase(CertificationTestCase):
    def test_thirty_six_months_from_the_end_of_february_clamps(self) -> None:
        self.assertEqual(add_months(datetime.date(2024, 2, 29), 36), datetime.date(2027, 2, 28))
        self.assertEqual(add_months(datetime.date(2025, 1, 31), 1), datetime.date(2025, 2, 28))
        self.assertEqual(add_months(datetime.date(2025, 12, 15), 36), datetime.date(2028, 12, 15))
