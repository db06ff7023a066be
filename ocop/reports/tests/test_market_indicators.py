import datetime
from unittest import mock

from django.urls import reverse

from ocop.market.models import (
    Channel,
    Fair,
    FairRegistration,
    Listing,
    ProducerChannel,
    RegistrationStatus,
    Showroom,
    ShowroomKind,
    ShowroomStatus,
)
from ocop.market.tests import factories
from ocop.places.models import Commune, LegacyDistrict
from ocop.registry.models import Producer, ProducerKind
from ocop.reports.indicators import INDICATORS, Area
from ocop.reports.models import Scope
from ocop.reports.progress import plan_progress
from ocop.reports.tests.helpers import HistoryTestCase, add_target, decide, make_plan

HANOI = Area(province=1)
D = datetime.date


def value(key: str, on: datetime.date, area: Area = HANOI) -> object:
    return INDICATORS[key].value(D(2021, 1, 1), on, area)


class MarketIndicatorsTestCase(HistoryTestCase):
    gia_lam: LegacyDistrict
    centre: Showroom

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gia_lam = LegacyDistrict.objects.get(province_id=1, name="Huyện Gia Lâm")
        cls.centre = Showroom.objects.create(
            name="Trung tâm thiết kế sáng tạo Bát Tràng",
            kind=ShowroomKind.DESIGN_CENTRE,
            status=ShowroomStatus.OPEN,
            address="Thôn 3",
            commune=cls.bat_trang,
            legacy_district=cls.gia_lam,
            area_m2=600,
            opened_on=D(2024, 3, 1),
        )
        Listing.objects.create(showroom=cls.centre, product=cls.vase, since=D(2024, 3, 1))
        Listing.objects.create(showroom=cls.centre, product=cls.bowl, since=D(2024, 3, 1))
        fair = Fair.objects.create(
            name="Hội chợ OCOP Hà Nội",
            venue="Cung Văn hóa Hữu nghị",
            organiser="Sở Nông nghiệp",
            starts_on=D(2023, 12, 25),
            ends_on=D(2023, 12, 27),
            reported_sales=1_200_000_000,
        )
        FairRegistration.objects.create(
            fair=fair, producer=cls.bat_trang_coop, status=RegistrationStatus.ACCEPTED
        )
        FairRegistration.objects.create(
            fair=fair, producer=cls.van_phuc_silk, status=RegistrationStatus.REJECTED
        )

    def test_it_counts_showrooms_open_on_the_day(self) -> None:
        self.assertEqual(value("showrooms", D(2024, 2, 28)), 0)
        self.assertEqual(value("showrooms", D(2024, 3, 1)), 1)

    def test_it_gives_the_share_of_listings_that_are_ocop_products(self) -> None:
        # The vase's certificate runs to 1 June 2025; the bowl was never certified.
        self.assertEqual(str(value("showroom_listings_ocop", D(2024, 12, 31))), "50.0")
        self.assertEqual(str(value("showroom_listings_ocop", D(2025, 7, 1))), "0.0")

    def test_it_counts_districts_with_a_design_centre(self) -> None:
        self.assertEqual(value("localities_with_design_centre", D(2023, 12, 31)), 0)
        self.assertEqual(value("localities_with_design_centre", D(2024, 12, 31)), 1)

    def test_an_each_district_target_counts_the_districts_with_a_centre(self) -> None:
        plan = make_plan()
        add_target(plan, "localities_with_design_centre", 1, scope=Scope.EACH_LEGACY_DISTRICT)
        progress = plan_progress(plan, D(2024, 12, 31), HANOI)[0]
        districts = LegacyDistrict.objects.filter(province_id=1).count()
        self.assertEqual((progress.value, progress.places), (1, districts))

    def test_it_counts_accepted_fair_participations_and_reported_sales(self) -> None:
        self.assertEqual(value("fair_participations", D(2023, 12, 31)), 1)
        self.assertEqual(value("fair_participations", D(2024, 12, 31)), 0)
        self.assertEqual(value("fair_sales", D(2023, 12, 31)), 1_200_000_000)

    def test_each_year_end_of_a_series_is_judged_on_its_own_day(self) -> None:
        # One query answers every year: 2023 had no showroom, 2024 the vase's (valid) and the
        # bowl's listing, and by 1 July 2025 the vase's certificate had expired.
        on = D(2025, 7, 1)
        self.assertEqual(
            INDICATORS["showrooms"].yearly([2023, 2024, 2025], on, HANOI),
            {2023: 0, 2024: 1, 2025: 1},
        )
        shares = INDICATORS["showroom_listings_ocop"].yearly([2023, 2024, 2025], on, HANOI)
        self.assertEqual(
            {y: str(v) for y, v in shares.items()}, {2023: "None", 2024: "50.0", 2025: "0.0"}
        )
        centres = INDICATORS["localities_with_design_centre"].yearly([2023, 2024], on, HANOI)
        self.assertEqual(centres, {2023: 0, 2024: 1})

    def test_the_market_shares_are_not_made_up_for_part_of_the_province(self) -> None:
        bat_trang = Area(province=1, communes=(self.bat_trang.pk,))
        self.assertIsNone(value("malls_supermarkets_selling_ocop", D(2024, 12, 31), bat_trang))
        self.assertEqual(value("showrooms", D(2024, 12, 31), bat_trang), 1)


