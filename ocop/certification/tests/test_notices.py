import datetime
import io

from django.core import mail
from django.core.management import call_command

from ocop.accounts.models import Notice, Role
from ocop.certification.models import ExpiryNotice, Suspension
from ocop.certification.tests.helpers import CertificationTestCase, make_certificate

ISSUED = datetime.date(2022, 7, 1)
EXPIRES = datetime.date(2025, 7, 1)  # 36 months later


def run(today: datetime.date) -> str:
    out = io.StringIO()
    call_command("notify_expiring", today=today, stdout=out)
    return out.getvalue()


def days_before(n: int) -> datetime.date:
    return EXPIRES - datetime.timedelta(days=n)


class NotifyExpiringTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.cert = make_certificate(self.vase, code="HN-2022-00007", day=ISSUED)

    def test_nothing_is_sent_31_days_before_expiry(self) -> None:
        output = run(days_before(31))
        self.assertIn("0 notices sent", output)
        self.assertEqual(len(mail.outbox), 0)

    def test_30_days_before_the_producer_and_the_commune_officer_are_told(self) -> None:
        output = run(days_before(30))
        self.assertIn(
            "HN-2022-00007 expires 2025-07-01: 30-day notice to officer, producer", output
        )
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["officer@example.org", "producer@example.org"]
        )
        self.assertIn("HN-2022-00007", mail.outbox[0].subject)
        notices = Notice.objects.filter(url=self.cert.get_absolute_url())
        self.assertEqual({n.user for n in notices}, {self.producer, self.officer})

    def test_other_producers_and_officers_of_other_communes_are_not_told(self) -> None:
        elsewhere = self.make_user("officer2", Role.OFFICER)
        elsewhere.communes.add(self.ha_dong)
        run(days_before(30))
        recipients = {m.to[0] for m in mail.outbox}
        self.assertNotIn("other@example.org", recipients)
        self.assertNotIn("officer2@example.org", recipients)

    def test_running_twice_sends_nothing_new(self) -> None:
        run(days_before(30))
        output = run(days_before(29))
        self.assertIn("0 notices sent", output)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(ExpiryNotice.objects.count(), 1)

    def test_the_7_day_notice_follows_the_30_day_one(self) -> None:
        run(days_before(30))
        run(days_before(8))
        self.assertEqual(len(mail.outbox), 2)
        output = run(days_before(7))
        self.assertIn("7-day notice", output)
        self.assertEqual(len(mail.outbox), 4)
        self.assertEqual(set(ExpiryNotice.objects.values_list("days_before", flat=True)), {30, 7})

    def test_a_certificate_first_seen_within_7_days_gets_only_the_7_day_notice(self) -> None:
        run(days_before(3))
        self.assertEqual(list(ExpiryNotice.objects.values_list("days_before", flat=True)), [7])

    def test_nothing_is_sent_on_or_after_the_expiry_day(self) -> None:
        self.assertIn("0 notices sent", run(EXPIRES))

    def test_a_suspended_certificate_is_not_warned(self) -> None:
        Suspension.objects.create(
            certificate=self.cert, starts_on=days_before(60), reason="x", decision_ref="1"
        )
        self.assertIn("0 notices sent", run(days_before(30)))

    def test_the_notice_is_logged_in_the_audit_trail(self) -> None:
        run(days_before(30))
        from ocop.audit.models import Event

        event = Event.objects.get(action="certificate.expiry_notice")
        self.assertEqual(event.after["days_before"], 30)

    def test_a_malformed_today_is_refused_clearly(self) -> None:
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "--today"):
            call_command("notify_expiring", "--today", "yesterday")
