import datetime
import random

from django.test import TestCase
from django.utils import timezone

from ocop.accounts import demo as accounts_demo
from ocop.certification.models import Certificate, Decision
from ocop.market import demo
from ocop.market.models import (
    Carriage,
    Fair,
    FairRegistration,
    Listing,
    ListingCompliance,
    ProducerChannel,
    Retailer,
    RetailerKind,
    Showroom,
)
from ocop.market.tests import factories
from ocop.registry import demo as registry_demo
from ocop.registry.models import Product


class MarketDemoTestCase(TestCase):
    first: list[tuple[object, ...]]

    @classmethod
    def setUpTestData(cls) -> None:
        rng = random.Random(2025)
        registry_demo.build(rng)
        accounts_demo.build(rng)
        today = timezone.localdate()
        # Stand-in for the certification builder: most sample products certified, some lapsed.
        decision = Decision.objects.create(number="1/QĐ-UBND", date=today, era=factories.era())
        certificates = []
        for i, product in enumerate(Product.objects.filter(is_sample=True).order_by("pk")[:1500]):
            age, revoked = (
                (1200, None) if i % 10 == 0 else (300, today) if i % 37 == 0 else (200, None)
            )
            issued = today - datetime.timedelta(days=age)
            certificates.append(
                Certificate(
                    code=f"HN-{i:05d}",
                    product=product,
                    decision=decision,
                    stars=4,
                    issued_on=issued,
                    expires_on=issued + datetime.timedelta(days=1095),
                    revoked_on=revoked,
                )
            )
        Certificate.objects.bulk_create(certificates)
        demo.build(random.Random(7))
        cls.first = cls.snapshot()

    @staticmethod
    def snapshot() -> list[tuple[object, ...]]:
        return list(
            Listing.objects.order_by("pk").values_list(
                "showroom__name", "product_id", "shelf_price"
            )
        )

    def test_it_builds_about_a_hundred_showrooms_with_202_ho_tung_mau(self) -> None:
        self.assertEqual(Showroom.objects.filter(is_sample=True).count(), 100)
        htm = Showroom.objects.get(address="202 Hồ Tùng Mậu")
        self.assertEqual(htm.area_m2, 100)
        self.assertEqual(htm.legacy_district.name, "Quận Bắc Từ Liêm")  # type: ignore[union-attr]
        self.assertIn("Hanoi Agricultural Development & Investment Co.", htm.operator_name)
        self.assertIn("operator", htm.operators.values_list("username", flat=True))
        self.assertEqual(Showroom.objects.filter(operators__username="operator").count(), 3)
        provinces = htm.listings.values("product__province_of_origin").distinct().count()
        self.assertGreater(provinces, 5)

    def test_a_realistic_share_of_listings_is_not_allowed(self) -> None:
        total = ListingCompliance.objects.count()
        bad = ListingCompliance.objects.filter(outcome="non_compliant")
        self.assertEqual(total, Listing.objects.exclude(showroom__status="closed").count())
        self.assertTrue(0.04 < bad.count() / total < 0.25, bad.count() / total)
        reasons = {r for row in bad.values_list("reasons", flat=True) for r in row}
        self.assertTrue({"expired", "revoked", "not_ocop"} <= reasons, reasons)

    def test_it_adds_retailers_platforms_channels_and_fairs(self) -> None:
        outlets = Retailer.objects.exclude(kind=RetailerKind.ECOMMERCE)
        self.assertEqual(outlets.count(), 30)
        self.assertEqual(
            set(
                Retailer.objects.filter(kind=RetailerKind.ECOMMERCE).values_list("name", flat=True)
            ),
            {"Shopee", "Lazada", "Tiki", "TikTok Shop", "Postmart", "Voso"},
        )
        self.assertTrue(Carriage.objects.exists())
        self.assertTrue(ProducerChannel.objects.exists())
        palace = Fair.objects.get(starts_on=datetime.date(2020, 12, 25))
        self.assertEqual(
            (palace.address, palace.ends_on, palace.legacy_district.name),  # type: ignore[union-attr]
            ("91 Trần Hưng Đạo", datetime.date(2020, 12, 27), "Quận Hoàn Kiếm"),
        )
        self.assertIsNotNone(palace.reported_sales)
        years = {f.starts_on.year for f in Fair.objects.all()}
        self.assertTrue({2020, 2021, 2022, 2023, 2024, 2025} <= years)
        self.assertTrue(FairRegistration.objects.filter(fair=palace, status="accepted").exists())

    def test_it_is_deterministic(self) -> None:
        FairRegistration.objects.all().delete()
        Fair.objects.all().delete()
        Carriage.objects.all().delete()
        ProducerChannel.objects.all().delete()
        Showroom.objects.all().delete()
        Retailer.objects.filter(chain__isnull=False).delete()
        Retailer.objects.all().delete()
        demo.build(random.Random(7))
        again = self.snapshot()
        self.assertEqual([r[0] for r in self.first], [r[0] for r in again])
        self.assertEqual([r[1:] for r in self.first], [r[1:] for r in again])
