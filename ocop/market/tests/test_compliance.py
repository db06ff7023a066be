import datetime

from django.test import override_settings

from ocop.market.compliance import Reason, Verdict, judge_listing, judge_share
from ocop.market.models import ComplianceOutcome, Showroom, ShowroomKind
from ocop.market.selectors import certificates_by_product, showroom_report
from ocop.market.tests import factories
from ocop.test import BaseTestCase

D = datetime.date
ISSUED = D(2023, 3, 1)
EXPIRES = D(2026, 3, 1)  # 36 months later: the first day it is no longer valid


class ListingRulesTestCase(BaseTestCase):
    def verdict(self, day: datetime.date, craft_village: bool = False) -> Verdict:
        certificates = certificates_by_product([self.vase.pk]).get(self.vase.pk, [])
        return judge_listing(certificates, day, craft_village=craft_village)

    def test_it_accepts_a_product_with_a_valid_certificate_and_names_it(self) -> None:
        cert = factories.certify(self.vase, issued_on=ISSUED, stars=4)
        verdict = self.verdict(D(2024, 6, 1))
        self.assertEqual(verdict.outcome, ComplianceOutcome.OCOP)
        self.assertEqual(verdict.codes, [Reason.VALID])
        self.assertIn(cert.code, verdict.findings[0].message)
        self.assertIn("valid until 01/03/2026", verdict.findings[0].message)

    def test_it_does_not_warn_31_days_before_expiry(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED)
        self.assertEqual(self.verdict(EXPIRES - datetime.timedelta(days=31)).codes, [Reason.VALID])

    def test_it_warns_30_days_before_expiry_but_stays_compliant(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED)
        verdict = self.verdict(EXPIRES - datetime.timedelta(days=30))
        self.assertEqual(verdict.outcome, ComplianceOutcome.OCOP)
        self.assertEqual(verdict.codes, [Reason.VALID, Reason.EXPIRES_SOON])
        self.assertIn("expires on 01/03/2026 (in 30 days)", verdict.findings[1].message)

    def test_it_still_accepts_on_the_last_valid_day(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED)
        verdict = self.verdict(EXPIRES - datetime.timedelta(days=1))
        self.assertTrue(verdict.is_ocop)
        self.assertIn("in 1 days", verdict.findings[1].message)

    def test_it_refuses_from_the_expiry_day_with_the_date(self) -> None:
        cert = factories.certify(self.vase, issued_on=ISSUED)
        verdict = self.verdict(EXPIRES)
        self.assertEqual(verdict.outcome, ComplianceOutcome.NON_COMPLIANT)
        self.assertEqual(verdict.codes, [Reason.EXPIRED])
        self.assertEqual(
            verdict.findings[0].message, f"Certificate {cert.code} (4★) expired on 01/03/2026."
        )

    def test_a_re_recognition_issued_in_time_removes_the_warning(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED)
        factories.certify(self.vase, issued_on=D(2026, 2, 20), stars=4)
        self.assertEqual(self.verdict(D(2026, 2, 10)).codes, [Reason.VALID])

    def test_a_re_recognition_after_a_gap_does_not_remove_the_warning(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED)
        factories.certify(self.vase, issued_on=D(2026, 4, 1))
        self.assertIn(Reason.EXPIRES_SOON, self.verdict(D(2026, 2, 10)).codes)

    def test_it_refuses_a_revoked_certificate_from_the_revocation_day(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED, revoked_on=D(2025, 6, 1))
        self.assertTrue(self.verdict(D(2025, 5, 31)).is_ocop)
        verdict = self.verdict(D(2025, 6, 1))
        self.assertEqual(verdict.codes, [Reason.REVOKED])
        self.assertIn("was revoked on 01/06/2025", verdict.findings[0].message)

    def test_it_refuses_during_a_suspension_and_accepts_after_reinstatement(self) -> None:
        cert = factories.certify(self.vase, issued_on=ISSUED)
        factories.suspend(cert, D(2025, 4, 1), D(2025, 5, 1))
        verdict = self.verdict(D(2025, 4, 15))
        self.assertEqual(verdict.codes, [Reason.SUSPENDED])
        self.assertIn("suspended since 01/04/2025", verdict.findings[0].message)
        self.assertTrue(self.verdict(D(2025, 5, 1)).is_ocop)

    def test_it_refuses_a_superseded_certificate_whose_replacement_is_not_yet_valid(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED, superseded_on=D(2025, 1, 1))
        factories.certify(self.vase, issued_on=D(2025, 2, 1), stars=5)
        verdict = self.verdict(D(2025, 1, 15))
        self.assertEqual(verdict.codes, [Reason.SUPERSEDED])
        self.assertTrue(self.verdict(D(2025, 2, 1)).is_ocop)

    def test_an_upgrade_is_judged_by_the_new_certificate(self) -> None:
        old = factories.certify(self.vase, issued_on=ISSUED, stars=3)
        new = factories.certify(self.vase, issued_on=D(2024, 9, 1), stars=4)
        old.superseded_by, old.superseded_on = new, D(2024, 9, 1)
        old.save()
        verdict = self.verdict(D(2025, 1, 1))
        self.assertEqual(verdict.certificate, new)
        self.assertIn("(4★)", verdict.findings[0].message)

    def test_it_refuses_a_product_without_any_certificate(self) -> None:
        verdict = self.verdict(D(2025, 1, 1))
        self.assertEqual(verdict.outcome, ComplianceOutcome.NON_COMPLIANT)
        self.assertEqual(verdict.codes, [Reason.NOT_OCOP])

    def test_it_refuses_before_the_certificate_takes_effect(self) -> None:
        factories.certify(self.vase, issued_on=D(2025, 6, 1))
        self.assertEqual(self.verdict(D(2025, 5, 31)).codes, [Reason.NOT_YET_VALID])

    def test_it_names_a_potential_five_star_product(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED, potential_five=True)
        self.assertIn(Reason.POTENTIAL_FIVE, self.verdict(D(2024, 1, 1)).codes)

    def test_it_accepts_craft_village_goods_without_a_certificate(self) -> None:
        verdict = self.verdict(D(2025, 1, 1), craft_village=True)
        self.assertEqual(verdict.outcome, ComplianceOutcome.CRAFT_VILLAGE)
        self.assertEqual(verdict.codes, [Reason.NOT_OCOP, Reason.CRAFT_VILLAGE])
        self.assertTrue(verdict.compliant)

    def test_revoked_goods_are_refused_even_as_craft_village_goods(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED, revoked_on=D(2025, 6, 1))
        verdict = self.verdict(D(2025, 7, 1), craft_village=True)
        self.assertEqual(verdict.outcome, ComplianceOutcome.NON_COMPLIANT)
        self.assertEqual(verdict.codes, [Reason.REVOKED])

    def test_suspended_goods_are_refused_even_as_craft_village_goods(self) -> None:
        cert = factories.certify(self.vase, issued_on=ISSUED)
        factories.suspend(cert, D(2025, 4, 1))
        verdict = self.verdict(D(2025, 7, 1), craft_village=True)
        self.assertEqual(verdict.outcome, ComplianceOutcome.NON_COMPLIANT)

    def test_it_accepts_an_expired_product_as_craft_village_goods(self) -> None:
        factories.certify(self.vase, issued_on=ISSUED)
        verdict = self.verdict(D(2026, 4, 1), craft_village=True)
        self.assertEqual(verdict.outcome, ComplianceOutcome.CRAFT_VILLAGE)
        self.assertEqual(verdict.codes, [Reason.EXPIRED, Reason.CRAFT_VILLAGE])


