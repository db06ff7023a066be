"""The public catalogue at /products/: anyone searches, filters, sorts and pages."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.catalogue.tests import factories as f
from ocop.certification.models import Certificate
from ocop.places.models import Commune
from ocop.test import BaseTestCase

URL = reverse("catalogue:products")

BAD_QUERIES = [
    "x" * 10_000,
    '"',
    "' OR 1=1 --",
    "bát*",
    "*",
    "NEAR(gốm lụa)",
    "gốm NEAR lụa",
    "((((",
    ")",
    "AND OR NOT",
    "^gốm",
    "col:gốm",
    "<script>alert(1)</script>",
    "😀🏺",
    "\u200b\u200d\ufeff",
    "\x00",
    "%",
    "\\",
]


class CataloguePageTestCase(BaseTestCase):
    vase_cert: Certificate
    scarf_cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.vase_cert = f.certify(cls.vase, stars=4)
        cls.scarf_cert = f.certify(cls.scarf, stars=3)

    def test_anyone_sees_certified_products_without_logging_in(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, "2 certified products")
        self.assertContains(response, "Bình gốm men rạn")
        self.assertContains(response, "Hợp tác xã gốm sứ Bát Tràng")
        self.assertContains(response, "Xã Bát Tràng, Thành phố Hà Nội")
        self.assertContains(response, self.vase_cert.code)
        self.assertContains(response, f"expires {self.vase_cert.expires_on:%d/%m/%Y}")
        self.assertContains(response, 'aria-label="4 stars"')

    def test_it_is_in_vietnamese_by_default(self) -> None:
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="vi")
        self.assertContains(response, '<html lang="vi">')

    def test_it_finds_products_by_folded_text(self) -> None:
        response = self.client.get(URL, {"q": "BAT TRANG"})
        self.assertContains(response, "Bình gốm men rạn")
        self.assertNotContains(response, "Khăn lụa tơ tằm")

    def test_it_filters_by_star_class_and_still_offers_the_others(self) -> None:
        response = self.client.get(URL, {"stars": "3"})
        self.assertContains(response, "1 certified product")
        self.assertContains(response, "Khăn lụa tơ tằm")
        self.assertNotContains(response, "Bình gốm men rạn")
        self.assertContains(response, '<option value="4">4 stars (1)</option>', html=True)
        self.assertContains(response, '<option value="3" selected>3 stars (1)</option>', html=True)

    def test_it_offers_commune_and_producer_type_facets_with_counts(self) -> None:
        response = self.client.get(URL)
        self.assertContains(
            response, f'<option value="{self.bat_trang.pk}">Xã Bát Tràng (1)</option>', html=True
        )
        self.assertContains(
            response, '<option value="enterprise">Enterprise (1)</option>', html=True
        )

    def test_it_sorts_by_newest_certificate(self) -> None:
        tea = f.product("Chè Shan tuyết")
        f.certify(tea, stars=3, issued_on=self.vase_cert.issued_on.replace(day=1))
        newest = f.product("Gốm mới")
        f.certify(newest, stars=3, issued_on=f.timezone.localdate())
        content = self.client.get(URL, {"sort": "newest"}).content.decode()
        self.assertLess(content.index("Gốm mới"), content.index("Chè Shan tuyết"))

    def test_it_lists_potential_five_star_products_with_their_mark(self) -> None:
        f.certify(f.product("Rượu làng Vân"), stars=5, potential_five=True)
        response = self.client.get(URL, {"potential": "1"})
        self.assertContains(response, "Rượu làng Vân")
        self.assertContains(response, "potential 5★")
        self.assertNotContains(response, "Bình gốm men rạn")

    def test_it_hides_expired_revoked_and_suspended_certificates(self) -> None:
        f.expire(self.vase_cert)
        f.revoke(self.scarf_cert)
        suspended = f.product("Nón lá")
        f.suspend(f.certify(suspended))
        response = self.client.get(URL)
        self.assertContains(response, "0 certified products")
        self.assertContains(response, "No certified products are published yet")

    def test_a_search_without_results_suggests_what_to_try(self) -> None:
        response = self.client.get(URL, {"q": "xyzzy gốm", "stars": "5"})
        self.assertContains(response, "No certified product matches “xyzzy gốm”")
        self.assertContains(response, "removing the filters")
        self.assertContains(response, "fewer words: “gom” (1 product)")
        self.assertContains(response, "all certified products")

    def test_a_search_for_a_certificate_code_offers_to_verify_it(self) -> None:
        response = self.client.get(URL, {"q": "HN 2020 99999"})
        self.assertContains(response, "checking this as a certificate code")

    def test_odd_queries_get_a_normal_answer(self) -> None:
        for text in BAD_QUERIES:
            with self.subTest(text=text[:20]):
                response = self.client.get(URL, {"q": text})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "certified product")

    def test_out_of_range_pages_and_unknown_facets_get_a_normal_answer(self) -> None:
        for params in [
            {"page": "999999"},
            {"page": "-1"},
            {"page": "abc"},
            {"page": "9" * 40},
            {"stars": "9"},
            {"stars": "x"},
            {"commune": "99999999"},
            {"group": "9" * 40},
            {"kind": "pirate"},
            {"sort": "evil"},
            {"province": "-5"},
        ]:
            with self.subTest(params=params):
                self.assertEqual(self.client.get(URL, params).status_code, 200)

    def test_an_unknown_commune_gives_no_result_but_a_page(self) -> None:
        response = self.client.get(URL, {"commune": "123456"})
        self.assertContains(response, "No certified product matches these filters.")

    def test_it_pages_through_many_results(self) -> None:
        for i in range(30):
            f.certify(f.product(f"Gốm số {i:02d}"), stars=3)
        first = self.client.get(URL, {"q": "gom so", "sort": "name"})
        self.assertContains(first, "Page 1 of 2")
        self.assertContains(first, "Gốm số 00")
        last = self.client.get(URL, {"q": "gom so", "sort": "name", "page": "2"})
        self.assertContains(last, "Gốm số 29")
        self.assertNotContains(last, "Gốm số 00")

    def test_an_htmx_request_gets_only_the_results(self) -> None:
        response = self.client.get(URL, {"q": "bat trang"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Bình gốm men rạn")
        self.assertNotContains(response, "<html")
        self.assertIn("HX-Request", response["Vary"])

    def test_an_htmx_history_restore_gets_the_whole_page(self) -> None:
        response = self.client.get(
            URL, {"q": "bat trang"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
        )
        self.assertContains(response, "<html")

    def test_it_runs_the_same_number_of_queries_for_3_or_30_products(self) -> None:
        cache.clear()
        self.client.get(URL)  # warm the per-site cache of the layout

        def queries(params: dict[str, str]) -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get(URL, params).status_code, 200)
            return len(context.captured_queries)

        params = {"q": "gom", "stars": "3"}
        f.certify(f.product("Gốm thứ ba"), stars=3)
        small = queries(params), queries({})
        dong_da = Commune.objects.get(province_id=1, name="Phường Đống Đa")
        for i in range(27):
            f.certify(f.product(f"Gốm {i}", commune=dong_da, category="4.3"), stars=3 + i % 3)
        with self.assertNumQueries(small[0]):
            self.client.get(URL, params)
        with self.assertNumQueries(small[1]):
            self.client.get(URL)


@pytest.mark.parametrize("name", ["catalogue:products", "catalogue:open_data", "catalogue:sitemap"])
def test_public_pages_need_no_login(client: object, name: str, db: None) -> None:
    response = client.get(reverse(name))  # type: ignore[attr-defined]
    assert response.status_code == 200
