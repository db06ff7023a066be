import datetime

from django.urls import reverse

from ocop.audit.models import Event
from ocop.market.models import Carriage, Channel, ProducerChannel, Retailer, RetailerKind
from ocop.test import BaseTestCase

D = datetime.date


class RetailerTestCase(BaseTestCase):
    def test_the_office_adds_a_platform(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("market:retailer_add"),
            {"name": "Shopee", "kind": RetailerKind.ECOMMERCE, "website": "shopee.vn"},
        )
        shopee = Retailer.objects.get()
        self.assertRedirects(response, shopee.get_absolute_url())
        self.assertEqual(shopee.website, "https://shopee.vn")
        self.assertTrue(Event.objects.filter(action="retailer.create").exists())

    def test_only_a_convenience_store_belongs_to_a_chain(self) -> None:
        chain = Retailer.objects.create(name="WinMart+", kind=RetailerKind.CONVENIENCE_CHAIN)
        self.login(self.office)
        response = self.client.post(
            reverse("market:retailer_add"),
            {"name": "Big C", "kind": RetailerKind.SUPERMARKET, "chain": chain.pk},
        )
        self.assertContains(response, "Only convenience stores belong to a chain.")
        self.assertEqual(Retailer.objects.count(), 1)

    def test_the_office_records_products_a_retailer_carries(self) -> None:
        mall = Retailer.objects.create(name="AEON Mall Long Biên", kind=RetailerKind.MALL)
        self.login(self.office)
        search = self.client.get(mall.get_absolute_url(), {"q": "binh gom"}, HTTP_HX_REQUEST="true")
        self.assertContains(search, "Bình gốm men rạn")
        response = self.client.post(
            reverse("market:carriage_add", args=[mall.pk]),
            {"products": [self.vase.pk, self.scarf.pk], "since": "2025-01-01"},
        )
        self.assertRedirects(response, mall.get_absolute_url())
        self.assertEqual(
            sorted(Carriage.objects.values_list("producer__name", flat=True)),
            sorted([self.bat_trang_coop.name, self.van_phuc_silk.name]),
        )

    def test_recording_the_same_goods_twice_is_refused_entirely(self) -> None:
        mall = Retailer.objects.create(name="AEON Mall", kind=RetailerKind.MALL)
        Carriage.objects.create(
            retailer=mall, producer=self.bat_trang_coop, product=self.vase, since=D(2024, 1, 1)
        )
        self.login(self.office)
        response = self.client.post(
            reverse("market:carriage_add", args=[mall.pk]),
            {"products": [self.scarf.pk, self.vase.pk], "since": "2025-01-01"},
            follow=True,
        )
        self.assertContains(response, "already carries these goods")
        self.assertEqual(Carriage.objects.count(), 1)

    def test_ending_a_carriage_before_it_started_is_refused(self) -> None:
        mall = Retailer.objects.create(name="AEON Mall", kind=RetailerKind.MALL)
        carriage = Carriage.objects.create(
            retailer=mall, producer=self.bat_trang_coop, product=self.vase, since=D(2024, 1, 1)
        )
        self.login(self.office)
        response = self.client.post(
            reverse("market:carriage_end", args=[carriage.pk]), {"until": "2023-01-01"}, follow=True
        )
        self.assertContains(response, "The end date must be after the start date.")
        carriage.refresh_from_db()
        self.assertIsNone(carriage.until)

    def test_the_list_filters_by_type(self) -> None:
        Retailer.objects.create(name="Lazada", kind=RetailerKind.ECOMMERCE)
        Retailer.objects.create(name="Chợ Hôm", kind=RetailerKind.MARKET)
        self.login(self.secretary)
        response = self.client.get(reverse("market:retailers"), {"kind": "ecommerce"})
        self.assertContains(response, "Lazada")
        self.assertNotContains(response, "Chợ Hôm")


class ProducerChannelTestCase(BaseTestCase):
    def url(self) -> str:
        return reverse("market:producer_channels", args=[self.bat_trang_coop.pk])

    def test_a_producer_records_its_own_channel(self) -> None:
        self.login(self.producer)
        response = self.client.post(
            self.url(), {"channel": Channel.ECOMMERCE, "since": "2024-05-01"}
        )
        self.assertRedirects(response, self.url())
        row = ProducerChannel.objects.get()
        self.assertEqual((row.producer, row.channel), (self.bat_trang_coop, "ecommerce"))

    def test_another_producer_cannot_touch_it(self) -> None:
        self.login(self.other_producer)
        response = self.client.post(self.url(), {"channel": Channel.EXPORT, "since": "2024-05-01"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ProducerChannel.objects.exists())

    def test_dates_in_the_wrong_order_are_refused(self) -> None:
        self.login(self.officer)
        response = self.client.post(
            self.url(), {"channel": Channel.EXPORT, "since": "2024-05-01", "until": "2024-01-01"}
        )
        self.assertContains(response, "The end date must be after the start date.", status_code=400)
        self.assertFalse(ProducerChannel.objects.exists())

    def test_the_same_channel_cannot_be_open_twice(self) -> None:
        ProducerChannel.objects.create(
            producer=self.bat_trang_coop, channel=Channel.EXPORT, since=D(2023, 1, 1)
        )
        self.login(self.office)
        response = self.client.post(self.url(), {"channel": Channel.EXPORT, "since": "2024-05-01"})
        self.assertContains(response, "already recorded as in use", status_code=400)

    def test_a_channel_is_ended(self) -> None:
        row = ProducerChannel.objects.create(
            producer=self.bat_trang_coop, channel=Channel.EXPORT, since=D(2023, 1, 1)
        )
        self.login(self.producer)
        self.client.post(
            reverse("market:producer_channel_end", args=[row.pk]), {"until": "2025-01-01"}
        )
        row.refresh_from_db()
        self.assertEqual(row.until, D(2025, 1, 1))
