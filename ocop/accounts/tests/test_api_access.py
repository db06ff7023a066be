"""Walks every operation of the JSON API for every role and checks the answer (the access
matrix of test_access.py, for /api/v1/). A new API operation without an entry in OPERATIONS
fails the test.

The records acted on belong to producer A (`self.producer`, the Bát Tràng cooperative, in the
commune of `self.officer`); producer B (`self.other_producer`) must not reach them by changing
an id: reads and edits of A's records answer 404 for B, as if they did not exist."""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ocop.api.api import api
from ocop.api.auth import token_create
from ocop.audit.models import Event
from ocop.certification.tests.helpers import make_certificate
from ocop.evaluation.models import DossierStatus, Outcome
from ocop.evaluation.tests.helpers import make_council, make_dossier, make_round
from ocop.market.models import Fair
from ocop.market.tests.factories import access_fixture as market
from ocop.registry.models import Producer, ProducerKind, Product
from ocop.test import BaseTestCase

if TYPE_CHECKING:  # the test client's response (status, headers, .json())
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

ANON = "anonymous"
ROLES = [
    "producer",  # producer A
    "other_producer",  # producer B
    "officer",  # officer of commune X (Bát Tràng, A's commune)
    "member",  # member of the council that scores A's dossier
    "secretary",
    "operator",
    "office",
    "nobody",  # signed in, no role
]
EVERYONE = [ANON, *ROLES]
PREFIX = "/api/v1"


def answers(ok: int, allowed: set[str], not_found: set[str] | None = None) -> dict[str, int]:
    """`allowed` roles get `ok`; `not_found` ones 404 (the record lies outside their scope);
    the other signed-in roles 403; anonymous callers 401."""
    table = {role: 403 for role in ROLES} | {ANON: 401}
    table |= {role: ok for role in allowed}
    table |= {role: 404 for role in not_found or set()}
    return table


PUBLIC = {role: 200 for role in EVERYONE}
READERS = {"producer", "officer", "secretary", "office"}  # registry.view, in scope for A
SHOWROOM_READERS = {"operator", "officer", "secretary", "office"}  # market.view_showrooms
CHANNEL_READERS = {"officer", "secretary", "office"}  # market.view_channels


@dataclass
class Operation:
    """How to call one operation (path parameters and body built from the test case) and
    what each role gets back."""

    expect: dict[str, int]
    params: Callable[["ApiAccessTestCase"], dict[str, Any]] = lambda t: {}
    body: Callable[["ApiAccessTestCase"], dict[str, Any]] | None = None
    note: str = ""  # why an answer may surprise


