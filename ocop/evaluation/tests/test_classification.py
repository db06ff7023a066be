"""Score → star class → outcome, exactly at the boundaries, for each era (DOMAIN.md)."""

from decimal import Decimal

from django.test import SimpleTestCase, TestCase

from ocop.evaluation.classification import (
    certificate_stars,
    mean_score,
    outcome_for,
    star_class_for,
)
from ocop.evaluation.models import Era, Outcome

D = Decimal


class StarClassTestCase(SimpleTestCase):
    def test_lower_bounds_are_inclusive(self) -> None:
        cases = {
            "0.00": 1,
            "29.99": 1,
            "30.00": 2,
            "49.99": 2,
            "50.00": 3,
            "69.99": 3,
            "70.00": 4,
            "89.99": 4,
            "90.00": 5,
            "100.00": 5,
        }
        for score, stars in cases.items():
            self.assertEqual(star_class_for(D(score)), stars, score)

    def test_the_final_score_is_the_mean_rounded_half_up_to_two_places(self) -> None:
        self.assertEqual(mean_score([D("70"), D("69.99")]), D("70.00"))  # 69.995 -> 70.00
        self.assertEqual(mean_score([D("50"), D("49.99"), D("49.99")]), D("49.99"))  # 49.9933
        self.assertEqual(mean_score([D("89.99"), D("90"), D("90")]), D("90.00"))  # 89.9966
        self.assertEqual(str(mean_score([D("80"), D("81")])), "80.50")


# (score, round level) -> expected (stars, outcome), per era.
ERA_CASES = {
    "1048/2019": {
        ("49.99", "district"): (2, Outcome.NOT_CERTIFIED),
        ("50.00", "district"): (3, Outcome.FORWARDED),  # district forwards 50+ to the province
        ("89.99", "district"): (4, Outcome.FORWARDED),
        ("49.99", "province"): (2, Outcome.NOT_CERTIFIED),
        ("50.00", "province"): (3, Outcome.CERTIFIED),
        ("69.99", "province"): (3, Outcome.CERTIFIED),
        ("70.00", "province"): (4, Outcome.CERTIFIED),
        ("89.99", "province"): (4, Outcome.CERTIFIED),
        ("90.00", "province"): (5, Outcome.POTENTIAL_FIVE),
        ("89.99", "national"): (4, Outcome.NOT_CERTIFIED),
        ("90.00", "national"): (5, Outcome.CERTIFIED),
    },
    "148/2023": {
        ("49.99", "district"): (2, Outcome.NOT_CERTIFIED),
        ("50.00", "district"): (3, Outcome.CERTIFIED),  # districts certify 3★
        ("69.99", "district"): (3, Outcome.CERTIFIED),
        ("70.00", "district"): (4, Outcome.FORWARDED),  # 4★ is for the province
        ("90.00", "district"): (5, Outcome.FORWARDED),
        ("50.00", "province"): (3, Outcome.NOT_CERTIFIED),  # not the province's class
        ("69.99", "province"): (3, Outcome.NOT_CERTIFIED),
        ("70.00", "province"): (4, Outcome.CERTIFIED),
        ("89.99", "province"): (4, Outcome.CERTIFIED),
        ("90.00", "province"): (5, Outcome.POTENTIAL_FIVE),
        ("90.00", "national"): (5, Outcome.CERTIFIED),
    },
    "1489/2025": {
        ("49.99", "commune"): (2, Outcome.NOT_CERTIFIED),
        ("50.00", "commune"): (3, Outcome.FORWARDED),  # communes only check and propose
        ("49.99", "province"): (2, Outcome.NOT_CERTIFIED),
        ("50.00", "province"): (3, Outcome.CERTIFIED),
        ("69.99", "province"): (3, Outcome.CERTIFIED),
        ("70.00", "province"): (4, Outcome.CERTIFIED),
        ("89.99", "province"): (4, Outcome.CERTIFIED),
        ("90.00", "province"): (5, Outcome.POTENTIAL_FIVE),
        ("90.00", "national"): (5, Outcome.CERTIFIED),
    },
}


class OutcomeTestCase(TestCase):
    def test_each_era_certifies_at_its_own_levels_at_the_boundaries(self) -> None:
        for code, cases in ERA_CASES.items():
            levels = Era.objects.get(code=code).certifying_levels
            for (score, level), (stars, outcome) in cases.items():
                result = outcome_for(score=D(score), level=level, certifying_levels=levels)
                self.assertEqual(
                    (result.star_class, result.outcome), (stars, outcome), (code, score, level)
                )

    def test_a_potential_five_star_product_is_certified_at_four_stars_meanwhile(self) -> None:
        self.assertEqual(certificate_stars(star_class=5, outcome=Outcome.POTENTIAL_FIVE), 4)
        self.assertEqual(certificate_stars(star_class=3, outcome=Outcome.CERTIFIED), 3)
        self.assertIsNone(certificate_stars(star_class=4, outcome=Outcome.FORWARDED))
        self.assertIsNone(certificate_stars(star_class=None, outcome=Outcome.KNOCKED_OUT))
