import datetime
from decimal import Decimal

from ocop.certification.models import Certificate, Suspension
from ocop.places.models import LegacyDistrict
from ocop.registry.models import ProducerKind
from ocop.reports import breakdowns
from ocop.reports.indicators import INDICATORS, Area, Number
from ocop.reports.models import ProducerReport
from ocop.reports.tests.helpers import HistoryTestCase, decide

HANOI = Area(province=1)
PLAN_START = datetime.date(2021, 1, 1)
D = datetime.date


def value(key: str, on: datetime.date, area: Area = HANOI) -> Number | None:
    """The indicator on `on`, counted from the start of a 2021–2025 plan."""
    return INDICATORS[key].value(PLAN_START, on, area)


class ProductsRankedTestCase(HistoryTestCase):
    def test_it_counts_the_rankings_decided_by_the_day(self) -> None:
        self.assertEqual(value("products_ranked", D(2022, 5, 31)), 0)
        self.assertEqual(value("products_ranked", D(2022, 12, 31)), 2)
        self.assertEqual(value("products_ranked", D(2023, 12, 31)), 3)

    def test_it_leaves_out_knocked_out_products(self) -> None:
        rows = breakdowns.ranked_by_stars(D(2021, 1, 1), D(2023, 12, 31), HANOI)
        self.assertEqual(
            {r.label: r.value for r in rows}, {"5★": 0, "4★": 1, "3★": 1, "2★": 1, "1★": 0}
        )

    def test_it_counts_each_year_apart(self) -> None:
        yearly = INDICATORS["products_ranked"].yearly(
            [2021, 2022, 2023, 2024], D(2024, 6, 30), HANOI
        )
        self.assertEqual(yearly, {2021: 0, 2022: 2, 2023: 1, 2024: 0})

    def test_it_narrows_to_a_commune(self) -> None:
        bat_trang = Area(province=1, communes=(self.bat_trang.pk,))
        self.assertEqual(value("products_ranked", D(2023, 12, 31), area=bat_trang), 1)

    def test_it_breaks_down_by_group_and_place(self) -> None:
        groups = breakdowns.ranked_by_group(D(2021, 1, 1), D(2023, 12, 31), HANOI)
        self.assertEqual(
            [(r.label, r.value) for r in groups],
            [(f"4. {self.ceramics.group.name_vi} (148/2023)", 3)],
        )
        places = breakdowns.ranked_by_place("commune", D(2021, 1, 1), D(2023, 12, 31), HANOI)
        self.assertEqual(
            {r.label: r.value for r in places}, {"Phường Hà Đông": 2, "Xã Bát Tràng": 1}
        )

    def test_places_with_equal_counts_come_by_name_with_the_unrecorded_last(self) -> None:
        gia_lam = LegacyDistrict.objects.get(name="Huyện Gia Lâm")
        self.bat_trang_coop.legacy_district = gia_lam
        self.bat_trang_coop.save()
        decide(self.bowl, D(2022, 9, 1), 3)  # the cooperative's second ranking, like the silk's
        rows = breakdowns.ranked_by_place("legacy_district", D(2021, 1, 1), D(2023, 12, 31), HANOI)
        self.assertEqual(
            [(r.value, r.filters) for r in rows], [(2, {"district": gia_lam.pk}), (2, None)]
        )


class NewCertifiedTestCase(HistoryTestCase):
    def test_it_counts_products_certified_for_the_first_time_each_year(self) -> None:
        yearly = INDICATORS["new_certified"].yearly([2022, 2023, 2024], D(2024, 12, 31), HANOI)
        self.assertEqual(yearly, {2022: 1, 2023: 1, 2024: 0})

    def test_a_renewal_is_not_a_new_product(self) -> None:
        decide(self.vase, D(2025, 5, 20), 4, code="HN-2025-00001")
        self.assertEqual(value("new_certified", D(2025, 12, 31)), 0)


class CertificatesTestCase(HistoryTestCase):
    def test_it_counts_valid_certificates_on_a_past_day(self) -> None:
        self.assertEqual(value("certificates_valid", D(2022, 12, 31)), 1)
        self.assertEqual(value("certificates_valid", D(2023, 12, 31)), 2)

    def test_it_counts_certificates_expiring_within_30_days(self) -> None:
        self.assertEqual(value("certificates_expiring", D(2025, 5, 1)), 0)
        self.assertEqual(value("certificates_expiring", D(2025, 5, 15)), 1)

    def test_it_counts_expired_certificates(self) -> None:
        self.assertEqual(value("certificates_expired", D(2025, 5, 31)), 0)
        self.assertEqual(value("certificates_expired", D(2025, 7, 1)), 1)

    def test_a_suspended_certificate_is_not_valid_while_suspended(self) -> None:
        certificate = Certificate.objects.get(code="HN-2023-00001")
        Suspension.objects.create(
            certificate=certificate, starts_on=D(2024, 1, 1), ends_on=D(2024, 3, 1), reason="Nhãn"
        )
        self.assertEqual(value("certificates_valid", D(2024, 2, 1)), 1)
        self.assertEqual(value("certificates_valid", D(2024, 3, 1)), 2)

    def test_it_counts_each_year_end_on_its_own_day(self) -> None:
        # The scarf's certificate is suspended over the end of 2024; in 2025 the vase's
        # certificate runs out on 1 June, and the series stops at the day asked for.
        certificate = Certificate.objects.get(code="HN-2023-00001")
        Suspension.objects.create(
            certificate=certificate, starts_on=D(2024, 12, 1), ends_on=D(2025, 1, 15), reason="Nhãn"
        )
        yearly = INDICATORS["certificates_valid"].yearly(
            [2021, 2022, 2023, 2024, 2025, 2026], D(2025, 7, 1), HANOI
        )
        self.assertEqual(yearly, {2021: 0, 2022: 1, 2023: 2, 2024: 1, 2025: 1})

    def test_it_counts_ocop_producers_by_type(self) -> None:
        rows = breakdowns.producers_by_kind(D(2023, 12, 31), HANOI)
        counts = {r.filters["kind"]: r.value for r in rows if r.filters}
        self.assertEqual(counts[ProducerKind.COOPERATIVE], 1)
        self.assertEqual(counts[ProducerKind.ENTERPRISE], 1)
        self.assertEqual(counts[ProducerKind.HOUSEHOLD], 0)
        self.assertEqual(value("ocop_producers", D(2022, 12, 31)), 1)


class JobsTestCase(HistoryTestCase):
    def test_it_adds_up_jobs_over_the_report_years_of_the_period(self) -> None:
        for year, jobs in [(2020, 7), (2021, 3), (2022, 4)]:
            ProducerReport.objects.create(
                producer=self.bat_trang_coop,
                year=year,
                workers=20,
                revenue=10**9,
                jobs_created=jobs,
            )
        ProducerReport.objects.create(
            producer=self.van_phuc_silk, year=2022, workers=8, revenue=5 * 10**8, jobs_created=2
        )
        self.assertEqual(value("jobs_created", D(2022, 12, 31)), 9)
        self.assertEqual(value("jobs_created", D(2021, 12, 31)), 3)
        self.assertEqual(value("workers_reported", D(2022, 12, 31)), 28)
        self.assertEqual(value("revenue_reported", D(2022, 12, 31)), 15 * 10**8)


class EmptyDayTestCase(HistoryTestCase):
    def test_every_indicator_is_zero_or_unavailable_before_any_record(self) -> None:
        for key, indicator in INDICATORS.items():
            figure = indicator.value(D(2019, 1, 1), D(2019, 6, 30), HANOI)
            self.assertIn(figure, {0, None, Decimal(0)}, key)
