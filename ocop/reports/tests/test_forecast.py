import math
from decimal import Decimal

from django.test import SimpleTestCase

from ocop.reports.forecast import fit, project


class FitTestCase(SimpleTestCase):
    def test_it_fits_a_straight_series_exactly(self) -> None:
        line = fit({2021: 100, 2022: 200, 2023: 300})
        assert line is not None
        self.assertAlmostEqual(line.slope, 100)
        self.assertAlmostEqual(line.at(2025), 500)
        self.assertAlmostEqual(line.residual_se, 0)

    def test_it_gives_the_residual_standard_error_of_a_noisy_series(self) -> None:
        # y = 1, 3, 2, 4 at x = 0..3: slope 0.8, intercept 1.3, residuals -0.3, 0.9, -0.9, 0.3.
        line = fit({0: 1, 1: 3, 2: 2, 3: 4})
        assert line is not None
        self.assertAlmostEqual(line.slope, 0.8)
        self.assertAlmostEqual(line.intercept, 1.3)
        self.assertAlmostEqual(line.residual_se, math.sqrt(1.8 / 2))

    def test_it_needs_two_years(self) -> None:
        self.assertIsNone(fit({2021: 5}))
        self.assertIsNone(project({2021: 5}, complete_until=2021, end_year=2025, cumulative=True))


class ProjectTestCase(SimpleTestCase):
    def test_a_yearly_target_reads_the_line_in_the_last_year(self) -> None:
        forecast = project(
            {2021: 300, 2022: 350, 2023: 400, 2024: 10},
            complete_until=2023,
            end_year=2025,
            cumulative=False,
        )
        assert forecast is not None
        self.assertEqual((forecast.value, forecast.low, forecast.high), (500, 500, 500))
        self.assertEqual(forecast.years_used, [2021, 2022, 2023])
        self.assertTrue(forecast.meets(Decimal(400)))

    def test_a_plan_total_adds_the_line_for_each_year_left(self) -> None:
        # 2021–2023 sum to 900; the line gives 450 and 500 for 2024 and 2025.
        forecast = project(
            {2021: 250, 2022: 300, 2023: 350}, complete_until=2023, end_year=2025, cumulative=True
        )
        assert forecast is not None
        self.assertEqual(forecast.value, 900 + 400 + 450)
        self.assertFalse(forecast.meets(Decimal(2000)))

    def test_the_range_widens_with_each_year_left(self) -> None:
        forecast = project({0: 1, 1: 3, 2: 2, 3: 4}, complete_until=3, end_year=5, cumulative=True)
        assert forecast is not None
        se = math.sqrt(0.9)
        expected = 10 + (1.3 + 0.8 * 4) + (1.3 + 0.8 * 5)
        self.assertEqual(forecast.value, round(expected))
        self.assertEqual(forecast.low, round(expected - 2 * se))
        self.assertEqual(forecast.high, round(expected + 2 * se))

    def test_an_at_most_target_is_met_below_the_value(self) -> None:
        forecast = project(
            {2021: 90, 2022: 70, 2023: 50}, complete_until=2023, end_year=2025, cumulative=False
        )
        assert forecast is not None
        self.assertEqual(forecast.value, 10)
        self.assertTrue(forecast.meets(Decimal(20), at_most=True))
