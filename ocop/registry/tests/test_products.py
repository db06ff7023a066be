import io
import os
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from ocop.audit.models import Event
from ocop.registry.models import Product, ProductPhoto
from ocop.test import BaseTestCase


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, format=fmt)
    return out.getvalue()


class ProductTestCase(BaseTestCase):
    def test_a_producer_adds_a_product_to_their_own_record(self) -> None:
        self.login(self.producer)
        url = reverse("registry:product_add", args=[self.bat_trang_coop.pk])
        response = self.client.post(
            url,
            {
                "name": "Lọ hoa gốm men lam",
                "category": self.ceramics.pk,
                "province_of_origin": 1,
                "reference_price": "350000",
            },
        )
        product = Product.objects.get(name="Lọ hoa gốm men lam")
        self.assertRedirects(response, product.get_absolute_url())
        self.assertEqual(product.reference_price, 350000)
        self.assertTrue(
            Event.objects.filter(action="product.create", object_id=product.pk).exists()
        )

    def test_a_negative_price_is_refused(self) -> None:
        self.login(self.producer)
        url = reverse("registry:product_add", args=[self.bat_trang_coop.pk])
        response = self.client.post(
            url,
            {
                "name": "X",
                "category": self.ceramics.pk,
                "province_of_origin": 1,
                "reference_price": "-5",
            },
        )
        self.assertContains(response, "greater than or equal to 0")
        self.assertFalse(Product.objects.filter(name="X").exists())

    def test_the_same_product_name_twice_for_one_producer_is_refused(self) -> None:
        self.login(self.producer)
        url = reverse("registry:product_add", args=[self.bat_trang_coop.pk])
        response = self.client.post(
            url, {"name": "Bình gốm men rạn", "category": self.ceramics.pk, "province_of_origin": 1}
        )
        self.assertContains(response, "already exists")
        self.assertEqual(Product.objects.filter(name="Bình gốm men rạn").count(), 1)

    def test_a_producer_cannot_add_products_to_another_producer(self) -> None:
        self.login(self.producer)
        url = reverse("registry:product_add", args=[self.van_phuc_silk.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_producer_cannot_read_another_producers_product(self) -> None:
        self.login(self.producer)
        url = reverse("registry:product", args=[self.scarf.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_products_from_another_province_can_be_recorded(self) -> None:
        self.login(self.office)
        url = reverse("registry:product_add", args=[self.bat_trang_coop.pk])
        self.client.post(
            url, {"name": "Chè Tân Cương", "category": self.ceramics.pk, "province_of_origin": 19}
        )
        self.assertEqual(Product.objects.get(name="Chè Tân Cương").province_of_origin_id, 19)


class PhotoUploadTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.media = tempfile.mkdtemp()
        self.override = override_settings(MEDIA_ROOT=self.media, OCOP_MAX_PHOTO_BYTES=50_000)
        self.override.enable()
        self.url = reverse("registry:photo_upload", args=[self.vase.pk])
        self.login(self.producer)

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.media)

    def upload(
        self, name: str, content: bytes, content_type: str = "image/png"
    ) -> HttpResponseBase:
        return self.client.post(
            self.url, {"image": SimpleUploadedFile(name, content, content_type)}, follow=True
        )

    def test_it_stores_a_png_and_serves_it_publicly(self) -> None:
        self.upload("vase.png", image_bytes())
        photo = ProductPhoto.objects.get(product=self.vase)
        self.client.logout()
        response = self.client.get(photo.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content)[:8], b"\x89PNG\r\n\x1a\n")  # type: ignore[attr-defined]
        self.assertTrue(Event.objects.filter(action="product.photo_add").exists())

    def test_it_accepts_jpeg_and_webp(self) -> None:
        self.upload("a.jpg", image_bytes("JPEG"), "image/jpeg")
        self.upload("b.webp", image_bytes("WEBP"), "image/webp")
        self.assertEqual(ProductPhoto.objects.filter(product=self.vase).count(), 2)

    def test_it_refuses_a_gif_even_named_png(self) -> None:
        response = self.upload("fake.png", image_bytes("GIF"))
        self.assertContains(response, "Only JPEG, PNG or WebP")
        self.assertFalse(ProductPhoto.objects.exists())

    def test_it_refuses_a_text_file_named_jpg(self) -> None:
        response = self.upload("evil.jpg", b"<?php echo 'hi'; ?>", "image/jpeg")
        self.assertContains(response, "not a readable JPEG, PNG or WebP")
        self.assertFalse(ProductPhoto.objects.exists())

    def test_it_refuses_a_photo_over_the_size_limit(self) -> None:
        out = io.BytesIO()
        Image.frombytes("RGB", (200, 200), os.urandom(120_000)).save(out, format="PNG")
        response = self.upload("big.png", out.getvalue())
        self.assertContains(response, "too large")
        self.assertFalse(ProductPhoto.objects.exists())

    def test_another_producer_cannot_upload_to_this_product(self) -> None:
        self.login(self.other_producer)
        response = self.client.post(
            self.url, {"image": SimpleUploadedFile("x.png", image_bytes(), "image/png")}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ProductPhoto.objects.exists())
