"""Kept public answers (ocop/catalogue/pagecache.py) and batched verification counts: fast for
the thousandth visitor, never stale after a change, never one visitor's page for another."""

import datetime
from unittest import mock

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ocop.catalogue import pagecache
from ocop.catalogue.models import VerificationDay
from ocop.catalogue.tests import factories as f
from ocop.catalogue.verification import write_verification_counts
from ocop.certification.actions.life import certificate_suspend
from ocop.certification.models import Certificate
from ocop.test import BaseTestCase, EnglishClient

CODE = "HN-2024-00042"


@override_settings(
    OCOP_PAGE_CACHE_SECONDS=300,
    OCOP_PAGE_CACHE_REVISION_SECONDS=0,
    OCOP_VERIFICATION_WRITE_SECONDS=3600,
)
class KeptAnswersTestCase(BaseTestCase):
    cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cert = f.certify(cls.vase, stars=4, code=CODE)

    def setUp(self) -> None:
        pagecache.clear()
        write_verification_counts()  # nothing left over from another test

    def tearDown(self) -> None:
        write_verification_counts()
        pagecache.clear()

    def verify(self, client: Client | None = None, code: str = CODE) -> str:
        response = (client or self.client).get(reverse("catalogue:verify", args=[code]))
        return response.content.decode()

    def test_a_second_visitor_gets_the_same_page_from_one_small_query(self) -> None:
        first = self.verify()
        self.assertIn("Bình gốm men rạn", first)
        with self.assertNumQueries(1):  # the catalogue revision, nothing else
            second = self.verify(EnglishClient())
        self.assertEqual(first, second)

    def test_a_suspension_shows_at_once(self) -> None:
        self.assertIn("VALID", self.verify())
        certificate_suspend(
            certificate=self.cert,
            starts_on=timezone.localdate(),
            reason="Quality violation found at inspection",
            decision_ref="123/QĐ-UBND",
            actor=self.office,
        )
        self.assertIn("SUSPENDED", self.verify())
        self.assertNotIn(CODE, self.get_products("gom"))

    def get_products(self, q: str) -> str:
        return self.client.get(reverse("catalogue:products"), {"q": q}).content.decode()

    def test_a_new_certificate_shows_in_a_search_kept_before_it(self) -> None:
        self.assertIn(CODE, self.get_products("gom"))
        self.assertNotIn("Khăn lụa", self.get_products("lua"))
        f.certify(self.scarf, stars=3, code="HN-2024-00043")
        self.assertIn("HN-2024-00043", self.get_products("lua"))

    def test_each_language_has_its_own_answer(self) -> None:
        english = self.verify()
        vietnamese = self.verify(Client(HTTP_ACCEPT_LANGUAGE="vi"))
        self.assertIn('lang="en"', english)
        self.assertIn('lang="vi"', vietnamese)

    def test_the_next_day_is_answered_afresh(self) -> None:
        f.expire(self.cert, days_ago=-1)  # expires tomorrow
        self.assertIn("VALID", self.verify())
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
            self.assertIn("EXPIRED", self.verify())

    def test_signed_in_people_get_their_own_page_and_leave_nothing_behind(self) -> None:
        self.login(self.office)
        mine = self.verify()
        self.assertIn("Log out", mine)
        self.assertIn("X-CSRFToken", mine)
        anonymous = self.verify(EnglishClient())
        self.assertNotIn("Log out", anonymous)
        self.assertIn("Log in", self.verify(EnglishClient()))

    def test_kept_pages_carry_no_per_visitor_token(self) -> None:
        page = self.verify()
        self.assertNotIn("csrfmiddlewaretoken", page)
        self.assertNotIn("X-CSRFToken", page)
        self.assertNotIn("csrftoken", self.client.cookies)

    def test_htmx_and_full_pages_are_kept_apart(self) -> None:
        full = self.client.get(reverse("catalogue:products"), {"q": "gom"})
        partial = self.client.get(
            reverse("catalogue:products"), {"q": "gom"}, HTTP_HX_REQUEST="true"
        )
        self.assertIn(b"<html", full.content)
        self.assertNotIn(b"<html", partial.content)
        self.assertIn("HX-Request", partial["Vary"])

    def test_checks_are_counted_in_memory_and_written_together(self) -> None:
        for _ in range(3):
            self.verify()
        self.verify(code="hn 2024 42")  # redirects are not checks; the canonical page is
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.verification_count, 0)
        self.assertEqual(write_verification_counts(), 4)
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.verification_count, 4)
        day = VerificationDay.objects.get(certificate=self.cert)
        self.assertEqual((day.day, day.count), (timezone.localdate(), 4))
        self.assertEqual(write_verification_counts(), 0)

    def test_counts_wait_when_the_database_refuses_them(self) -> None:
        self.verify()
        with (
            mock.patch("ocop.catalogue.verification._write", side_effect=pagecache_error()),
            self.assertLogs("ocop.catalogue.verification", "WARNING"),
        ):
            self.assertEqual(write_verification_counts(), 0)
        self.assertEqual(write_verification_counts(), 1)
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.verification_count, 1)

    def test_the_json_check_is_kept_too_and_still_answers_304(self) -> None:
        url = reverse("api:certificate", args=[CODE])
        first = self.client.get(url)
        with self.assertNumQueries(1):
            second = EnglishClient().get(url)
        self.assertEqual(first.json(), second.json())
        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        revoked = f.revoke(self.cert)
        self.assertEqual(revoked.code, CODE)
        self.assertEqual(self.client.get(url).json()["status"], "revoked")

    def test_the_json_search_is_kept_and_follows_changes(self) -> None:
        url = reverse("api:products")
        first = self.client.get(url, {"q": "lua"}).json()
        self.assertEqual(first["count"], 0)
        with self.assertNumQueries(1):
            self.assertEqual(EnglishClient().get(url, {"q": "lua"}).json(), first)
        f.certify(self.scarf, stars=3, code="HN-2024-00043")
        items = self.client.get(url, {"q": "lua"}).json()["items"]
        self.assertEqual([i["certificate"]["code"] for i in items], ["HN-2024-00043"])

    def test_the_cache_can_be_turned_off(self) -> None:
        with override_settings(OCOP_PAGE_CACHE_SECONDS=0):
            self.verify()
            with self.assertNumQueries(3):  # certificate, suspensions, photo: none kept
                self.verify()