OPERATIONS: dict[str, Operation] = {
    # public: certificate checks and the catalogue, the same for everyone
    "GET /certificates/{code}": Operation(PUBLIC, lambda t: {"code": t.vase_certificate.code}),
    "GET /products": Operation(PUBLIC),
    # registry: read by those with registry.view in scope; B gets 404 for A's records
    "GET /registry/producers": Operation(answers(200, READERS | {"other_producer"})),
    "GET /registry/producers/{producer_id}": Operation(
        answers(200, READERS, not_found={"other_producer"}),
        lambda t: {"producer_id": t.bat_trang_coop.pk},
    ),
    "POST /registry/producers": Operation(
        answers(201, {"officer", "office"}), body=lambda t: t.new_producer_body()
    ),
    "PUT /registry/producers/{producer_id}": Operation(
        answers(200, {"producer", "officer", "office"}, not_found={"other_producer"}),
        lambda t: {"producer_id": t.bat_trang_coop.pk},
        body=lambda t: t.producer_body(t.bat_trang_coop),
    ),
    "DELETE /registry/producers/{producer_id}": Operation(
        answers(204, {"office"}, not_found={"producer", "other_producer"}),
        lambda t: {"producer_id": t.spare_producer.pk},
        note="the producer role sees only its own producer, so a neighbour is 404",
    ),
    "GET /registry/products": Operation(answers(200, READERS | {"other_producer"})),
    "GET /registry/products/{product_id}": Operation(
        answers(200, READERS, not_found={"other_producer"}),
        lambda t: {"product_id": t.vase.pk},
    ),
    "POST /registry/products": Operation(
        answers(201, {"producer", "officer", "office"}),
        body=lambda t: t.product_body(t.bat_trang_coop, name="Ấm chén men lam"),
        note="B naming A's producer is refused (403): the producer exists, the right does not",
    ),
    "PUT /registry/products/{product_id}": Operation(
        answers(200, {"producer", "officer", "office"}, not_found={"other_producer"}),
        lambda t: {"product_id": t.vase.pk},
        body=lambda t: t.product_body(t.bat_trang_coop, name="Bình gốm men rạn cổ"),
    ),
    "DELETE /registry/products/{product_id}": Operation(
        answers(204, {"officer", "office"}, not_found={"other_producer"}),
        lambda t: {"product_id": t.spare_product.pk},
    ),
    # evaluation results and certificates: read-only lists, each in the caller's scope
    "GET /evaluation/results": Operation(
        answers(200, {"producer", "other_producer", "officer", "member", "secretary", "office"})
    ),
    "GET /certification/certificates": Operation(
        answers(200, {"producer", "other_producer", "officer", "secretary", "office"})
    ),
    # market: the operator runs the Bát Tràng showroom (officer's commune), which lists the
    # vase; the office keeps retailers and fairs; channels are scoped like the registry.
    "GET /market/showrooms": Operation(answers(200, SHOWROOM_READERS)),
    "GET /market/showrooms/{showroom_id}": Operation(
        answers(200, SHOWROOM_READERS), lambda t: {"showroom_id": market(t).showroom.pk}
    ),
    "POST /market/showrooms": Operation(
        answers(201, {"office"}), body=lambda t: t.showroom_body(name="Điểm OCOP Long Biên")
    ),
    "PUT /market/showrooms/{showroom_id}": Operation(
        answers(200, {"operator", "office"}),
        lambda t: {"showroom_id": market(t).showroom.pk},
        body=lambda t: t.showroom_body(opening_hours="8:00–21:00"),
        note="the officer and the secretary see the showroom but may not change it",
    ),
    "POST /market/showrooms/{showroom_id}/status": Operation(
        answers(200, {"operator", "office"}),
        lambda t: {"showroom_id": market(t).showroom.pk},
        body=lambda t: {"status": "temporarily_closed"},
    ),
    "GET /market/showrooms/{showroom_id}/listings": Operation(
        answers(200, SHOWROOM_READERS), lambda t: {"showroom_id": market(t).showroom.pk}
    ),
    "POST /market/showrooms/{showroom_id}/listings": Operation(
        answers(201, {"operator", "office"}),
        lambda t: {"showroom_id": market(t).showroom.pk},
        body=lambda t: {"product_ids": [t.scarf.pk], "since": "2025-01-15"},
    ),
    "GET /market/listings/{listing_id}": Operation(
        answers(200, SHOWROOM_READERS), lambda t: {"listing_id": market(t).listing.pk}
    ),
    "PUT /market/listings/{listing_id}": Operation(
        answers(200, {"operator", "office"}),
        lambda t: {"listing_id": market(t).listing.pk},
        body=lambda t: {"since": "2024-01-01", "shelf_price": 120000},
    ),
    "DELETE /market/listings/{listing_id}": Operation(
        answers(204, {"operator", "office"}), lambda t: {"listing_id": market(t).listing.pk}
    ),
    "GET /market/retailers": Operation(answers(200, CHANNEL_READERS)),
    "GET /market/retailers/{retailer_id}": Operation(
        answers(200, CHANNEL_READERS), lambda t: {"retailer_id": market(t).retailer.pk}
    ),
    "POST /market/retailers": Operation(
        answers(201, {"office"}), body=lambda t: {"name": "WinMart", "kind": "supermarket"}
    ),
    "PUT /market/retailers/{retailer_id}": Operation(
        answers(200, {"office"}),
        lambda t: {"retailer_id": market(t).retailer.pk},
        body=lambda t: {"name": "AEON Mall Long Biên", "kind": "mall", "address": "27 Cổ Linh"},
    ),
    "GET /market/retailers/{retailer_id}/carriages": Operation(
        answers(200, CHANNEL_READERS), lambda t: {"retailer_id": market(t).retailer.pk}
    ),
    "POST /market/retailers/{retailer_id}/carriages": Operation(
        answers(201, {"office"}),
        lambda t: {"retailer_id": market(t).retailer.pk},
        body=lambda t: {"product_id": t.scarf.pk, "since": "2025-01-01"},
    ),
    "POST /market/carriages/{carriage_id}/end": Operation(
        answers(200, {"office"}),
        lambda t: {"carriage_id": market(t).carriage.pk},
        body=lambda t: {"until": str(market(t).carriage.since + datetime.timedelta(days=1))},
    ),
    "GET /market/producer-channels": Operation(
        answers(200, {"producer", "other_producer", "officer", "office"})
    ),
    "POST /market/producer-channels": Operation(
        answers(201, {"producer", "officer", "office"}),
        body=lambda t: {
            "producer_id": t.bat_trang_coop.pk,
            "channel": "export",
            "since": "2025-01-01",
        },
        note="B naming A's producer is refused (403): the producer exists, the right does not",
    ),
    "POST /market/producer-channels/{channel_id}/end": Operation(
        answers(200, {"producer", "officer", "office"}, not_found={"other_producer"}),
        lambda t: {"channel_id": market(t).channel.pk},
        body=lambda t: {"until": str(market(t).channel.since + datetime.timedelta(days=1))},
    ),
    "GET /market/fairs": Operation(PUBLIC),
    "GET /market/fairs/{fair_id}": Operation(PUBLIC, lambda t: {"fair_id": market(t).fair.pk}),
    "POST /market/fairs": Operation(answers(201, {"office"}), body=lambda t: t.fair_body()),
    "PUT /market/fairs/{fair_id}": Operation(
        answers(200, {"office"}),
        lambda t: {"fair_id": market(t).fair.pk},
        body=lambda t: t.fair_body(name="Hội chợ OCOP"),
    ),
    "PUT /market/fairs/{fair_id}/results": Operation(
        answers(200, {"office"}),
        lambda t: {"fair_id": t.past_fair.pk},
        body=lambda t: {"visitors": 5000, "deals": 12},
    ),
    "GET /market/fairs/{fair_id}/registrations": Operation(
        answers(200, {"producer", "other_producer", "office"}),
        lambda t: {"fair_id": market(t).fair.pk},
        note="a producer sees only its own registration",
    ),
    "POST /market/fairs/{fair_id}/registrations": Operation(
        answers(201, {"producer"}) | {"other_producer": 422},
        lambda t: {"fair_id": t.open_fair.pk},
        body=lambda t: {"product_ids": [t.vase.pk]},
        note="B may register, but not A's vase: 422 on products",
    ),
    "POST /market/registrations/{registration_id}/decision": Operation(
        answers(200, {"office"}),
        lambda t: {"registration_id": market(t).registration.pk},
        body=lambda t: {"status": "accepted", "booth": "A1"},
    ),
}

