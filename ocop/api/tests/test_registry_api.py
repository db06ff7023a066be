import json

from ocop.api.auth import token_create, token_revoke
from ocop.audit.models import Event
from ocop.registry.models import Producer
from ocop.test import BaseTestCase


class RegistryApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        _token, self.office_token = token_create(user=self.office, name="test")
        _token, self.producer_token = token_create(user=self.producer, name="test")

    def get(self, url: str, token: str | None = None) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.get(url, headers=headers)
        return response.status_code, response.json()

    def send(self, method: str, url: str, body: dict, token: str) -> tuple[int, dict]:
        response = getattr(self.client, method)(
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        return response.status_code, (response.json() if response.content else {})

    def producer_body(self, **changes: object) -> dict:
        body = {
            "kind": "household",
            "name": "Hộ gốm Minh",
            "tax_code": "0102222333",
            "commune_id": self.bat_trang.pk,
        }
        return {**body, **changes}

    def test_it_lists_producers_with_count_page_and_items(self) -> None:
        status, body = self.get("/api/v1/registry/producers?ordering=-name", self.office_token)
        self.assertEqual(status, 200)
        self.assertEqual(body["count"], 2)
        self.assertEqual(body["page"], 1)
        self.assertEqual(body["items"][0]["name"], "Hợp tác xã gốm sứ Bát Tràng")

    def test_a_producer_sees_only_their_own_records(self) -> None:
        status, body = self.get("/api/v1/registry/products", self.producer_token)
        self.assertEqual([p["name"] for p in body["items"]], ["Bình gốm men rạn"])
        status, body = self.get(f"/api/v1/registry/products/{self.scarf.pk}", self.producer_token)
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["code"], "not_found")

    def test_without_a_token_the_answer_is_401_in_the_error_shape(self) -> None:
        status, body = self.get("/api/v1/registry/producers")
        self.assertEqual(status, 401)
        self.assertEqual(set(body["error"]), {"code", "message", "fields"})

    def test_a_revoked_token_no_longer_works(self) -> None:
        token, raw = token_create(user=self.office, name="old")
        token_revoke(actor=self.office, token=token)
        self.assertEqual(self.get("/api/v1/registry/producers", raw)[0], 401)

    def test_only_the_hash_of_a_token_is_stored(self) -> None:
        token = self.office.api_tokens.get(name="test")
        self.assertNotIn(self.office_token, (token.digest, token.prefix))
        self.assertTrue(self.office_token.startswith(token.prefix))

    def test_a_write_goes_through_the_registry_action_and_is_audited(self) -> None:
        status, body = self.send(
            "post", "/api/v1/registry/producers", self.producer_body(), self.office_token
        )
        self.assertEqual(status, 201, body)
        producer = Producer.objects.get(pk=body["id"])
        event = Event.objects.for_object(producer).get(action="producer.create")
        self.assertEqual(event.actor, self.office)

    def test_the_actions_validation_comes_back_on_the_field(self) -> None:
        body = self.producer_body(tax_code="123")
        status, answer = self.send("post", "/api/v1/registry/producers", body, self.office_token)
        self.assertEqual(status, 422)
        self.assertIn("tax_code", answer["error"]["fields"])

    def test_a_bad_query_parameter_is_a_422_with_the_field(self) -> None:
        status, body = self.get("/api/v1/registry/producers?page=0", self.office_token)
        self.assertEqual(status, 422)
        self.assertIn("page", body["error"]["fields"])

    def test_a_producer_user_cannot_create_producers(self) -> None:
        status, body = self.send(
            "post", "/api/v1/registry/producers", self.producer_body(), self.producer_token
        )
        self.assertEqual(status, 403)
        self.assertEqual(body["error"]["code"], "forbidden")

    def test_an_officer_cannot_move_a_producer_outside_their_communes(self) -> None:
        _t, token = token_create(user=self.officer, name="t")
        body = self.producer_body(
            name=self.bat_trang_coop.name, tax_code="0101234567", commune_id=self.ha_dong.pk
        )
        url = f"/api/v1/registry/producers/{self.bat_trang_coop.pk}"
        self.assertEqual(self.send("put", url, body, token)[0], 403)

    def test_deleting_a_producer_with_products_is_a_409(self) -> None:
        url = f"/api/v1/registry/producers/{self.bat_trang_coop.pk}"
        response = self.client.delete(url, HTTP_AUTHORIZATION=f"Bearer {self.office_token}")
        self.assertEqual(response.status_code, 409)

    def test_a_session_write_needs_the_csrf_token(self) -> None:
        self.client = self.client_class(enforce_csrf_checks=True)
        self.login(self.office)
        response = self.client.post(
            "/api/v1/registry/producers",
            json.dumps(self.producer_body()),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)

    def test_a_product_update_through_the_api(self) -> None:
        body = {
            "name": "Bình gốm men rạn cổ",
            "producer_id": self.bat_trang_coop.pk,
            "category_id": self.ceramics.pk,
            "province_of_origin_id": self.hanoi.pk,
            "reference_price": 900000,
        }
        status, answer = self.send(
            "put", f"/api/v1/registry/products/{self.vase.pk}", body, self.producer_token
        )
        self.assertEqual(status, 200, answer)
        self.vase.refresh_from_db()
        self.assertEqual(self.vase.reference_price, 900000)
        self.assertTrue(Event.objects.for_object(self.vase).filter(action="product.update"))

    def test_the_docs_page_uses_local_assets(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "/static/ninja/swagger-ui-bundle.js")
        self.assertNotContains(response, "cdn.jsdelivr")
