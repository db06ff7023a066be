import datetime
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ocop.audit.actions import Change, record, record_many, verify_chain
from ocop.audit.models import Event
from ocop.test import BaseTestCase


class AuditChainTestCase(BaseTestCase):
    def setUp(self) -> None:
        for i in range(3):
            record(
                actor=self.office,
                action="test.step",
                object_type="x",
                object_id=str(i),
                after={"i": i},
            )

    def test_an_untouched_log_verifies(self) -> None:
        self.assertEqual(verify_chain(), [])
        call_command("audit_verify", stdout=StringIO())

    def test_it_detects_a_row_edited_in_the_database(self) -> None:
        Event.objects.filter(object_id="1").update(after={"i": 99})
        problems = verify_chain()
        self.assertEqual(len(problems), 1)
        self.assertIn("edited", problems[0])
        with self.assertRaises(CommandError):
            call_command("audit_verify", stderr=StringIO())

    def test_it_detects_a_row_deleted_from_the_middle(self) -> None:
        Event.objects.filter(object_id="1").delete()
        self.assertTrue(any("deleted" in p for p in verify_chain()))

    def test_each_event_links_to_the_one_before(self) -> None:
        events = list(Event.objects.order_by("id"))
        self.assertEqual(events[0].prev_hash, "")
        self.assertEqual(events[1].prev_hash, events[0].hash)


class AuditPageTestCase(BaseTestCase):
    url = reverse("audit:events")

    def test_the_office_browses_and_filters_the_log(self) -> None:
        record(
            actor=self.officer,
            action="producer.update",
            obj=self.bat_trang_coop,
            after={"name": "Mới"},
        )
        record(actor=self.office, action="product.create", obj=self.vase)
        self.login(self.office)
        response = self.client.get(self.url, {"action": "producer.update"})
        self.assertContains(response, "Hợp tác xã gốm sứ Bát Tràng")
        self.assertNotContains(response, "<td>Bình gốm men rạn</td>")

    def test_each_change_is_named_as_the_interface_names_the_field(self) -> None:
        record(
            actor=self.officer,
            action="producer.update",
            obj=self.bat_trang_coop,
            before={"tax_code": "0101234567", "commune_id": self.ha_dong.pk},
            after={"tax_code": "0101234567-001", "commune_id": self.bat_trang.pk},
        )
        self.login(self.office)
        response = self.client.get(self.url)
        self.assertContains(response, "<dt>Tax code</dt>", html=True)
        self.assertContains(response, "<dt>Commune</dt>", html=True)
        self.assertNotContains(response, "commune_id")

    def test_a_key_that_is_no_field_is_still_readable(self) -> None:
        record(actor="system", action="x.y", object_type="x", after={"days_left": 3})
        self.login(self.office)
        self.assertContains(self.client.get(self.url), "<dt>Days left</dt>", html=True)

    def test_a_bad_date_filter_is_ignored_not_a_crash(self) -> None:
        self.login(self.office)
        self.assertEqual(self.client.get(self.url, {"since": "31/12/2024"}).status_code, 200)

    def test_nobody_but_the_office_sees_the_log(self) -> None:
        for user in [self.officer, self.producer, self.secretary, self.member, self.operator]:
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user.username)

    def test_the_admin_cannot_edit_or_delete_events(self) -> None:
        event = record(actor=self.office, action="x", object_type="x")
        self.office.is_superuser = self.office.is_staff = True
        self.office.save()
        self.login(self.office)
        change = reverse("admin:audit_event_change", args=[event.pk])
        delete = reverse("admin:audit_event_delete", args=[event.pk])
        self.assertEqual(self.client.post(change, {"action": "y"}).status_code, 403)
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(Event.objects.filter(pk=event.pk, action="x").exists())


class RecordManyTestCase(BaseTestCase):
    def test_it_chains_many_events_after_the_existing_ones(self) -> None:
        first = record(actor=self.office, action="test.before", object_type="x")
        changes = [
            Change("producer.update", self.bat_trang_coop, {"name": "Cũ"}, {"name": "Mới"}),
            Change("product.create", self.vase, after={"name": self.vase.name}),
            Change("product.create", self.scarf, after={"name": self.scarf.name}),
        ]
        events = record_many(actor=self.office, changes=changes)
        stored = list(Event.objects.filter(pk__gt=first.pk).order_by("id"))
        self.assertEqual([e.action for e in stored], [c.action for c in changes])
        self.assertEqual(stored[0].prev_hash, first.hash)
        self.assertEqual([e.hash for e in stored], [e.hash for e in events])
        self.assertEqual(verify_chain(), [])

    def test_each_event_names_its_record_and_actor(self) -> None:
        record_many(actor=self.office, changes=[Change("product.create", self.vase)])
        event = Event.objects.for_object(self.vase).get()
        self.assertEqual(event.actor, self.office)
        self.assertEqual(event.object_repr, "Bình gốm men rạn")

    def test_a_record_after_many_extends_the_same_chain(self) -> None:
        record_many(actor="ocop import", changes=[Change("x.y", self.vase)] * 3)
        record(actor=self.office, action="test.after", object_type="x")
        self.assertEqual(Event.objects.count(), 4)
        self.assertEqual(verify_chain(), [])

    def test_an_edited_event_in_a_batch_is_detected(self) -> None:
        record_many(actor=self.office, changes=[Change("x.y", self.vase)] * 3)
        Event.objects.filter(pk=Event.objects.order_by("id")[1].pk).update(action="x.z")
        self.assertEqual(len(verify_chain()), 1)

    def test_dates_and_decimals_given_as_they_are_verify_after_a_reload(self) -> None:
        after = {"day": datetime.date(2020, 12, 25), "score": Decimal("78.50")}
        record_many(actor=self.office, changes=[Change("x.y", self.vase, after=after)])
        self.assertEqual(Event.objects.get().after, {"day": "2020-12-25", "score": "78.50"})
        self.assertEqual(verify_chain(), [])
