"""Certificate verification at /verify/<code>: one clear answer for any spelling of the code."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ocop.catalogue.models import VerificationDay
from ocop.catalogue.tests import factories as f
from ocop.catalogue.verification import normalize_code
from ocop.certification.models import Certificate
from ocop.test import BaseTestCase


@pytest.mark.parametrize(
    "typed",
    [
        "HN-2025-00123",
        "hn-2025-00123",
        "hn 2025 00123",
        "HN202500123",
        " Hn—2025—00123 ",
        "hn-2025-123",
    ],
)
def test_it_reads_any_spelling_of_a_code(typed: str) -> None:
    assert normalize_code(typed) == "HN-2025-00123"


def test_it_keeps_codes_of_another_shape_compact() -> None:
    assert normalize_code("abc") == "ABC"
    assert normalize_code("'; DROP TABLE--") == "DROPTABLE"
    assert normalize_code("x" * 10_000) == "X" * 30


def verify_url(code: str) -> str:
    return reverse("catalogue:verify", args=[code])


class VerifyTestCase(BaseTestCase):
    cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cert = f.certify(cls.vase, stars=4, code="HN-2024-00042")

    def test_a_valid_certificate_says_valid_with_product_producer_stars_and_date(self) -> None:
        response = self.client.get(verify_url("HN-2024-00042"))
        self.assertContains(response, "VALID")
        self.assertContains(response, "Bình gốm men rạn")
        self.assertContains(response, "Hợp tác xã gốm sứ Bát Tràng")
        self.assertContains(response, "Sản phẩm OCOP Việt Nam")
        self.assertContains(response, 'aria-label="4 stars"')
        self.assertContains(
            response,
            f"This OCOP certificate is valid. It expires on {self.cert.expires_on:%d/%m/%Y}.",
        )

    def test_any_letter_case_spacing_or_dashes_give_the_same_answer(self) -> None:
        for typed in ["hn-2024-00042", "HN 2024 00042", "hn202400042", "HN-2024-42"]:
            with self.subTest(typed=typed):
                response = self.client.get(verify_url(typed))
                self.assertContains(response, "VALID")
                self.assertContains(response, "HN-2024-00042")

    def test_it_shows_the_platforms_own_address(self) -> None:
        response = self.client.get(verify_url("HN-2024-00042"))
        self.assertContains(
            response,
            '<strong class="official-address">http://127.0.0.1:8000/verify/</strong>',
            html=True,
        )

    def test_the_form_page_shows_the_platforms_full_address_too(self) -> None:
        with self.settings(OCOP_SITE_URL="https://ocop.example.vn/"):
            response = self.client.get(reverse("catalogue:verify_form"))
        self.assertContains(
            response,
            '<strong class="official-address">https://ocop.example.vn/verify/</strong>',
            html=True,
        )

    def test_an_expired_certificate_says_since_when(self) -> None:
        f.expire(self.cert, days_ago=10)
        response = self.client.get(verify_url("HN-2024-00042"))
        self.assertContains(response, "EXPIRED")
        self.assertContains(response, f"expired on {self.cert.expires_on:%d/%m/%Y}")
        self.assertNotContains(response, "Sản phẩm OCOP Việt Nam")

    def test_a_suspended_certificate_says_suspended_since_when(self) -> None:
        suspension = f.suspend(self.cert, days_ago=3)
        response = self.client.get(verify_url("HN-2024-00042"))
        self.assertContains(response, "SUSPENDED")
        self.assertContains(response, f"suspended since {suspension.starts_on:%d/%m/%Y}")
        self.assertNotContains(response, "Sản phẩm OCOP Việt Nam")

    def test_a_revoked_certificate_says_revoked(self) -> None:
        f.revoke(self.cert, days_ago=2)
        response = self.client.get(verify_url("HN-2024-00042"))
        self.assertContains(response, "REVOKED")
        self.assertContains(response, f"revoked on {self.cert.revoked_on:%d/%m/%Y}")

    def test_a_superseded_certificate_links_to_the_current_one(self) -> None:
        newer = f.supersede(self.cert)
        response = self.client.get(verify_url("HN-2024-00042"))
        self.assertContains(response, "SUPERSEDED")
        self.assertContains(response, f'href="/verify/{newer.code}"')

    def test_an_unknown_code_says_not_found_without_an_error_page(self) -> None:
        response = self.client.get(verify_url("HN-1999-00001"))
        self.assertContains(response, "NOT FOUND", status_code=404)
        self.assertContains(response, "the label may not be genuine", status_code=404)

    def test_a_certificate_not_yet_in_force_is_not_found(self) -> None:
        later = timezone.localdate() + f.datetime.timedelta(days=3)
        f.certify(self.scarf, issued_on=later, code="HN-2026-00007")
        self.assertEqual(self.client.get(verify_url("HN-2026-00007")).status_code, 404)

    def test_odd_codes_get_a_normal_answer(self) -> None:
        for code in ["'", "%00", "\x00", "😀", "\u200b", "x" * 5000, "NEAR(", "<b>"]:
            with self.subTest(code=code[:10]):
                self.assertEqual(self.client.get(verify_url(code)).status_code, 404)

    def test_each_check_is_counted_per_certificate_and_day(self) -> None:
        self.client.get(verify_url("HN-2024-00042"))
        self.client.get(verify_url("hn 2024 00042"))
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.verification_count, 2)
        day = VerificationDay.objects.get(certificate=self.cert)
        self.assertEqual((day.day, day.count), (timezone.localdate(), 2))

    def test_an_unknown_code_counts_nothing(self) -> None:
        self.client.get(verify_url("HN-1999-00001"))
        self.assertFalse(VerificationDay.objects.exists())

    def test_the_form_sends_the_typed_code_to_its_page(self) -> None:
        response = self.client.get(reverse("catalogue:verify_form"), {"code": "hn 2024 00042"})
        self.assertRedirects(response, "/verify/HN-2024-00042")

    def test_an_empty_form_asks_for_the_code(self) -> None:
        response = self.client.get(reverse("catalogue:verify_form"), {"code": "  --  "})
        self.assertContains(response, "Type the code printed under the QR code.")

    def test_the_form_page_explains_what_to_do(self) -> None:
        response = self.client.get(reverse("catalogue:verify_form"))
        self.assertContains(response, '<label for="code">Certificate code</label>', html=True)

    def test_it_runs_the_same_number_of_queries_whatever_the_data(self) -> None:
        cache.clear()
        self.client.get(verify_url("HN-2024-00042"))  # warms the layout cache, counts the day
        with_three = self._count("HN-2024-00042")
        for i in range(30):
            f.suspend(f.certify(f.product(f"Sản phẩm {i}")))
        with self.assertNumQueries(with_three):
            self.client.get(verify_url("HN-2024-00042"))

    def _count(self, code: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            self.client.get(verify_url(code))
        return len(context.captured_queries)


def test_the_verification_count_never_touches_personal_data() -> None:
    fields = {f.name for f in VerificationDay._meta.get_fields()}
    assert fields == {"id", "certificate", "day", "count"}
    assert "verification_count" in {f.name for f in Certificate._meta.get_fields()}
