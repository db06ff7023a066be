"""The catalogue index follows every change of its inputs, and rebuilds in bulk."""

import datetime
from io import StringIO
from unittest import skipUnless

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ocop.catalogue import index
from ocop.catalogue.models import CatalogueEntry
from ocop.catalogue.search import Search
from ocop.catalogue.tests import factories as f
from ocop.registry.models import ProductPhoto
from ocop.test import BaseTestCase

SQLITE_ONLY = skipUnless(connection.vendor == "sqlite", "the FTS5 table exists on SQLite only")


def found(text: str) -> list[str]:
    return [e.product.name for e in Search(text).entries(0, 50)]


def fts_rows() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, search_text FROM catalogue_search")
        return dict(cursor.fetchall())


class IndexTestCase(BaseTestCase):
    def test_it_lists_a_product_as_soon_as_it_is_certified(self) -> None:
        self.assertEqual(found("bat trang"), [])
        f.certify(self.vase)
        self.assertEqual(found("bat trang"), ["Bình gốm men rạn"])

    def test_it_does_not_index_uncertified_products(self) -> None:
        self.assertFalse(CatalogueEntry.objects.exists())

    def test_it_follows_a_product_rename(self) -> None:
        f.certify(self.vase)
        self.vase.name = "Lọ hoa men lam"
        self.vase.save()
        self.assertEqual(found("lo hoa"), ["Lọ hoa men lam"])
        self.assertEqual(found("binh gom"), [])

    def test_it_follows_a_producer_rename(self) -> None:
        f.certify(self.vase)
        self.bat_trang_coop.name = "Hợp tác xã Đông Dư"
        self.bat_trang_coop.save()
        self.assertEqual(found("dong du"), ["Bình gốm men rạn"])

    def test_it_drops_a_suspended_product_and_lists_it_again_when_reinstated(self) -> None:
        suspension = f.suspend(f.certify(self.vase))
        self.assertEqual(found("bat trang"), [])
        suspension.ends_on = timezone.localdate()
        suspension.save()
        self.assertEqual(found("bat trang"), ["Bình gốm men rạn"])

    def test_it_drops_a_revoked_product(self) -> None:
        f.revoke(f.certify(self.vase))
        self.assertEqual(found("bat trang"), [])
        self.assertFalse(CatalogueEntry.objects.get(pk=self.vase.pk).is_listed)

    def test_it_shows_the_best_valid_certificate(self) -> None:
        f.certify(self.vase, stars=3)
        best = f.certify(self.vase, stars=5)
        entry = CatalogueEntry.objects.get(pk=self.vase.pk)
        self.assertEqual((entry.stars, entry.certificate_code), (5, best.code))

    def test_it_falls_back_to_the_old_certificate_when_the_new_one_is_not_yet_in_force(
        self,
    ) -> None:
        old = f.certify(self.vase, stars=3)
        f.certify(self.vase, stars=5, issued_on=timezone.localdate() + datetime.timedelta(5))
        self.assertEqual(CatalogueEntry.objects.get(pk=self.vase.pk).certificate_code, old.code)

    def test_it_takes_the_first_photo(self) -> None:
        f.certify(self.vase)
        photo = ProductPhoto.objects.create(product=self.vase, image="products/x.jpg")
        self.assertEqual(CatalogueEntry.objects.get(pk=self.vase.pk).photo_id, photo.pk)

    @SQLITE_ONLY
    def test_it_keeps_the_fts_table_in_step_with_the_entries(self) -> None:
        f.certify(self.vase)
        f.certify(self.scarf)
        entries = dict(CatalogueEntry.objects.values_list("pk", "search_text"))
        self.assertEqual(fts_rows(), entries)
        self.assertIn("bat trang", entries[self.vase.pk])

    def test_it_leaves_unchanged_rows_alone_on_rebuild(self) -> None:
        f.certify(self.vase)
        before = CatalogueEntry.objects.get(pk=self.vase.pk).changed_at
        result = index.rebuild()
        self.assertEqual((result.written, result.entries), (0, 1))
        self.assertEqual(CatalogueEntry.objects.get(pk=self.vase.pk).changed_at, before)

    @SQLITE_ONLY
    def test_a_forced_rebuild_recreates_a_damaged_index(self) -> None:
        f.certify(self.vase)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalogue_search")
        self.assertEqual(found("bat trang"), [])
        index.rebuild(force=True)
        self.assertEqual(found("bat trang"), ["Bình gốm men rạn"])

    def test_the_rebuild_command_says_what_it_did(self) -> None:
        f.certify(self.vase)
        out = StringIO()
        call_command("rebuild_catalogue", stdout=out)
        self.assertIn("Catalogue rebuilt: 1 listed products, 1 entries", out.getvalue())

    @SQLITE_ONLY
    def test_it_matches_the_text_once_whatever_the_number_of_rows(self) -> None:
        f.certify(self.vase)
        sql, params = Search("bat trang").page_sql(0, 24)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[-1] for row in cursor.fetchall()]
        self.assertIn("MATERIALIZE hits", plan)
        self.assertEqual(sum("VIRTUAL TABLE" in step for step in plan), 1)
        self.assertFalse([step for step in plan if "CORRELATED" in step])

    @skipUnless(connection.vendor == "postgresql", "the trigram index exists on PostgreSQL only")
    def test_postgresql_matches_through_the_trigram_index(self) -> None:
        f.certify(self.vase)
        sql, params = Search("bat trang").page_sql(0, 24)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("catalogue_entry_search_trgm", plan)
        self.assertEqual(found("bat trang"), ["Bình gốm men rạn"])