def pagecache_error() -> Exception:
    from django.db import OperationalError

    return OperationalError("database is locked")


def test_the_revision_grows_with_each_catalogue_refresh(db: None) -> None:
    before = pagecache.revision()
    f.certify(f.product("Mật ong rừng"), stars=3)
    with override_settings(OCOP_PAGE_CACHE_REVISION_SECONDS=0):
        assert pagecache.revision() > before


SHARED = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "near"},
    "pages-shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "far"},
}


@override_settings(
    CACHES=SHARED,
    OCOP_PAGE_CACHE_SECONDS=300,
    OCOP_PAGE_CACHE_REVISION_SECONDS=0,
    OCOP_VERIFICATION_WRITE_SECONDS=3600,
)
class SharedTierTestCase(BaseTestCase):
    """With Redis, an answer one worker made serves the others, then from their own memory."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        f.certify(cls.vase, stars=4, code=CODE)

    def setUp(self) -> None:
        pagecache.clear()

    def tearDown(self) -> None:
        write_verification_counts()

    def test_an_answer_made_by_another_worker_is_served_and_kept_nearer(self) -> None:
        url = reverse("catalogue:verify", args=[CODE])
        made = self.client.get(url).content
        from django.core.cache import caches

        caches["pages"].clear()  # as in another worker: only Redis holds the answer
        with self.assertNumQueries(1):  # the revision: the answer came from the shared tier
            self.assertEqual(EnglishClient().get(url).content, made)
        caches["pages-shared"].clear()  # now only this worker's memory has it
        self.assertEqual(EnglishClient().get(url).content, made)