# What each list shows to each role allowed to call it (product or producer names).
A_PRODUCER, B_PRODUCER = "Hợp tác xã gốm sứ Bát Tràng", "Công ty TNHH lụa Vạn Phúc"
VASE, SCARF = "Bình gốm men rạn", "Khăn lụa tơ tằm"
A_NEIGHBOUR, A_PLATE = "Hộ gốm Minh", "Đĩa gốm vẽ tay"  # the spare (deletable) records
LISTS: dict[str, tuple[str, dict[str, set[str]]]] = {
    "GET /registry/producers": (
        "name",
        {
            "producer": {A_PRODUCER},
            "other_producer": {B_PRODUCER},
            "officer": {A_PRODUCER, A_NEIGHBOUR},
            "secretary": {A_PRODUCER, A_NEIGHBOUR, B_PRODUCER},
            "office": {A_PRODUCER, A_NEIGHBOUR, B_PRODUCER},
        },
    ),
    "GET /registry/products": (
        "name",
        {
            "producer": {VASE, A_PLATE},
            "other_producer": {SCARF},
            "officer": {VASE, A_PLATE},
            "secretary": {VASE, A_PLATE, SCARF},
            "office": {VASE, A_PLATE, SCARF},
        },
    ),
    "GET /evaluation/results": (
        "product",
        {
            "producer": {VASE},
            "other_producer": {SCARF},
            "officer": {VASE},
            "member": {VASE},  # seated on the vase's council only
            "secretary": {VASE},
            "office": {VASE, SCARF},
        },
    ),
    "GET /certification/certificates": (
        "product",
        {
            "producer": {VASE},
            "other_producer": {SCARF},
            "officer": {VASE},
            "secretary": {VASE, SCARF},
            "office": {VASE, SCARF},
        },
    ),
}


