import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Notice, User
from ocop.audit.models import Event
from ocop.certification.actions.notices import expiry_notices_send
from ocop.certification.tests.helpers import matrix_certificate
from ocop.test import BaseTestCase


class NoticeTestCase(BaseTestCase):
    def notify(self, user: User, title: str, url: str = "", minutes_ago: int = 0) -> Notice:
        notice = Notice.objects.create(user=user, title=title, url=url)
        sent = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        Notice.objects.filter(pk=notice.pk).update(created_at=sent)
        return notice


class HomePageNoticesTestCase(NoticeTestCase):
    def test_the_home_page_shows_unread_notices_newest_first_with_their_link(self) -> None:
        self.notify(self.producer, "Older: certificate expires", "/certificates/1/", 60)
        self.notify(self.producer, "Newer: dossier returned", "/evaluation/dossiers/7/", 5)
        self.login(self.producer)
        page = self.client.get(reverse("home")).content.decode()
        self.assertLess(page.index("Newer: dossier returned"), page.index("Older: certificate"))
        self.assertIn('<a href="/evaluation/dossiers/7/">Newer: dossier returned</a>', page)
        self.assertIn("2 unread", page)

    def test_read_notices_leave_the_home_page(self) -> None:
        notice = self.notify(self.producer, "Dossier returned for changes")
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
        self.login(self.producer)
        self.assertNotContains(self.client.get(reverse("home")), "Dossier returned for changes")

    def test_nobody_sees_another_persons_notices(self) -> None:
        self.notify(self.other_producer, "Vạn Phúc: certificate expires")
        self.login(self.producer)
        self.assertNotContains(self.client.get(reverse("home")), "Vạn Phúc: certificate")
        self.assertNotContains(self.client.get(reverse("accounts:notices")), "Vạn Phúc")

    def test_without_notices_the_home_page_says_what_they_are_for(self) -> None:
        self.login(self.producer)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "You get a notice here when the commune returns")
        self.assertContains(response, reverse("accounts:notices"))

    def test_a_link_to_another_site_is_not_offered(self) -> None:
        self.notify(self.producer, "Strange notice", "https://evil.example/")
        self.login(self.producer)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Strange notice")
        self.assertNotContains(response, "evil.example")

    def test_an_expiry_warning_reaches_the_producers_home_page(self) -> None:
        certificate = matrix_certificate(self)
        expiry_notices_send(today=certificate.expires_on - datetime.timedelta(days=30))
        self.login(self.producer)
        response = self.client.get(reverse("home"))
        self.assertContains(response, f"{certificate.code}")
        self.assertContains(response, f'href="{certificate.get_absolute_url()}"')


class NoticesPageTestCase(NoticeTestCase):
    def test_it_lists_read_and_unread_notices_a_page_at_a_time(self) -> None:
        for i in range(30):
            self.notify(self.officer, f"Dossier to check: number {i:02}", minutes_ago=100 - i)
        Notice.objects.filter(title__endswith="00").update(read_at=timezone.now())
        self.login(self.officer)
        first = self.client.get(reverse("accounts:notices"))
        self.assertContains(first, "number 29")  # newest first
        self.assertNotContains(first, "number 00")
        self.assertContains(first, "29 unread")
        second = self.client.get(reverse("accounts:notices"), {"page": 2})
        self.assertContains(second, "number 00")
        self.assertContains(second, "Read on")

    def test_without_notices_it_says_what_they_are_for(self) -> None:
        self.login(self.operator)
        response = self.client.get(reverse("accounts:notices"))
        self.assertContains(response, "You get a notice here when a showroom audit finds")

    def test_it_is_in_vietnamese_by_default(self) -> None:
        browser = Client()
        browser.force_login(self.producer)
        self.notify(self.producer, "Hồ sơ bị trả lại")
        response = browser.get(reverse("accounts:notices"))
        self.assertContains(response, "Đánh dấu đã đọc")


class MarkReadTestCase(NoticeTestCase):
    def test_marking_a_notice_read_takes_it_off_the_home_page_and_is_logged(self) -> None:
        notice = self.notify(self.producer, "Dossier returned for changes")
        self.login(self.producer)
        response = self.client.post(
            reverse("accounts:notice_read", args=[notice.pk]), {"next": reverse("home")}
        )
        self.assertRedirects(response, reverse("home"))
        self.assertNotContains(self.client.get(reverse("home")), "Dossier returned for changes")
        notice.refresh_from_db()
        self.assertIsNotNone(notice.read_at)
        event = Event.objects.get(action="notice.read")
        self.assertEqual((event.actor, event.object_id), (self.producer, str(notice.pk)))
        self.assertEqual(event.before, {"read_at": None})

    def test_marking_it_twice_changes_nothing_more(self) -> None:
        notice = self.notify(self.producer, "Dossier returned for changes")
        self.login(self.producer)
        url = reverse("accounts:notice_read", args=[notice.pk])
        self.client.post(url)
        self.client.post(url)
        self.assertEqual(Event.objects.filter(action="notice.read").count(), 1)

    def test_with_htmx_the_answer_is_the_notice_as_read(self) -> None:
        notice = self.notify(self.producer, "Dossier returned for changes")
        self.login(self.producer)
        response = self.client.post(
            reverse("accounts:notice_read", args=[notice.pk]), headers={"HX-Request": "true"}
        )
        self.assertContains(response, f'id="notice-{notice.pk}"')
        self.assertContains(response, "Read on")
        self.assertNotContains(response, "<html")

    def test_nobody_can_mark_another_persons_notice_read(self) -> None:
        notice = self.notify(self.other_producer, "Vạn Phúc: certificate expires")
        self.login(self.producer)
        response = self.client.post(reverse("accounts:notice_read", args=[notice.pk]))
        self.assertEqual(response.status_code, 404)
        notice.refresh_from_db()
        self.assertIsNone(notice.read_at)
        self.assertFalse(Event.objects.filter(action="notice.read").exists())

    def test_a_form_without_its_csrf_token_is_refused(self) -> None:
        notice = self.notify(self.producer, "Dossier returned for changes")
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.producer)
        response = browser.post(reverse("accounts:notice_read", args=[notice.pk]))
        self.assertEqual(response.status_code, 403)
        notice.refresh_from_db()
        self.assertIsNone(notice.read_at)

    def test_the_way_back_stays_on_this_site(self) -> None:
        notice = self.notify(self.producer, "Dossier returned for changes")
        self.login(self.producer)
        response = self.client.post(
            reverse("accounts:notice_read", args=[notice.pk]), {"next": "https://evil.example/"}
        )
        self.assertRedirects(response, reverse("accounts:notices"))

    def test_mark_all_as_read_marks_only_ones_own_notices_one_event_each(self) -> None:
        mine = [self.notify(self.officer, f"Dossier to check: {i}") for i in range(3)]
        theirs = self.notify(self.office, "Showroom listings fell out of compliance")
        self.login(self.officer)
        response = self.client.post(reverse("accounts:notices_read"), follow=True)
        self.assertContains(response, "3 notices marked as read.")
        self.assertFalse(Notice.objects.filter(user=self.officer, read_at__isnull=True).exists())
        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)
        logged = Event.objects.filter(action="notice.read", actor=self.officer)
        self.assertEqual(set(logged.values_list("object_id", flat=True)), {str(n.pk) for n in mine})
