"""The trade-promotion indicators against values computed by hand on small fixtures."""

import datetime
from decimal import Decimal

from django.db.models import Q

from ocop.market import indicators
from ocop.market.models import (
    Carriage,
    Channel,
    ProducerChannel,
    Retailer,
    RetailerKind,
    ShowroomKind,
    ShowroomStatus,
)
from ocop.market.tests import factories
from ocop.places.models import Commune, LegacyDistrict
from ocop.registry.models import Producer, ProducerKind, Product
from ocop.test import BaseTestCase

D = datetime.date
DAY = D(2025, 6, 1)


class MallsAndSupermarketsTestCase(BaseTestCase):
    """Malls and supermarkets operating on 1/6/2025: A, B, C, D, F (E closed) = 5.
    Selling OCOP: A (carries the certified vase), C (carries the cooperative's range),
    D (hosts an OCOP booth listing the vase) = 3. B carries the uncertified scarf; F stopped
    carrying the vase in May; G is a convenience store, not counted. 3/5 = 60.0%."""

    def setUp(self) -> None:
        factories.certify(self.vase, issued_on=D(2024, 3, 1))

        def outlet(name: str, kind: str = RetailerKind.SUPERMARKET, **f: object) -> Retailer:
            return Retailer.objects.create(name=name, kind=kind, **f)

        def carry(r: Retailer, product: Product | None = None, **f: object) -> None:
            producer = self.scarf.producer if product == self.scarf else self.bat_trang_coop
            Carriage.objects.create(
                retailer=r, producer=producer, product=product, since=D(2024, 6, 1), **f
            )

        carry(outlet("A", RetailerKind.MALL), self.vase)
        carry(outlet("B"), self.scarf)
        carry(outlet("C"), None)
        mall_d = outlet("D", RetailerKind.MALL)
        booth = factories.showroom(
            self.bat_trang, kind=ShowroomKind.MALL_BOOTH, host_retailer=mall_d
        )
        factories.listing(booth, self.vase)
        carry(outlet("E", closed_on=D(2025, 1, 1)), self.vase)
        carry(outlet("F"), self.vase, until=D(2025, 5, 1))
        carry(outlet("G", RetailerKind.CONVENIENCE_STORE), self.vase)

    def test_it_counts_those_selling_at_least_one_ocop_product(self) -> None:
        share = indicators.share_of_malls_and_supermarkets_selling_ocop(on=DAY)
        self.assertEqual((share.count, share.total), (3, 5))
        self.assertEqual(share.percent, Decimal("60.0"))
        self.assertFalse(share.target_met)

    def test_carriages_and_closures_are_judged_on_the_day_asked(self) -> None:
        # 1/4/2024: no carriage had started yet; only D's booth sold the vase; E was open.
        share = indicators.share_of_malls_and_supermarkets_selling_ocop(on=D(2024, 4, 1))
        self.assertEqual((share.count, share.total), (1, 6))
        self.assertEqual(share.percent, Decimal("16.7"))

    def test_several_days_are_judged_in_one_query(self) -> None:
        with self.assertNumQueries(1):
            shares = indicators.shares_of_malls_and_supermarkets_selling_ocop(
                days=[D(2024, 4, 1), DAY]
            )
        self.assertEqual((shares[D(2024, 4, 1)].count, shares[D(2024, 4, 1)].total), (1, 6))
        self.assertEqual((shares[DAY].count, shares[DAY].total), (3, 5))

    def test_before_the_certificate_none_sold_ocop_products(self) -> None:
        share = indicators.share_of_malls_and_supermarkets_selling_ocop(on=D(2024, 2, 1))
        self.assertEqual(share.count, 0)


