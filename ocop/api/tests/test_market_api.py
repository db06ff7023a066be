import datetime
import json
from typing import Any

from django.utils import timezone

from ocop.api.auth import token_create
from ocop.audit.models import Event
from ocop.market.models import (
    Carriage,
    Fair,
    FairRegistration,
    Listing,
    ProducerChannel,
    Retailer,
    RetailerKind,
    Showroom,
    ShowroomKind,
)
from ocop.market.tests import factories
from ocop.places.models import Commune
from ocop.test import BaseTestCase

API = "/api/v1/market"
TODAY = timezone.localdate()


class MarketApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        people = ("office", "officer", "operator", "producer", "other_producer", "secretary")
        self.tokens = {who: token_create(user=getattr(self, who), name="t")[1] for who in people}
        self.room = factories.showroom(self.bat_trang, operators=[self.operator])

    def call(self, who: str | None, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        response = self.client.generic(
            method,
            API + path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )
        return response.status_code, (response.json() if response.content else None)

    def fields(self, answer: Any) -> dict[str, list[str]]:
        return answer["error"]["fields"]


class ShowroomApiTestCase(MarketApiTestCase):
    def body(self, **changes: Any) -> dict[str, Any]:
        body = {
            "name": "Điểm OCOP Long Biên",
            "kind": "point_of_sale",
            "address": "1 Nguyễn Văn Cừ",
            "commune_id": self.bat_trang.pk,
        }
        return body | changes

    def test_an_operator_lists_only_their_own_showrooms(self) -> None:
        factories.showroom(self.ha_dong, name="Điểm OCOP Hà Đông")
        status, page = self.call("operator", "GET", "/showrooms")
        self.assertEqual(status, 200)
        self.assertEqual((page["count"], page["page"], page["page_size"]), (1, 1, 25))
        self.assertEqual(page["items"][0]["operator_ids"], [self.operator.pk])

    def names(self, query: str) -> list[str]:
        return [s["name"] for s in self.call("office", "GET", query)[1]["items"]]

    def test_the_list_filters_searches_and_orders_like_the_registry(self) -> None:
        factories.showroom(self.ha_dong, name="Điểm OCOP Hà Đông", kind=ShowroomKind.MALL_BOOTH)
        self.assertEqual(names := self.names("/showrooms?ordering=-name"), sorted(names)[::-1])
        self.assertEqual(self.names("/showrooms?kind=mall_booth"), ["Điểm OCOP Hà Đông"])
        self.assertEqual(self.names("/showrooms?q=ha+dong"), ["Điểm OCOP Hà Đông"])
        self.assertEqual(self.call("office", "GET", "/showrooms?ordering=address")[0], 422)

    def test_another_operators_showroom_is_not_found(self) -> None:
        other = factories.showroom(self.ha_dong, name="Khác")
        for method, body in (("GET", None), ("PUT", self.body())):
            status, answer = self.call("operator", method, f"/showrooms/{other.pk}", body)
            self.assertEqual((status, answer["error"]["code"]), (404, "not_found"))

    def test_an_officer_sees_their_communes_showroom_but_cannot_change_it(self) -> None:
        self.assertEqual(self.call("officer", "GET", f"/showrooms/{self.room.pk}")[0], 200)
        status, answer = self.call("officer", "PUT", f"/showrooms/{self.room.pk}", self.body())
        self.assertEqual((status, answer["error"]["code"]), (403, "forbidden"))

    def test_the_office_registers_an_open_showroom_and_it_is_audited(self) -> None:
        body = self.body(status="open", opened_on="2025-03-01", operator_ids=[self.operator.pk])
        status, answer = self.call("office", "POST", "/showrooms", body)
        self.assertEqual(status, 201, answer)
        self.assertEqual((answer["status"], answer["commune"]), ("open", "Xã Bát Tràng"))
        showroom = Showroom.objects.get(pk=answer["id"])
        events = Event.objects.for_object(showroom).values_list("action", flat=True)
        self.assertEqual(set(events), {"showroom.create", "showroom.operators"})

    def test_an_open_showroom_needs_its_opening_date(self) -> None:
        status, answer = self.call("office", "POST", "/showrooms", self.body(status="open"))
        self.assertEqual(status, 422)
        self.assertEqual(list(self.fields(answer)), ["opened_on"])
        self.assertFalse(Showroom.objects.filter(name="Điểm OCOP Long Biên").exists())

    def test_a_commune_of_another_province_is_refused_as_on_the_form(self) -> None:
        elsewhere = Commune.objects.exclude(province=self.hanoi).first()
        assert elsewhere is not None
        body = self.body(commune_id=elsewhere.pk)
        status, answer = self.call("office", "POST", "/showrooms", body)
        self.assertEqual((status, list(self.fields(answer))), (422, ["commune"]))

    def test_an_unknown_operator_account_is_refused_on_operator_ids(self) -> None:
        status, answer = self.call("office", "POST", "/showrooms", self.body(operator_ids=[99999]))
        self.assertEqual(status, 422)
        self.assertEqual(self.fields(answer), {"operator_ids": ["No account has id 99999."]})

    def test_an_operator_edits_their_showroom_but_not_its_operators(self) -> None:
        path = f"/showrooms/{self.room.pk}"
        kept = self.body(opening_hours="8:00–21:00", operator_ids=[self.operator.pk])
        status, answer = self.call("operator", "PUT", path, kept)
        self.assertEqual((status, answer["opening_hours"]), (200, "8:00–21:00"))
        self.assertTrue(Event.objects.for_object(self.room).filter(action="showroom.update"))
        status, _ = self.call("operator", "PUT", path, self.body(operator_ids=[]))
        self.assertEqual(status, 403)
        self.assertEqual(list(self.room.operators.all()), [self.operator])

    def test_a_status_change_follows_the_allowed_transitions(self) -> None:
        path = f"/showrooms/{self.room.pk}/status"
        body = {"status": "closed", "on": "2025-06-30"}
        status, answer = self.call("operator", "POST", path, body)
        self.assertEqual(
            (status, answer["status"], answer["closed_on"]), (200, "closed", "2025-06-30")
        )
        self.assertTrue(Event.objects.for_object(self.room).filter(action="showroom.status"))
        status, answer = self.call("operator", "POST", path, {"status": "temporarily_closed"})
        self.assertEqual((status, list(self.fields(answer))), (422, ["__all__"]))

    def test_an_id_beyond_what_the_database_stores_is_a_422(self) -> None:
        status, answer = self.call("office", "GET", f"/showrooms/{2**63}")
        self.assertEqual((status, answer["error"]["code"]), (422, "invalid"))

    def test_a_session_write_needs_the_csrf_token(self) -> None:
        self.client = self.client_class(enforce_csrf_checks=True)
        self.login(self.office)
        response = self.client.post(
            f"{API}/showrooms", json.dumps(self.body()), content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Showroom.objects.filter(name="Điểm OCOP Long Biên").exists())


class ListingApiTestCase(MarketApiTestCase):
    def add(self, who: str, **changes: Any) -> tuple[int, Any]:
        body = {"product_ids": [self.vase.pk, self.scarf.pk], "since": "2025-01-15"} | changes
        return self.call(who, "POST", f"/showrooms/{self.room.pk}/listings", body)

    def test_an_operator_lists_products_together_and_each_is_audited(self) -> None:
        status, answer = self.add("operator", shelf_price=350000)
        self.assertEqual(status, 201, answer)
        self.assertEqual(
            [(i["product"], i["shelf_price"]) for i in answer],
            [("Bình gốm men rạn", 350000), ("Khăn lụa tơ tằm", 350000)],
        )
        self.assertEqual(Event.objects.filter(action="listing.add").count(), 2)

    def test_each_listing_says_whether_it_may_be_on_the_shelf_today(self) -> None:
        factories.certify(self.vase, issued_on=TODAY - datetime.timedelta(days=10))
        self.add("operator")
        status, page = self.call("officer", "GET", f"/showrooms/{self.room.pk}/listings")
        self.assertEqual(status, 200)
        compliance = {i["product"]: i["compliance"] for i in page["items"]}
        self.assertEqual(compliance["Bình gốm men rạn"], {"outcome": "ocop", "reasons": ["valid"]})
        self.assertEqual(
            compliance["Khăn lụa tơ tằm"], {"outcome": "non_compliant", "reasons": ["not_ocop"]}
        )

    def test_an_unknown_product_is_refused_as_on_the_form_and_nothing_is_saved(self) -> None:
        status, answer = self.add("operator", product_ids=[self.vase.pk, 999999])
        self.assertEqual(status, 422)
        self.assertEqual(
            self.fields(answer),
            {"product_ids": ["No product has id 999999: it does not exist or was removed."]},
        )
        self.assertFalse(Listing.objects.exists())

    def test_a_product_already_listed_refuses_the_whole_batch(self) -> None:
        factories.listing(self.room, self.vase)
        status, answer = self.add("operator")
        self.assertEqual(status, 422)
        self.assertIn("Already listed at this showroom.", self.fields(answer)["__all__"][0])
        self.assertEqual(self.room.listings.count(), 1)

    def test_a_negative_price_is_refused_by_the_action(self) -> None:
        status, answer = self.add("operator", shelf_price=-5)
        self.assertEqual(status, 422)
        self.assertIn("The shelf price cannot be negative.", str(self.fields(answer)))
        self.assertFalse(Listing.objects.exists())

    def test_an_operator_edits_and_removes_a_listing_and_both_are_audited(self) -> None:
        listing = factories.listing(self.room, self.vase, shelf_price=100_000)
        body = {"since": "2024-01-01", "shelf_price": 120000, "in_stock": False}
        status, answer = self.call("operator", "PUT", f"/listings/{listing.pk}", body)
        self.assertEqual((status, answer["shelf_price"], answer["in_stock"]), (200, 120000, False))
        self.assertEqual(self.call("operator", "DELETE", f"/listings/{listing.pk}")[0], 204)
        self.assertFalse(Listing.objects.exists())
        actions = Event.objects.for_object(listing).values_list("action", flat=True)
        self.assertEqual(set(actions), {"listing.update", "listing.remove"})

    def test_another_operator_does_not_find_the_listing(self) -> None:
        listing = factories.listing(self.room, self.vase)
        other = self.make_user("other_operator", "operator")
        self.tokens["other_operator"] = token_create(user=other, name="t")[1]
        for method in ("GET", "DELETE"):
            self.assertEqual(self.call("other_operator", method, f"/listings/{listing.pk}")[0], 404)
        self.assertTrue(Listing.objects.exists())

    def test_an_officer_reads_listings_but_cannot_add_them(self) -> None:
        status, answer = self.add("officer")
        self.assertEqual((status, answer["error"]["code"]), (403, "forbidden"))


class ChannelApiTestCase(MarketApiTestCase):
    def test_the_office_adds_a_retailer_and_it_is_audited(self) -> None:
        body = {"name": "WinMart Bát Tràng", "kind": "supermarket", "commune_id": self.bat_trang.pk}
        status, answer = self.call("office", "POST", "/retailers", body)
        self.assertEqual((status, answer["kind"]), (201, "supermarket"))
        retailer = Retailer.objects.get(pk=answer["id"])
        self.assertTrue(Event.objects.for_object(retailer).filter(action="retailer.create"))

    def test_only_a_convenience_store_belongs_to_a_chain(self) -> None:
        chain = Retailer.objects.create(name="Circle K", kind=RetailerKind.CONVENIENCE_CHAIN)
        body = {"name": "Siêu thị Hà Đông", "kind": "supermarket", "chain_id": chain.pk}
        status, answer = self.call("office", "POST", "/retailers", body)
        self.assertEqual((status, list(self.fields(answer))), (422, ["chain"]))

    def test_officers_read_retailers_and_operators_do_not(self) -> None:
        Retailer.objects.create(name="AEON Mall Long Biên", kind=RetailerKind.MALL)
        status, page = self.call("officer", "GET", "/retailers?kind=mall")
        self.assertEqual((status, page["items"][0]["name"]), (200, "AEON Mall Long Biên"))
        self.assertEqual(self.call("operator", "GET", "/retailers")[0], 403)
        body = {"name": "Chợ Bát Tràng", "kind": "market"}
        self.assertEqual(self.call("officer", "POST", "/retailers", body)[0], 403)

    def test_the_office_records_goods_carried_once_and_ends_them(self) -> None:
        mall = Retailer.objects.create(name="AEON Mall Long Biên", kind=RetailerKind.MALL)
        body = {"product_id": self.vase.pk, "since": "2025-01-01"}
        status, answer = self.call("office", "POST", f"/retailers/{mall.pk}/carriages", body)
        self.assertEqual((status, answer["producer"]), (201, "Hợp tác xã gốm sứ Bát Tràng"))
        status, again = self.call("office", "POST", f"/retailers/{mall.pk}/carriages", body)
        self.assertEqual((status, list(self.fields(again))), (422, ["product"]))
        path = f"/carriages/{answer['id']}/end"
        status, ended = self.call("office", "POST", path, {"until": "2025-06-30"})
        self.assertEqual((status, ended["until"]), (200, "2025-06-30"))
        carriage = Carriage.objects.get()
        actions = Event.objects.for_object(carriage).values_list("action", flat=True)
        self.assertEqual(set(actions), {"carriage.add", "carriage.end"})

    def test_a_producer_records_its_own_channel_and_not_another_producers(self) -> None:
        body = {
            "producer_id": self.bat_trang_coop.pk,
            "channel": "ecommerce",
            "since": "2025-01-01",
        }
        status, answer = self.call("producer", "POST", "/producer-channels", body)
        self.assertEqual((status, answer["channel"]), (201, "ecommerce"))
        self.assertTrue(Event.objects.filter(action="producer_channel.add").exists())
        self.assertEqual(self.call("other_producer", "POST", "/producer-channels", body)[0], 403)
        self.assertEqual(ProducerChannel.objects.count(), 1)

    def test_a_producer_lists_only_its_own_channels(self) -> None:
        for producer in (self.bat_trang_coop, self.van_phuc_silk):
            ProducerChannel.objects.create(producer=producer, channel="export", since=TODAY)
        status, page = self.call("producer", "GET", "/producer-channels?channel=export")
        self.assertEqual(status, 200)
        self.assertEqual([i["producer"] for i in page["items"]], ["Hợp tác xã gốm sứ Bát Tràng"])

    def test_a_channel_in_use_is_not_recorded_twice_nor_ended_before_it_began(self) -> None:
        row = ProducerChannel.objects.create(
            producer=self.bat_trang_coop, channel="export", since=datetime.date(2025, 1, 1)
        )
        body = {"producer_id": self.bat_trang_coop.pk, "channel": "export", "since": "2025-02-01"}
        status, answer = self.call("officer", "POST", "/producer-channels", body)
        self.assertEqual((status, list(self.fields(answer))), (422, ["channel"]))
        path = f"/producer-channels/{row.pk}/end"
        status, answer = self.call("officer", "POST", path, {"until": "2024-12-31"})
        self.assertEqual((status, list(self.fields(answer))), (422, ["until"]))


class FairApiTestCase(MarketApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.fair = Fair.objects.create(
            name="Hội chợ OCOP Hà Nội",
            venue="Cung Văn hóa Hữu nghị",
            organiser="Sở Nông nghiệp",
            starts_on=TODAY + datetime.timedelta(days=30),
            ends_on=TODAY + datetime.timedelta(days=32),
            booths=10,
        )

    def body(self, **changes: Any) -> dict[str, Any]:
        body = {
            "name": "Tuần hàng OCOP",
            "venue": "Cung Văn hóa Hữu nghị",
            "starts_on": "2026-12-25",
            "ends_on": "2026-12-27",
            "organiser": "Sở Công Thương",
            "province_ids": [self.hanoi.pk],
        }
        return body | changes

    def test_anyone_reads_the_fair_calendar_without_a_token(self) -> None:
        status, page = self.call(None, "GET", "/fairs?when=upcoming&q=huu+nghi")
        self.assertEqual(
            (status, [f["name"] for f in page["items"]]), (200, ["Hội chợ OCOP Hà Nội"])
        )
        self.assertEqual(self.call(None, "GET", f"/fairs/{self.fair.pk}")[0], 200)
        self.assertEqual(self.call(None, "POST", "/fairs", self.body())[0], 401)

    def test_the_office_schedules_a_fair_with_its_provinces_and_it_is_audited(self) -> None:
        status, answer = self.call("office", "POST", "/fairs", self.body())
        self.assertEqual((status, answer["province_ids"]), (201, [self.hanoi.pk]))
        fair = Fair.objects.get(pk=answer["id"])
        self.assertTrue(Event.objects.for_object(fair).filter(action="fair.create"))
        self.assertEqual(self.call("producer", "POST", "/fairs", self.body())[0], 403)

    def test_a_fair_that_ends_before_it_starts_is_refused_on_ends_on(self) -> None:
        status, answer = self.call("office", "POST", "/fairs", self.body(ends_on="2026-12-20"))
        self.assertEqual(status, 422)
        self.assertIn("ends_on", self.fields(answer))

    def test_results_wait_for_the_last_day_of_the_fair(self) -> None:
        path = f"/fairs/{self.fair.pk}/results"
        status, answer = self.call("office", "PUT", path, {"visitors": 5000})
        self.assertEqual((status, list(self.fields(answer))), (422, ["__all__"]))
        Fair.objects.filter(pk=self.fair.pk).update(starts_on=TODAY, ends_on=TODAY)
        status, answer = self.call("office", "PUT", path, {"visitors": -1})
        self.assertEqual((status, list(self.fields(answer))), (422, ["visitors"]))
        status, answer = self.call("office", "PUT", path, {"visitors": 5000, "deals": 12})
        self.assertEqual((status, answer["visitors"], answer["deals"]), (200, 5000, 12))
        self.assertTrue(Event.objects.for_object(self.fair).filter(action="fair.results"))

    def test_a_producer_registers_and_the_office_accepts_with_a_booth(self) -> None:
        path = f"/fairs/{self.fair.pk}/registrations"
        body = {"product_ids": [self.vase.pk], "note": "Cần ổ điện"}
        status, answer = self.call("producer", "POST", path, body)
        self.assertEqual(
            (status, answer["status"], answer["product_ids"]), (201, "submitted", [self.vase.pk])
        )
        decide = f"/registrations/{answer['id']}/decision"
        status, refused = self.call("office", "POST", decide, {"status": "accepted"})
        self.assertEqual((status, list(self.fields(refused))), (422, ["booth"]))
        status, answer = self.call("office", "POST", decide, {"status": "accepted", "booth": "A1"})
        self.assertEqual((status, answer["status"], answer["booth"]), (200, "accepted", "A1"))
        registration = FairRegistration.objects.get()
        actions = Event.objects.for_object(registration).values_list("action", flat=True)
        self.assertEqual(set(actions), {"fair.register", "fair.registration"})

    def test_a_producer_registers_only_its_own_products(self) -> None:
        path = f"/fairs/{self.fair.pk}/registrations"
        status, answer = self.call("producer", "POST", path, {"product_ids": [self.scarf.pk]})
        self.assertEqual((status, list(self.fields(answer))), (422, ["products"]))
        self.assertFalse(FairRegistration.objects.exists())

    def test_a_producer_sees_only_its_own_registration(self) -> None:
        for producer in (self.bat_trang_coop, self.van_phuc_silk):
            FairRegistration.objects.create(fair=self.fair, producer=producer)
        path = f"/fairs/{self.fair.pk}/registrations"
        status, page = self.call("other_producer", "GET", path)
        self.assertEqual(status, 200)
        self.assertEqual([r["producer"] for r in page["items"]], ["Công ty TNHH lụa Vạn Phúc"])
        self.assertEqual(self.call("office", "GET", path)[1]["count"], 2)
        self.assertEqual(self.call("operator", "GET", path)[0], 403)
