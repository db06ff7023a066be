import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Notice
from ocop.audit.models import Event
from ocop.market.models import ComplianceOutcome, ListingCompliance, ShowroomStatus
from ocop.market.tests import factories
from ocop.test import BaseTestCase

D = datetime.date


class AuditCommandTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.cert = factories.certify(self.vase, issued_on=D(2023, 3, 1))  # expires 1/3/2026
        factories.listing(self.room, self.vase)

    def audit(self, day: str) -> str:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("audit_showrooms", "--on", day, stdout=out)
        return out.getvalue()

    def test_a_compliant_showroom_gets_no_notice(self) -> None:
        output = self.audit("2025-06-01")
        self.assertIn("1 showrooms, 1 listings, 0 not allowed", output)
        self.assertFalse(Notice.objects.exists())
        state = ListingCompliance.objects.get()
        self.assertEqual((state.outcome, state.checked_on), (ComplianceOutcome.OCOP, D(2025, 6, 1)))

    def test_the_operator_and_the_office_are_told_when_a_listing_falls_out(self) -> None:
        self.audit("2026-02-01")
        self.audit("2026-03-01")  # the certificate expired that day
        notices = Notice.objects.order_by("user__username")
        self.assertEqual([n.user for n in notices], [self.office, self.operator])
        self.assertIn(
            "1 listing(s) at Điểm OCOP Hồ Tùng Mậu fell out of compliance", notices[0].title
        )
        self.assertIn(
            f"Bình gốm men rạn: Certificate {self.cert.code} (4★) expired", notices[0].body
        )
        self.assertEqual(notices[0].url, reverse("market:compliance", args=[self.room.pk]))
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["office@example.org", "operator@example.org"]
        )
        event = Event.objects.get(action="showroom.compliance_changed")
        self.assertEqual(list(event.after["fell_out"].values()), [["expired"]])

    def test_running_the_audit_again_sends_nothing_new(self) -> None:
        self.audit("2026-03-01")
        self.audit("2026-03-01")
        output = self.audit("2026-03-02")
        self.assertEqual(Notice.objects.count(), 2)
        self.assertEqual(len(mail.outbox), 2)
        self.assertIn("1 not allowed (0 newly", output)

    def test_a_listing_back_in_compliance_is_recorded_without_a_notice(self) -> None:
        self.audit("2026-03-01")
        factories.certify(self.vase, issued_on=D(2026, 3, 10))
        output = self.audit("2026-03-10")
        self.assertIn("1 back in compliance", output)
        self.assertEqual(Notice.objects.count(), 2)
        event = Event.objects.filter(action="showroom.compliance_changed").order_by("id").last()
        assert event is not None
        self.assertEqual(list(event.after["came_back"].values()), [["valid"]])
        self.assertEqual(ListingCompliance.objects.get().changed_on, D(2026, 3, 10))

    def test_a_new_listing_that_is_not_ocop_is_reported_at_the_first_audit(self) -> None:
        factories.listing(self.room, self.scarf)
        self.audit("2025-06-01")
        self.assertIn(
            "Khăn lụa tơ tằm: Not an OCOP product", Notice.objects.get(user=self.operator).body
        )

    def test_closed_showrooms_are_not_audited(self) -> None:
        self.room.status = ShowroomStatus.CLOSED
        self.room.save()
        self.assertIn("0 showrooms", self.audit("2026-03-01"))
        self.assertFalse(Notice.objects.exists())

    def test_a_malformed_date_is_a_clear_error(self) -> None:
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            call_command("audit_showrooms", "--on", "1/3/2026", stdout=StringIO())

    def test_the_office_runs_the_audit_from_the_showroom_list(self) -> None:
        factories.certify(self.vase, issued_on=timezone.localdate() - datetime.timedelta(days=10))
        factories.listing(self.room, self.scarf)
        self.login(self.office)
        response = self.client.post(reverse("market:audit_run"), follow=True)
        self.assertContains(response, "1 newly out of compliance")
        self.assertContains(response, "Not allowed (last audit)")

    def test_an_operator_cannot_run_the_audit(self) -> None:
        self.login(self.operator)
        self.assertEqual(self.client.post(reverse("market:audit_run")).status_code, 403)


class CompliancePageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.cert = factories.certify(self.vase, issued_on=D(2023, 3, 1), revoked_on=D(2025, 6, 1))
        factories.listing(self.room, self.vase)
        factories.listing(self.room, self.scarf, craft_village=True)
        self.url = reverse("market:compliance", args=[self.room.pk])

    def test_it_shows_each_listing_with_its_exact_reason_on_the_chosen_day(self) -> None:
        self.login(self.operator)
        response = self.client.get(self.url, {"on": "2025-07-01"})
        self.assertContains(response, "1 listing is not allowed on 01/07/2025.")
        self.assertContains(
            response, f"Certificate {self.cert.code} (4★) was revoked on 01/06/2025."
        )
        self.assertContains(response, "Accepted as craft-village goods")

    def test_before_the_revocation_everything_was_allowed(self) -> None:
        self.login(self.operator)
        response = self.client.get(self.url, {"on": "2025-05-01"})
        self.assertContains(response, "All listings are allowed on 01/05/2025.")

    def test_a_malformed_date_falls_back_to_today_and_says_so(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url, {"on": "yesterday"})
        self.assertContains(response, "That date was not understood; showing today.")

    def test_another_operator_cannot_see_it(self) -> None:
        self.login(self.make_user("other_operator", "operator"))
        self.assertEqual(self.client.get(self.url).status_code, 403)
