"""The health check, and what users see when the database goes away mid-request."""

import json
from unittest import mock

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from ocop.audit.models import Event
from ocop.ops.middleware import DatabaseUnavailableMiddleware
from ocop.test import BaseTestCase


class HealthCheckTestCase(BaseTestCase):
    url = reverse("healthz")

    def test_it_answers_ok_to_anyone_when_database_and_cache_work(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_answers_503_when_the_database_is_unreachable(self) -> None:
        with mock.patch("ocop.ops.views.connection.cursor", side_effect=OperationalError("gone")):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "unavailable")
        self.assertEqual(response.json()["cache"], "ok")

    def test_it_answers_503_when_the_cache_is_unreachable(self) -> None:
        with mock.patch("ocop.ops.views.cache.set", side_effect=ConnectionError("refused")):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["cache"], "unavailable")

    def test_it_refuses_posts(self) -> None:
        self.assertEqual(self.client.post(self.url).status_code, 405)


class DatabaseGoneTestCase(BaseTestCase):
    def test_a_page_whose_database_vanishes_gets_a_clean_503(self) -> None:
        self.login(self.office)
        with mock.patch("ocop.accounts.views.can", side_effect=OperationalError("server closed")):
            response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, "Temporarily unavailable", status_code=503)
        self.assertContains(response, "Nothing you sent in this request was saved", status_code=503)

    def test_a_save_cut_off_by_the_database_leaves_nothing_half_written(self) -> None:
        self.login(self.office)
        with mock.patch("ocop.audit.actions.record", side_effect=InterfaceError("closed")):
            response = self.client.post(
                reverse("registry:producer_edit", args=[self.bat_trang_coop.pk]),
                {
                    "kind": "cooperative",
                    "name": "Tên mới",
                    "tax_code": "0101234567",
                    "province": "1",
                    "commune": str(self.bat_trang.pk),
                },
            )
        self.assertEqual(response.status_code, 503)
        self.bat_trang_coop.refresh_from_db()
        self.assertEqual(self.bat_trang_coop.name, "Hợp tác xã gốm sứ Bát Tràng")
        self.assertFalse(Event.objects.filter(action="producer.update").exists())

    def test_the_api_gets_its_503_as_json(self) -> None:
        request = RequestFactory().get("/api/v1/certificates/OCOP-HN-2025-0001")
        middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())
        response = middleware.process_exception(request, OperationalError("gone"))
        assert response is not None
        self.assertEqual(response.status_code, 503)
        self.assertIn("temporarily unavailable", json.loads(response.content)["detail"])

    def test_failures_in_middleware_get_the_503_page_too(self) -> None:
        client = self.client_class(raise_request_exception=False)
        client.force_login(self.office)
        with mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.load",
            side_effect=OperationalError("database is locked"),
        ):
            response = client.get(reverse("home"))
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "Temporarily unavailable", status_code=503)

    @override_settings(DEBUG=False)
    def test_other_errors_keep_the_ordinary_error_page(self) -> None:
        client = self.client_class(raise_request_exception=False)
        client.force_login(self.office)
        with mock.patch("ocop.accounts.views.can", side_effect=ValueError("bug")):
            response = client.get(reverse("home"))
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong", status_code=500)
