"""Council consistency: spreads, outliers (> 15 points from the others), agreement."""

from decimal import Decimal

from django.test import SimpleTestCase
from django.urls import reverse

from ocop.evaluation import actions
from ocop.evaluation.consistency import analyse, deviation_bars, icc1, spread_for
from ocop.evaluation.tests.helpers import scene, score_everything
from ocop.test import BaseTestCase

D = Decimal


class SpreadTestCase(SimpleTestCase):
    def test_a_member_more_than_15_points_from_the_others_is_flagged(self) -> None:
        spread = spread_for("d", [("an", D("80")), ("binh", D("78")), ("chi", D("62.99"))])
        by_member = {s.member: s for s in spread.scores}
        self.assertEqual(by_member["chi"].others_mean, D("79.00"))
        self.assertEqual(by_member["chi"].deviation, D("-16.01"))
        self.assertTrue(by_member["chi"].flagged)
        self.assertFalse(by_member["an"].flagged)
        self.assertEqual(spread.spread, D("17.01"))

    def test_exactly_15_points_is_not_flagged(self) -> None:
        spread = spread_for("d", [("an", D("80")), ("binh", D("65"))])
        self.assertFalse(spread.flagged)

    def test_members_who_agree_give_an_icc_near_one(self) -> None:
        groups = [
            [D("90"), D("91"), D("89")],
            [D("50"), D("52"), D("51")],
            [D("70"), D("71"), D("69")],
        ]
        self.assertGreater(icc1(groups) or D(0), D("0.99"))

    def test_members_who_disagree_as_much_as_products_differ_give_an_icc_near_zero(self) -> None:
        groups = [[D("50"), D("90")], [D("90"), D("50")], [D("70"), D("70")]]
        self.assertLess(icc1(groups) or D(1), D("0"))

    def test_icc_needs_two_dossiers_with_two_sheets(self) -> None:
        self.assertIsNone(icc1([[D("50"), D("60")]]))

    def test_member_mean_deviation_shows_leniency(self) -> None:
        rows = [
            ("d1", "lenient", D("90")),
            ("d1", "fair", D("70")),
            ("d1", "fair2", D("70")),
            ("d2", "lenient", D("80")),
            ("d2", "fair", D("60")),
            ("d2", "fair2", D("60")),
        ]
        result = analyse(rows)
        lenient = next(m for m in result.members if m.member == "lenient")
        self.assertEqual((lenient.mean_deviation, lenient.flags), (D("20.00"), 2))
        bars = deviation_bars(result.members)
        self.assertEqual([b.negative for b in bars], [True, True, False])  # fair, fair2, lenient
        self.assertEqual(max(b.width for b in bars), 160)


class ConsistencyPageTestCase(BaseTestCase):
    def test_the_secretary_sees_the_table_and_the_chart(self) -> None:
        s = scene(self)
        for member, pick in [(self.member, "top"), (s.chair, "low")]:
            score_everything(s.dossier, member, pick)
            actions.sheet_submit(actor=member, dossier=s.dossier)
        self.login(self.secretary)
        response = self.client.get(reverse("evaluation:consistency", args=[s.round.pk]))
        self.assertContains(response, "<svg")
        self.assertContains(response, "intraclass correlation")
        self.assertContains(response, "outlier", count=2)  # both members, 73 points apart
        self.assertContains(response, "73.00")  # the spread: 100 - 27