class ShareRulesTestCase(BaseTestCase):
    def centre_with(self, ocop: int, other: int, **fields: object) -> Showroom:
        room = factories.showroom(
            self.bat_trang, kind=ShowroomKind.DESIGN_CENTRE, area_m2=600, **fields
        )
        for i in range(ocop + other):
            product = factories.product(
                self.bat_trang_coop, f"Sản phẩm {i}", self.ceramics, self.hanoi
            )
            if i < ocop:
                factories.certify(product, issued_on=ISSUED)
            factories.listing(room, product)
        return room

    def test_exactly_sixty_percent_ocop_is_enough_at_a_design_centre(self) -> None:
        report = showroom_report(self.centre_with(3, 2), D(2025, 1, 1))
        assert report.share is not None
        self.assertTrue(report.share.ok)
        self.assertEqual(report.notes, [])

    def test_below_sixty_percent_is_flagged_with_the_numbers(self) -> None:
        report = showroom_report(self.centre_with(2, 3), D(2025, 1, 1))
        self.assertFalse(report.ok)
        self.assertIn("Only 40% of the goods", report.notes[0].message)
        self.assertIn("(2 of 5)", report.notes[0].message)
        self.assertIn("at least 60%", report.notes[0].message)

    @override_settings(OCOP_MIN_OCOP_SHARE=0.4)
    def test_the_required_share_is_a_setting(self) -> None:
        report = showroom_report(self.centre_with(2, 3), D(2025, 1, 1))
        assert report.share is not None
        self.assertTrue(report.share.ok)

    def test_craft_village_goods_count_towards_the_share(self) -> None:
        room = self.centre_with(2, 3)
        room.listings.filter(product__name="Sản phẩm 2").update(craft_village=True)
        report = showroom_report(room, D(2025, 1, 1))
        assert report.share is not None
        self.assertEqual((report.share.qualifying, report.share.total), (3, 5))

    def test_the_share_is_not_checked_at_an_ordinary_showroom(self) -> None:
        room = self.centre_with(0, 2)
        room.kind = ShowroomKind.SHOWROOM
        room.save()
        self.assertIsNone(showroom_report(room, D(2025, 1, 1)).share)

    def test_a_small_design_centre_gets_a_warning_about_its_area(self) -> None:
        room = self.centre_with(1, 0)
        room.area_m2 = 120
        room.save()
        notes = showroom_report(room, D(2025, 1, 1)).notes
        self.assertEqual([n.code for n in notes], ["area"])

    def test_an_empty_list_of_verdicts_is_not_a_share_problem(self) -> None:
        self.assertTrue(judge_share([]).ok)
