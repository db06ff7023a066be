"""Hostile or broken requests are refused cleanly: forged sessions and forms, oversized
bodies, path tricks in file names, HTML and SQL typed into text fields."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from ocop.registry.models import Producer, ProductPhoto
from ocop.registry.tests.test_products import image_bytes
from ocop.test import BaseTestCase


class ForgedRequestTestCase(BaseTestCase):
    def test_a_tampered_session_cookie_is_treated_as_anonymous(self) -> None:
        self.login(self.office)
        name = settings.SESSION_COOKIE_NAME
        self.client.cookies[name] = self.client.cookies[name].value[:-4] + "abcd"
        response = self.client.get(reverse("registry:producers"))
        self.assertRedirects(response, f"{reverse('login')}?next=/registry/producers/")

    def test_a_session_cookie_made_up_from_nothing_is_treated_as_anonymous(self) -> None:
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "' OR 1=1 --"
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    def test_a_post_without_the_csrf_token_is_refused(self) -> None:
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.office)
        response = client.post(reverse("registry:producer_add"), {"name": "Forged"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Producer.objects.filter(name="Forged").exists())

    def test_a_login_without_the_csrf_token_is_refused(self) -> None:
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "office", "password": "x"})
        self.assertEqual(response.status_code, 403)


class OversizedBodyTestCase(BaseTestCase):
    @override_settings(OCOP_MAX_REQUEST_BYTES=1000)
    def test_a_body_over_the_limit_is_refused_before_it_is_read(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("registry:producer_add"), {"name": "x" * 2000, "kind": "household"}
        )
        self.assertEqual(response.status_code, 413)
        self.assertIn(b"too large", response.content)
        self.assertFalse(Producer.objects.filter(name__startswith="xxx").exists())

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_form_fields_over_the_memory_limit_are_a_bad_request(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("registry:producer_add"), {"address": "x" * 2000})
        self.assertEqual(response.status_code, 400)


class FileNameTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.media = tempfile.mkdtemp()
        self.override = override_settings(MEDIA_ROOT=self.media)
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.media)

    def test_photo_urls_take_a_number_and_nothing_else(self) -> None:
        with self.assertRaises(NoReverseMatch):
            reverse("registry:photo", args=["../../settings.py"])
        for path in ["/registry/photos/..%2F..%2Fsettings.py/", "/registry/photos/../../etc/"]:
            self.assertEqual(self.client.get(path).status_code, 404, path)

    def test_uploads_are_not_served_from_a_media_url(self) -> None:
        Path(self.media, "secret.pdf").write_bytes(b"%PDF-1.4")
        with self.assertRaises(Resolver404):
            resolve("/media/secret.pdf")
        self.assertEqual(self.client.get("/media/secret.pdf").status_code, 404)

    def test_an_upload_named_with_dots_and_slashes_lands_inside_the_media_folder(self) -> None:
        self.login(self.producer)
        upload = SimpleUploadedFile("../../../etc/cron.d/evil.png", image_bytes(), "image/png")
        self.client.post(reverse("registry:photo_upload", args=[self.vase.pk]), {"image": upload})
        stored = Path(self.media, ProductPhoto.objects.get().image.name).resolve()
        self.assertTrue(stored.is_relative_to(Path(self.media).resolve()))
        self.assertNotIn("evil", stored.name)

    def test_uploads_live_outside_the_static_files(self) -> None:
        media, static = Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()
        self.assertFalse(media.is_relative_to(static) or static.is_relative_to(media))


class TextFieldTestCase(BaseTestCase):
    url = reverse("registry:producer_add")

    def post(self, **fields: str) -> HttpResponseBase:
        data = {
            "kind": "household",
            "name": "Hộ kinh doanh Trần Thị Bình",
            "business_registration_no": "01H8000999",
            "province": "1",
            "commune": str(self.bat_trang.pk),
        }
        data.update(fields)
        self.login(self.office)
        return self.client.post(self.url, data)

    def test_html_in_a_name_is_refused_on_the_field_and_nothing_is_saved(self) -> None:
        response = self.post(name='<script>alert("x")</script>Gốm')
        self.assertContains(response, "HTML tags are not allowed here.")
        self.assertNotContains(response, '<script>alert("x")')  # shown escaped, never run
        self.assertEqual(Producer.objects.count(), 2)

    def test_sql_in_a_text_field_is_stored_as_plain_text(self) -> None:
        sql = "Robert'); DROP TABLE registry_producer;--"
        self.post(name=sql, address="1' OR '1'='1")
        producer = Producer.objects.get(name=sql)
        self.assertEqual(producer.address, "1' OR '1'='1")
        self.assertEqual(Producer.objects.count(), 3)
        self.login(self.office)
        page = self.client.get(producer.get_absolute_url())
        self.assertContains(page, "Robert&#x27;); DROP TABLE registry_producer;--")