class ModernChannelsTestCase(HistoryTestCase):
    """OCOP producers at the end of 2022: the cooperative (vase, certified June 2022); of 2023:
    the cooperative and Vạn Phúc silk (scarf, May 2023). The cooperative sells online from
    2023, the silk company through no modern channel. A producer in another province, certified
    in 2022 and online since 2022, is not Hanoi's and never counts."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ProducerChannel.objects.create(
            producer=cls.bat_trang_coop, channel=Channel.ECOMMERCE, since=D(2023, 1, 1)
        )
        elsewhere = Commune.objects.exclude(province_id=1).order_by("pk").first()
        assert elsewhere is not None
        outsider = Producer.objects.create(
            kind=ProducerKind.HOUSEHOLD,
            name="Hộ làm chè",
            business_registration_no="01HCHE",
            commune=elsewhere,
        )
        tea = factories.product(outsider, "Chè búp", cls.ceramics, elsewhere.province)
        decide(tea, D(2022, 3, 1), 4, code="TN-2022-00001")
        ProducerChannel.objects.create(
            producer=outsider, channel=Channel.ECOMMERCE, since=D(2022, 1, 1)
        )

    def test_it_counts_the_provinces_producers_only(self) -> None:
        # Over the whole country it would be 1 of 2 (50.0) in 2022 and 2 of 3 (66.7) in 2023.
        shares = INDICATORS["producers_in_modern_channels"].yearly(
            [2022, 2023], D(2023, 12, 31), HANOI
        )
        self.assertEqual({y: str(v) for y, v in shares.items()}, {2022: "0.0", 2023: "50.0"})

    def test_it_narrows_to_a_commune_like_the_other_producer_figures(self) -> None:
        bat_trang = Area(province=1, communes=(self.bat_trang.pk,))
        ha_dong = Area(province=1, communes=(self.ha_dong.pk,))
        self.assertEqual(
            str(value("producers_in_modern_channels", D(2023, 12, 31), bat_trang)), "100.0"
        )
        self.assertEqual(
            str(value("producers_in_modern_channels", D(2023, 12, 31), ha_dong)), "0.0"
        )

    def test_the_dashboard_shows_the_provinces_share(self) -> None:
        plan = make_plan()
        add_target(plan, "producers_in_modern_channels", 50, comparison="share")
        self.login(self.office)
        response = self.client.get(reverse("reports:dashboard"), {"on": "2023-12-31"})
        self.assertEqual(str(response.context["board"].progress[0].value), "50.0")


class MarketMissingTestCase(HistoryTestCase):
    def test_without_the_market_app_its_figures_say_not_available_yet(self) -> None:
        plan = make_plan()
        add_target(plan, "producers_in_modern_channels", 50, comparison="share")
        self.login(self.office)
        with mock.patch("ocop.reports.indicators.market.market_module", return_value=None):
            response = self.client.get(reverse("reports:dashboard"), {"on": "2024-12-31"})
            history = self.client.get(reverse("reports:history"), {"on": "2024-12-31"})
        self.assertEqual(response.context["board"].progress[0].value, None)
        self.assertContains(response, "Not available yet")
        self.assertContains(history, "Not available yet")
