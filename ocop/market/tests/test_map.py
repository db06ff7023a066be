import datetime
import re

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ocop.market.models import Carriage, Retailer, RetailerKind, ShowroomStatus
from ocop.market.selectors import where_to_buy
from ocop.market.tests import factories
from ocop.test import BaseTestCase

D = datetime.date


class MapTestCase(BaseTestCase):
    def test_anyone_sees_open_showrooms_listed_with_directions(self) -> None:
        factories.showroom(
            self.bat_trang, name="Điểm OCOP Bát Tràng", latitude="20.975", longitude="105.912"
        )
        factories.showroom(self.bat_trang, name="Sắp mở", status=ShowroomStatus.PLANNED)
        response = self.client.get(reverse("market:map"))
        self.assertContains(response, "Điểm OCOP Bát Tràng")
        self.assertNotContains(response, "Sắp mở")
        self.assertContains(response, 'data-lat="20.975000"')
        self.assertContains(
            response, "https://www.google.com/maps/dir/?api=1&amp;destination=20.975"
        )

    def test_the_map_uses_local_leaflet_and_no_inline_script(self) -> None:
        response = self.client.get(reverse("market:map"))
        html = response.content.decode()
        self.assertIn("/static/vendor/leaflet/leaflet.js", html)
        self.assertIn("/static/market/map.js", html)
        self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])

    @override_settings(OCOP_TILE_URL="https://tiles.example.vn/{z}/{x}/{y}.png")
    def test_the_tile_server_is_a_setting(self) -> None:
        response = self.client.get(reverse("market:map"))
        self.assertContains(response, 'data-tiles="https://tiles.example.vn/{z}/{x}/{y}.png"')

    def test_the_list_view_shows_the_same_places_without_the_map(self) -> None:
        factories.showroom(self.bat_trang, name="Điểm OCOP Bát Tràng")
        response = self.client.get(reverse("market:map"), {"view": "list"})
        self.assertContains(response, "Điểm OCOP Bát Tràng")
        self.assertNotContains(response, "leaflet.js")

    def test_coming_fairs_are_on_the_map(self) -> None:
        from ocop.market.tests.test_fairs import make_fair

        make_fair(name="Hội chợ sắp tới", latitude="21.0245", longitude="105.8450")
        make_fair(name="Hội chợ cũ", starts_on=D(2020, 12, 25), ends_on=D(2020, 12, 27))
        response = self.client.get(reverse("market:map"))
        self.assertContains(response, "Hội chợ sắp tới")
        self.assertNotContains(response, "Hội chợ cũ")


class WhereToBuyTestCase(BaseTestCase):
    def setUp(self) -> None:
        today = timezone.localdate()
        self.cert = factories.certify(self.vase, issued_on=today - datetime.timedelta(days=100))
        self.open_room = factories.showroom(self.bat_trang, name="Mở cửa")
        factories.listing(self.open_room, self.vase, shelf_price=250_000)
        closed = factories.showroom(
            self.bat_trang, name="Đóng cửa", status=ShowroomStatus.TEMPORARILY_CLOSED
        )
        factories.listing(closed, self.vase)
        shopee = Retailer.objects.create(
            name="Shopee", kind=RetailerKind.ECOMMERCE, website="https://shopee.vn"
        )
        Carriage.objects.create(retailer=shopee, producer=self.bat_trang_coop, since=today)

    def test_it_lists_open_showrooms_then_platforms(self) -> None:
        places = where_to_buy(self.vase)
        self.assertEqual(
            [(p.kind, p.name) for p in places], [("showroom", "Mở cửa"), ("platform", "Shopee")]
        )
        self.assertEqual(places[0].price, 250_000)

    def test_it_lists_nothing_for_a_product_that_is_not_valid_ocop_today(self) -> None:
        self.cert.revoked_on = timezone.localdate()
        self.cert.save()
        self.assertEqual(where_to_buy(self.vase), [])

    def test_it_lists_nothing_for_a_product_without_certificate(self) -> None:
        factories.listing(self.open_room, self.scarf)
        self.assertEqual(where_to_buy(self.scarf), [])

    def test_the_public_product_page_shows_where_to_buy(self) -> None:
        from ocop.catalogue.models import CatalogueEntry

        response = self.client.get(CatalogueEntry.objects.get(pk=self.vase.pk).get_absolute_url())
        self.assertContains(response, "Mở cửa")
        self.assertContains(response, 'href="https://shopee.vn"')
        self.assertNotContains(response, "Đóng cửa")
