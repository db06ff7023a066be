"""The public JSON API: certificate checks and product search, with cache validators."""

import datetime

from django.utils import timezone
from django.utils.http import parse_http_date

from ocop.catalogue.models import CatalogueEntry
from ocop.catalogue.tests import factories as f
from ocop.certification.models import Certificate
from ocop.test import BaseTestCase

CERTIFICATE_KEYS = {"code", "status", "stars", "product", "producer", "issued_on", "expires_on"}
ITEM_KEYS = {"id", "name", "stars", "group", "producer", "place", "certificate"}


class CertificateApiTestCase(BaseTestCase):
    cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cert = f.certify(cls.vase, stars=4, code="HN-2024-00042")

    def get(self, code: str, **headers: str):
        return self.client.get(f"/api/v1/certificates/{code}", headers=headers)

    def test_anyone_checks_a_certificate_and_gets_the_documented_shape(self) -> None:
        response = self.get("HN-2024-00042")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(set(body), CERTIFICATE_KEYS)
        self.assertEqual(
            (body["code"], body["status"], body["stars"]), ("HN-2024-00042", "valid", 4)
        )
        self.assertEqual(body["issued_on"], self.cert.issued_on.isoformat())
        self.assertEqual(body["expires_on"], self.cert.expires_on.isoformat())
        self.assertEqual(body["product"]["name"], "Bình gốm men rạn")
        self.assertEqual(body["product"]["group"]["code"], "4")
        self.assertTrue(
            body["product"]["url"].endswith(f"/products/{self.vase.pk}-binh-gom-men-ran/")
        )
        self.assertEqual(body["producer"]["name"], "Hợp tác xã gốm sứ Bát Tràng")
        self.assertEqual(body["producer"]["place"]["commune"], "Xã Bát Tràng")

    def test_the_code_may_be_written_loosely(self) -> None:
        self.assertEqual(self.get("hn%202024%2000042").json()["code"], "HN-2024-00042")
        self.assertEqual(self.get("hn202400042").json()["code"], "HN-2024-00042")

    def test_each_status_is_reported(self) -> None:
        for make, status in [
            (lambda c: f.suspend(c), "suspended"),
            (lambda c: f.supersede(c), "superseded"),
            (lambda c: f.revoke(c), "revoked"),
        ]:
            cert = f.certify(f.product(f"Hàng {status}"))
            make(cert)
            with self.subTest(status=status):
                self.assertEqual(self.get(cert.code).json()["status"], status)
        f.expire(self.cert)
        self.assertEqual(self.get("HN-2024-00042").json()["status"], "expired")

    def test_an_unknown_code_is_a_404_with_a_json_error(self) -> None:
        response = self.get("HN-1999-00001")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            response.json(),
            {
                "error": {
                    "code": "not_found",
                    "message": "No OCOP certificate has this code.",
                    "fields": {},
                }
            },
        )

    def test_odd_codes_are_404_not_500(self) -> None:
        for code in ["%22", "%00", "x" * 3000, "%F0%9F%98%80", "%E2%80%8B", "NEAR(*"]:
            with self.subTest(code=code[:10]):
                self.assertEqual(self.get(code).status_code, 404)

    def test_it_answers_304_to_a_matching_etag(self) -> None:
        first = self.get("HN-2024-00042")
        again = self.get("HN-2024-00042", if_none_match=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["ETag"], first["ETag"])

    def test_the_etag_changes_when_the_certificate_is_suspended(self) -> None:
        first = self.get("HN-2024-00042")
        f.suspend(self.cert)
        again = self.get("HN-2024-00042", if_none_match=first["ETag"])
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["status"], "suspended")

    def test_it_answers_304_when_not_modified_since(self) -> None:
        first = self.get("HN-2024-00042")
        self.assertEqual(
            self.get("HN-2024-00042", if_modified_since=first["Last-Modified"]).status_code, 304
        )

    def test_a_revocation_today_is_seen_by_clients_polling_with_if_modified_since(self) -> None:
        two_days_ago = timezone.now() - datetime.timedelta(days=2)
        CatalogueEntry.objects.filter(pk=self.vase.pk).update(changed_at=two_days_ago)
        first = self.get("HN-2024-00042")
        self.assertEqual(parse_http_date(first["Last-Modified"]), int(two_days_ago.timestamp()))
        f.revoke(self.cert, days_ago=0)
        again = self.get("HN-2024-00042", if_modified_since=first["Last-Modified"])
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["status"], "revoked")


