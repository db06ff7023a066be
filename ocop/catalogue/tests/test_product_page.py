"""The public product page: label, certificate, producer, place, story, history, sharing."""

from django.urls import reverse

from ocop.catalogue.models import CatalogueEntry
from ocop.catalogue.tests import factories as f
from ocop.certification.models import Certificate
from ocop.registry.models import ProductPhoto
from ocop.test import BaseTestCase


class ProductPageTestCase(BaseTestCase):
    cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.vase.story = "Men rạn cổ truyền của làng gốm Bát Tràng."
        cls.vase.save()
        cls.bat_trang_coop.phone = "0987654321"
        cls.bat_trang_coop.village = "Bát Tràng"
        cls.bat_trang_coop.save()
        cls.cert = f.certify(cls.vase, stars=4)

    def url(self) -> str:
        return CatalogueEntry.objects.get(pk=self.vase.pk).get_absolute_url()

    def test_its_address_is_the_id_and_a_readable_slug(self) -> None:
        self.assertEqual(self.url(), f"/products/{self.vase.pk}-binh-gom-men-ran/")

    def test_an_id_alone_redirects_to_the_full_address(self) -> None:
        response = self.client.get(reverse("catalogue:product", args=[str(self.vase.pk)]))
        self.assertRedirects(response, self.url(), status_code=301)

    def test_it_shows_the_label_certificate_and_validity(self) -> None:
        response = self.client.get(self.url())
        self.assertContains(response, "<h1>Bình gốm men rạn</h1>", html=True)
        self.assertContains(response, "Sản phẩm OCOP Việt Nam")
        self.assertContains(response, 'aria-label="4 stars"')
        self.assertContains(response, self.cert.code)
        self.assertContains(response, f"{self.cert.expires_on:%d/%m/%Y}")
        self.assertContains(response, f"/verify/{self.cert.code}")
        self.assertContains(response, "<svg", msg_prefix="QR code of the verification page")

    def test_it_shows_producer_contact_place_story_and_group(self) -> None:
        response = self.client.get(self.url())
        self.assertContains(response, "Hợp tác xã gốm sứ Bát Tràng")
        self.assertContains(response, 'href="tel:0987654321"')
        self.assertContains(response, "Xã Bát Tràng")
        self.assertContains(response, "Men rạn cổ truyền")
        self.assertContains(response, "Souvenirs and decorative crafts")

    def test_it_shows_the_certification_history(self) -> None:
        newer = f.supersede(self.cert, stars=5)
        response = self.client.get(self.url())
        self.assertContains(response, f"Certificate {self.cert.code} issued")
        self.assertContains(response, f"{self.cert.code} superseded by {newer.code}")

    def test_it_shows_photos_from_the_registry(self) -> None:
        photo = ProductPhoto.objects.create(
            product=self.vase, image="products/v.jpg", caption="Mặt trước"
        )
        response = self.client.get(self.url())
        self.assertContains(response, reverse("registry:photo", args=[photo.pk]))
        self.assertContains(response, 'alt="Mặt trước"')

    def test_it_has_share_tags(self) -> None:
        response = self.client.get(self.url())
        self.assertContains(
            response, '<meta property="og:title" content="Bình gốm men rạn – OCOP 4★">'
        )
        self.assertContains(
            response, f'<meta property="og:url" content="http://127.0.0.1:8000{self.url()}">'
        )
        self.assertContains(response, 'rel="canonical"')

    def test_where_to_buy_says_it_is_not_recorded_yet(self) -> None:
        response = self.client.get(self.url())
        self.assertContains(response, "Showrooms and sales channels are not recorded yet")

    def test_a_product_no_longer_certified_shows_its_history_without_the_label(self) -> None:
        f.revoke(self.cert)
        response = self.client.get(self.url())
        self.assertContains(response, "Not currently certified.")
        self.assertNotContains(response, "Sản phẩm OCOP Việt Nam")
        self.assertContains(response, f"{self.cert.code} revoked")

    def test_a_product_never_certified_is_not_public(self) -> None:
        response = self.client.get(reverse("catalogue:product", args=[f"{self.scarf.pk}-khan"]))
        self.assertEqual(response.status_code, 404)

    def test_a_malformed_address_is_not_found(self) -> None:
        for key in ["abc", "-1", "9" * 30, "0"]:
            with self.subTest(key=key):
                response = self.client.get(reverse("catalogue:product", args=[key]))
                self.assertEqual(response.status_code, 404)


class SitemapTestCase(BaseTestCase):
    def test_it_lists_certified_product_pages_only(self) -> None:
        f.certify(self.vase)
        response = self.client.get(reverse("catalogue:sitemap"))
        self.assertEqual(response["Content-Type"], "application/xml")
        self.assertContains(response, f"/products/{self.vase.pk}-binh-gom-men-ran/</loc>")
        self.assertNotContains(response, f"/products/{self.scarf.pk}-")
