"""Search ignores diacritics and case, folds đ, and survives any input."""

import datetime

from django.utils import timezone

from ocop.catalogue import index
from ocop.catalogue.search import Filters, Search, fts_query, tokens
from ocop.catalogue.tests import factories as f
from ocop.places.models import Commune
from ocop.registry.models import Product
from ocop.test import BaseTestCase


def names(search: Search) -> list[str]:
    return [e.product.name for e in search.entries(0, 50)]


class SearchTestCase(BaseTestCase):
    tea: Product

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        f.certify(cls.vase, stars=4, issued_on=timezone.localdate() - datetime.timedelta(500))
        f.certify(cls.scarf, stars=3)
        dong_da = Commune.objects.get(province_id=1, name="Phường Đống Đa")
        cls.tea = f.product("Trà sen Tây Hồ", commune=dong_da, category="1.5")
        f.certify(cls.tea, stars=5)

    def test_it_finds_bat_trang_however_it_is_written(self) -> None:
        for text in ["bat trang", "Bát Tràng", "BAT TRANG", "bát tràng", "BÁT TRÀNG"]:
            with self.subTest(text=text):
                self.assertEqual(names(Search(text)), ["Bình gốm men rạn"])

    def test_it_folds_d_with_stroke_both_ways(self) -> None:
        self.assertEqual(names(Search("dong da")), ["Trà sen Tây Hồ"])
        self.assertEqual(names(Search("ĐỐNG ĐA")), ["Trà sen Tây Hồ"])

    def test_it_matches_word_prefixes(self) -> None:
        self.assertEqual(names(Search("gom")), ["Bình gốm men rạn"])
        self.assertEqual(names(Search("lua to")), ["Khăn lụa tơ tằm"])

    def test_it_searches_producer_commune_and_group_names(self) -> None:
        self.assertEqual(names(Search("van phuc")), ["Khăn lụa tơ tằm"])
        self.assertEqual(names(Search("che")), ["Trà sen Tây Hồ"])  # group "Chè"

    def test_it_requires_every_word(self) -> None:
        self.assertEqual(names(Search("bat trang lua")), [])

    def test_it_lists_everything_without_text(self) -> None:
        self.assertEqual(len(names(Search(""))), 3)

    def test_it_sorts_by_stars(self) -> None:
        found = names(Search("", sort="stars"))
        self.assertEqual(found, ["Trà sen Tây Hồ", "Bình gốm men rạn", "Khăn lụa tơ tằm"])

    def test_it_filters_and_counts_facets(self) -> None:
        search = Search("", Filters(stars=4))
        facets = search.facets()
        self.assertEqual(facets.total, 1)
        # The star facet still offers the other classes, with their own counts.
        self.assertEqual(facets.counts["stars"], {"3": 1, "4": 1, "5": 1})
        self.assertEqual(facets.counts["commune"], {str(self.bat_trang.pk): 1})

    def test_it_hides_a_certificate_from_its_expiry_day_even_before_the_index_is_rebuilt(
        self,
    ) -> None:
        expires_on = self.vase.certificates.get().expires_on
        last_day = expires_on - datetime.timedelta(days=1)
        self.assertEqual(names(Search("bat trang", day=last_day)), ["Bình gốm men rạn"])
        self.assertEqual(names(Search("bat trang", day=expires_on)), [])
        self.assertEqual(Search("", day=expires_on).facets().total, 2)

    def test_it_drops_the_product_from_the_index_when_rebuilt_after_expiry(self) -> None:
        cert = self.vase.certificates.get()
        type(cert).objects.filter(pk=cert.pk).update(
            expires_on="2020-01-01", issued_on="2017-01-01"
        )  # no signal fires: what happens when the date passes
        index.rebuild()
        self.vase.catalogue_entry.refresh_from_db()
        self.assertFalse(self.vase.catalogue_entry.is_listed)
        self.assertEqual(names(Search("bat trang")), [])


def test_it_turns_user_text_into_quoted_prefix_terms() -> None:
    assert fts_query(tokens('Bát "Tràng" NEAR( x* -y')) == '"bat"* "trang"* "near"* "x"* "y"*'
    assert tokens("\u200b😀 ) ( ' ; --") == []
    assert len(tokens("gốm " * 5000)) == 8