class ProductsApiTestCase(BaseTestCase):
    cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cert = f.certify(cls.vase, stars=4)
        f.certify(cls.scarf, stars=3)

    def get(self, **params: str):
        return self.client.get("/api/v1/products", params)

    def test_it_lists_certified_products_in_the_documented_shape(self) -> None:
        body = self.get().json()
        self.assertEqual(set(body), {"count", "items"})
        self.assertEqual(body["count"], 2)
        item = next(i for i in body["items"] if i["id"] == self.vase.pk)
        self.assertEqual(set(item), ITEM_KEYS)
        self.assertEqual(
            item["certificate"],
            {"code": self.cert.code, "stars": 4, "expires_on": self.cert.expires_on.isoformat()},
        )
        self.assertEqual(item["place"]["commune"], "Xã Bát Tràng")
        self.assertEqual(item["producer"]["kind"], "cooperative")

    def test_it_searches_like_the_page(self) -> None:
        for q in ["bat trang", "Bát Tràng", "BAT TRANG", "bát tràng"]:
            with self.subTest(q=q):
                self.assertEqual(
                    [i["name"] for i in self.get(q=q).json()["items"]], ["Bình gốm men rạn"]
                )

    def test_it_filters_by_stars_group_province_and_commune(self) -> None:
        self.assertEqual(self.get(stars="3").json()["count"], 1)
        self.assertEqual(self.get(commune=str(self.bat_trang.pk)).json()["count"], 1)
        self.assertEqual(self.get(province="1").json()["count"], 2)
        group = self.get().json()["items"][0]["group"]["id"]
        self.assertEqual(self.get(group=str(group)).json()["count"], 2)

    def test_odd_parameters_get_a_normal_answer(self) -> None:
        for params in [
            {"q": "x" * 10_000},
            {"q": '"*NEAR(('},
            {"q": "😀\u200b"},
            {"stars": "9"},
            {"group": "abc"},
            {"page": "999999"},
            {"page": "0"},
            {"page": "9" * 30},
            {"page": "abc"},
        ]:
            with self.subTest(params=str(params)[:30]):
                self.assertEqual(self.get(**params).status_code, 200)

    def test_a_page_past_the_end_is_empty_with_the_total(self) -> None:
        self.assertEqual(self.get(page="50").json(), {"count": 2, "items": []})

    def test_it_answers_304_to_a_matching_etag(self) -> None:
        first = self.get(q="gom")
        again = self.client.get(
            "/api/v1/products", {"q": "gom"}, headers={"if-none-match": first["ETag"]}
        )
        self.assertEqual(again.status_code, 304)
        self.assertIn("Last-Modified", first)


class OpenApiTestCase(BaseTestCase):
    def test_the_public_endpoints_are_documented(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        certificate = schema["paths"]["/api/v1/certificates/{code}"]["get"]
        self.assertEqual(set(certificate["responses"]), {"200", "304", "404"})
        products = schema["paths"]["/api/v1/products"]["get"]
        names = {p["name"] for p in products["parameters"]}
        self.assertEqual(names, {"q", "stars", "group", "province", "commune", "page"})
        status = schema["components"]["schemas"]["PublicCertificateOut"]["properties"]["status"]
        self.assertEqual(
            set(status["enum"]), {"valid", "expired", "suspended", "revoked", "superseded"}
        )