def schema_operations() -> set[str]:
    """Every operation of the API as "METHOD /path" (without the /api/v1 prefix)."""
    paths = api.get_openapi_schema()["paths"]
    return {
        f"{method.upper()} {path.removeprefix(PREFIX)}"
        for path, methods in paths.items()
        for method in methods
    }


class ApiAccessTestCase(BaseTestCase):
    spare_producer: Producer
    spare_product: Product
    vase_certificate: Any
    past_fair: Fair
    open_fair: Fair

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Deletable records (nothing refers to them) in A's commune and of A's producer.
        cls.spare_producer = Producer.objects.create(
            kind=ProducerKind.HOUSEHOLD, name=A_NEIGHBOUR, commune=cls.bat_trang
        )
        cls.spare_product = Product.objects.create(
            name=A_PLATE,
            producer=cls.bat_trang_coop,
            category=cls.ceramics,
            province_of_origin=cls.hanoi,
        )
        # Scored dossiers: the vase's in a round whose council seats the secretary and the
        # member, the scarf's in another round; a certificate for each product.
        seated = make_round(status="scoring", year=2026)
        council = make_council(seated, secretary=cls.secretary, scorers=[cls.member], quorum=1)
        other = make_round(status="scoring", year=2025)
        for round, product in ((seated, cls.vase), (other, cls.scarf)):
            make_dossier(
                round,
                product,
                status=DossierStatus.SCORED,
                council=council if round == seated else None,
                final_score="80.00",
                star_class=4,
                outcome=Outcome.CERTIFIED,
            )
        cls.vase_certificate = make_certificate(cls.vase, code="HN-2024-00001")
        make_certificate(cls.scarf, code="HN-2024-00002")
        # Fairs beside market(t)'s: one over (to record results), one open to registrations.
        today = timezone.localdate()
        cls.past_fair = Fair.objects.create(**cls.fair_values(today - datetime.timedelta(days=3)))
        cls.open_fair = Fair.objects.create(**cls.fair_values(today + datetime.timedelta(days=60)))

    @staticmethod
    def fair_values(starts_on: datetime.date) -> dict[str, Any]:
        return {
            "name": f"Tuần hàng OCOP {starts_on:%d/%m}",
            "venue": "Cung Văn hóa Hữu nghị",
            "organiser": "Sở Công Thương",
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(days=2),
        }

    def setUp(self) -> None:
        self.tokens = {role: token_create(user=getattr(self, role), name="t")[1] for role in ROLES}

    def producer_body(self, producer: Producer, **changes: Any) -> dict[str, Any]:
        body = {
            "kind": producer.kind,
            "name": producer.name,
            "tax_code": producer.tax_code,
            "commune_id": producer.commune_id,
        }
        return body | changes

    def new_producer_body(self) -> dict[str, Any]:
        return {"kind": "household", "name": "Hộ gốm Hùng", "commune_id": self.bat_trang.pk}

    def showroom_body(self, **changes: Any) -> dict[str, Any]:
        room = market(self).showroom
        body = {
            "name": room.name,
            "kind": room.kind,
            "address": room.address,
            "commune_id": room.commune_id,
            "opened_on": str(room.opened_on),
        }
        return body | changes

    def fair_body(self, **changes: Any) -> dict[str, Any]:
        body = {
            "name": "Tuần hàng OCOP",
            "venue": "Cung Văn hóa Hữu nghị",
            "starts_on": "2026-12-25",
            "ends_on": "2026-12-27",
            "organiser": "Sở Công Thương",
        }
        return body | changes

    def product_body(self, producer: Producer, **changes: Any) -> dict[str, Any]:
        body = {
            "name": "Bình gốm",
            "producer_id": producer.pk,
            "category_id": self.ceramics.pk,
            "province_of_origin_id": self.hanoi.pk,
        }
        return body | changes

    def call(
        self, role: str, method: str, path: str, body: dict[str, Any] | None = None
    ) -> "Response":
        """One request as `role`, in a savepoint rolled back afterwards (deletes included)."""
        headers = {} if role == ANON else {"Authorization": f"Bearer {self.tokens[role]}"}
        with transaction.atomic():
            response = self.client.generic(
                method,
                PREFIX + path,
                json.dumps(body) if body is not None else "",
                content_type="application/json",
                headers=headers,
            )
            transaction.set_rollback(True)
        return response

    def request(self, key: str, role: str) -> "Response":
        operation = OPERATIONS[key]
        method, template = key.split(" ", 1)
        path = template.format(**operation.params(self))
        body = operation.body(self) if operation.body else None
        return self.call(role, method, path, body)

    def test_every_api_operation_has_an_entry(self) -> None:
        in_schema = schema_operations()
        self.assertEqual(in_schema - set(OPERATIONS), set(), "add these to OPERATIONS")
        self.assertEqual(set(OPERATIONS) - in_schema, set(), "these are no longer in the API")

    def test_every_role_gets_exactly_the_answer_the_table_says(self) -> None:
        for key, operation in OPERATIONS.items():
            self.assertEqual(set(operation.expect), set(EVERYONE), f"{key}: one answer per role")
            for role in EVERYONE:
                with self.subTest(operation=key, role=role):
                    response = self.request(key, role)
                    self.assertEqual(response.status_code, operation.expect[role], response.content)

    def test_refusals_use_the_api_error_shape(self) -> None:
        for role, status, code in [
            (ANON, 401, "unauthenticated"),
            ("operator", 403, "forbidden"),
            ("other_producer", 404, "not_found"),
        ]:
            response = self.request("GET /registry/producers/{producer_id}", role)
            self.assertEqual(response.status_code, status)
            self.assertEqual(response.json()["error"]["code"], code)

    def test_each_list_shows_a_role_only_the_records_in_its_scope(self) -> None:
        for key, (label, seen_by) in LISTS.items():
            for role, expected in seen_by.items():
                with self.subTest(operation=key, role=role):
                    items = self.request(key, role).json()["items"]
                    self.assertEqual({item[label] for item in items}, expected)

    def test_producer_b_cannot_change_producer_a_records_by_changing_the_id(self) -> None:
        events = Event.objects.count()
        a, vase = self.bat_trang_coop, self.vase
        attempts = [
            ("PUT", f"/registry/producers/{a.pk}", self.producer_body(a, name="Đã bị sửa"), 404),
            ("DELETE", f"/registry/producers/{a.pk}", None, 404),
            ("PUT", f"/registry/products/{vase.pk}", self.product_body(a, name="Đã bị sửa"), 404),
            ("DELETE", f"/registry/products/{vase.pk}", None, 404),
            ("POST", "/registry/products", self.product_body(a, name="Hàng giả"), 403),
        ]
        for method, path, body, status in attempts:
            with self.subTest(method=method, path=path):
                self.assertEqual(
                    self.call("other_producer", method, path, body).status_code, status
                )
        self.client.generic(  # not rolled back: proves the refusal itself saves nothing
            "PUT",
            f"{PREFIX}/registry/products/{vase.pk}",
            json.dumps(self.product_body(a, name="Đã bị sửa")),
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.tokens['other_producer']}"},
        )
        vase.refresh_from_db()
        self.assertEqual(vase.name, VASE)
        self.assertEqual(Event.objects.count(), events)

    def test_producer_a_cannot_hand_a_product_to_producer_b(self) -> None:
        body = self.product_body(self.van_phuc_silk, name=VASE)
        response = self.call("producer", "PUT", f"/registry/products/{self.vase.pk}", body)
        self.assertEqual(response.status_code, 403)

    def test_an_officer_cannot_place_a_producer_outside_their_communes(self) -> None:
        outside = self.new_producer_body() | {"commune_id": self.ha_dong.pk}
        self.assertEqual(
            self.call("officer", "POST", "/registry/producers", outside).status_code, 403
        )
        moved = self.producer_body(self.bat_trang_coop, commune_id=self.ha_dong.pk)
        path = f"/registry/producers/{self.bat_trang_coop.pk}"
        self.assertEqual(self.call("officer", "PUT", path, moved).status_code, 403)

    def test_an_officer_of_another_commune_does_not_find_producer_a(self) -> None:
        self.officer.communes.set([self.ha_dong])
        path = f"/registry/producers/{self.bat_trang_coop.pk}"
        self.assertEqual(self.call("officer", "GET", path).status_code, 404)