class ModernChannelsTestCase(BaseTestCase):
    """OCOP producers (a valid certificate on the day): coop, silk, P3, P5 = 4 (P4 has none).
    On 1/6/2025: coop (e-commerce since Feb 2025) and P3 (carried by a convenience store
    since Jan 2025) are in a modern channel; silk sells only at a market and abroad; P5's
    e-commerce ended in March. 2/4 = 50.0%. On 1/12/2024 only P5 was: 1/4 = 25.0%."""

    def setUp(self) -> None:
        factories.certify(self.vase, issued_on=D(2024, 3, 1))
        factories.certify(self.scarf, issued_on=D(2024, 3, 1))
        p3, p4, p5 = (self.producer_with_product(n) for n in ("P3", "P4", "P5"))
        for producer in (p3, p5):
            factories.certify(producer.products.get(), issued_on=D(2024, 3, 1))

        def channel(producer: Producer, kind: str, since: D, until: D | None = None) -> None:
            ProducerChannel.objects.create(
                producer=producer, channel=kind, since=since, until=until
            )

        channel(self.bat_trang_coop, Channel.ECOMMERCE, D(2025, 2, 1))
        channel(self.van_phuc_silk, Channel.TRADITIONAL, D(2020, 1, 1))
        channel(self.van_phuc_silk, Channel.EXPORT, D(2020, 1, 1))
        market = Retailer.objects.create(name="Chợ Đồng Xuân", kind=RetailerKind.MARKET)
        Carriage.objects.create(retailer=market, producer=self.van_phuc_silk, since=D(2020, 1, 1))
        store = Retailer.objects.create(name="WinMart+ 1", kind=RetailerKind.CONVENIENCE_STORE)
        Carriage.objects.create(retailer=store, producer=p3, since=D(2025, 1, 1))
        channel(p4, Channel.ECOMMERCE, D(2020, 1, 1))
        channel(p5, Channel.ECOMMERCE, D(2024, 1, 1), until=D(2025, 3, 1))

    def producer_with_product(self, name: str) -> Producer:
        producer = Producer.objects.create(
            kind=ProducerKind.HOUSEHOLD,
            name=name,
            business_registration_no=f"01H{name}",
            commune=self.bat_trang,
        )
        factories.product(producer, f"Sản phẩm {name}", self.ceramics, self.hanoi)
        return producer

    def test_half_of_the_ocop_producers_use_a_modern_channel(self) -> None:
        share = indicators.share_of_producers_in_modern_channels(on=DAY)
        self.assertEqual((share.count, share.total), (2, 4))
        self.assertEqual(share.percent, Decimal("50.0"))
        self.assertTrue(share.target_met)

    def test_channels_are_judged_on_the_day_asked(self) -> None:
        share = indicators.share_of_producers_in_modern_channels(on=D(2024, 12, 1))
        self.assertEqual((share.count, share.total), (1, 4))
        self.assertEqual(share.percent, Decimal("25.0"))

    def test_several_days_are_judged_in_one_query(self) -> None:
        with self.assertNumQueries(1):
            shares = indicators.shares_of_producers_in_modern_channels(days=[D(2024, 12, 1), DAY])
        self.assertEqual((shares[D(2024, 12, 1)].count, shares[D(2024, 12, 1)].total), (1, 4))
        self.assertEqual((shares[DAY].count, shares[DAY].total), (2, 4))

    def test_it_counts_among_the_producers_asked_for(self) -> None:
        # The cooperative and P3 are in Bát Tràng and sell through a modern channel; P5 (also
        # there) no longer does; the silk company is in Hà Đông.
        bat_trang = Q(commune=self.bat_trang)
        share = indicators.share_of_producers_in_modern_channels(on=DAY, producers=bat_trang)
        self.assertEqual((share.count, share.total), (2, 3))


class LocalitiesTestCase(BaseTestCase):
    """Design centres on 1/6/2025: Bát Tràng (recorded in Huyện Gia Lâm) and Phú Diễn (no
    district recorded: its commune took over from Bắc Từ Liêm and Cầu Giấy). A planned centre,
    an ordinary showroom and a centre closed in January do not count."""

    def setUp(self) -> None:
        def commune(name: str) -> Commune:
            return Commune.objects.get(province_id=1, name=name)

        centre = ShowroomKind.DESIGN_CENTRE
        factories.showroom(
            self.bat_trang,
            kind=centre,
            legacy_district=LegacyDistrict.objects.get(name="Huyện Gia Lâm"),
        )
        factories.showroom(commune("Phường Phú Diễn"), kind=centre)
        factories.showroom(
            commune("Phường Hoàn Kiếm"), kind=centre, status=ShowroomStatus.PLANNED, opened_on=None
        )
        factories.showroom(commune("Phường Cửa Nam"), kind=ShowroomKind.SHOWROOM)
        factories.showroom(
            commune("Phường Ba Đình"),
            kind=centre,
            status=ShowroomStatus.CLOSED,
            opened_on=D(2023, 1, 1),
            closed_on=D(2025, 1, 1),
        )

    def test_it_lists_communes_with_and_without_a_centre(self) -> None:
        result = indicators.localities_with_design_centre(on=DAY)
        self.assertEqual(
            [c.name for c in result.communes_with], ["Phường Phú Diễn", "Xã Bát Tràng"]
        )
        self.assertEqual(len(result.communes_without), 124)
        self.assertEqual((result.communes.count, result.communes.total), (2, 126))

    def test_it_lists_former_districts_with_and_without_a_centre(self) -> None:
        result = indicators.localities_with_design_centre(on=DAY)
        self.assertEqual(
            sorted(d.name for d in result.districts_with),
            ["Huyện Gia Lâm", "Quận Bắc Từ Liêm", "Quận Cầu Giấy"],
        )
        self.assertEqual(len(result.districts_without), 27)
        self.assertIn("Quận Hoàn Kiếm", [d.name for d in result.districts_without])

    def test_a_centre_closed_later_counted_while_it_was_open(self) -> None:
        result = indicators.localities_with_design_centre(on=D(2024, 6, 1))
        self.assertIn("Phường Ba Đình", [c.name for c in result.communes_with])
        self.assertEqual(len(result.communes_with), 3)

    def test_districts_with_a_centre_are_counted_for_several_days_in_one_query(self) -> None:
        with self.assertNumQueries(1):
            counts = indicators.districts_with_design_centre(days=[D(2024, 6, 1), DAY])
        earlier = indicators.localities_with_design_centre(on=D(2024, 6, 1))
        self.assertEqual(counts, {D(2024, 6, 1): len(earlier.districts_with), DAY: 3})

    def test_the_indicator_page_shows_the_three_targets(self) -> None:
        self.login(self.office)
        from django.urls import reverse

        response = self.client.get(reverse("market:indicators"), {"on": "2025-06-01"})
        self.assertContains(response, "Communes with a design and sales centre")
        self.assertContains(response, "(2/126)")
