import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ocop.audit.models import Event
from ocop.market.models import Listing
from ocop.market.tests import factories
from ocop.test import BaseTestCase


class ListingBySearchTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.url = reverse("market:listing_add", args=[self.room.pk])
        self.login(self.operator)

    def test_the_search_finds_products_from_any_province_without_accents(self) -> None:
        response = self.client.get(self.url, {"q": "khan lua"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Khăn lụa tơ tằm")
        self.assertNotContains(response, "<html")

    def test_ticked_products_are_listed_together(self) -> None:
        response = self.client.post(
            self.url,
            {
                "products": [self.vase.pk, self.scarf.pk],
                "since": "2025-01-15",
                "shelf_price": "350000",
                "in_stock": "on",
            },
        )
        self.assertRedirects(response, self.room.get_absolute_url())
        self.assertEqual(
            sorted(self.room.listings.values_list("product__name", "shelf_price")),
            [("Bình gốm men rạn", 350000), ("Khăn lụa tơ tằm", 350000)],
        )
        self.assertEqual(Event.objects.filter(action="listing.add").count(), 2)

    def test_a_product_that_does_not_exist_is_refused_and_nothing_is_saved(self) -> None:
        response = self.client.post(
            self.url, {"products": [self.vase.pk, 999999], "since": "2025-01-15"}
        )
        self.assertContains(response, "No product has id 999999", status_code=400)
        self.assertFalse(Listing.objects.exists())

    def test_a_negative_price_is_refused_and_nothing_is_saved(self) -> None:
        response = self.client.post(
            self.url, {"products": [self.vase.pk], "since": "2025-01-15", "shelf_price": "-5"}
        )
        self.assertContains(response, "cannot be negative", status_code=400)
        self.assertFalse(Listing.objects.exists())

    def test_a_duplicate_refuses_the_whole_batch(self) -> None:
        factories.listing(self.room, self.vase)
        response = self.client.post(
            self.url, {"products": [self.scarf.pk, self.vase.pk], "since": "2025-01-15"}
        )
        self.assertContains(response, "Already listed at this showroom.", status_code=400)
        self.assertEqual(list(self.room.listings.values_list("product", flat=True)), [self.vase.pk])

    def test_an_operator_cannot_list_at_another_operators_showroom(self) -> None:
        other = factories.showroom(self.ha_dong)
        url = reverse("market:listing_add", args=[other.pk])
        response = self.client.post(url, {"products": [self.vase.pk], "since": "2025-01-15"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Listing.objects.exists())


class ListingEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.listing = factories.listing(self.room, self.vase, shelf_price=100_000)
        self.login(self.operator)

    def test_an_operator_changes_the_price_and_stock(self) -> None:
        url = reverse("market:listing_edit", args=[self.listing.pk])
        response = self.client.post(url, {"since": "2024-01-01", "shelf_price": "120000"})
        self.assertRedirects(response, self.room.get_absolute_url())
        self.listing.refresh_from_db()
        self.assertEqual((self.listing.shelf_price, self.listing.in_stock), (120_000, False))
        self.assertTrue(Event.objects.filter(action="listing.update").exists())

    def test_a_negative_price_is_refused_on_edit(self) -> None:
        url = reverse("market:listing_edit", args=[self.listing.pk])
        response = self.client.post(url, {"since": "2024-01-01", "shelf_price": "-1"})
        self.assertContains(response, "The shelf price cannot be negative.", status_code=400)
        self.listing.refresh_from_db()
        self.assertEqual(self.listing.shelf_price, 100_000)

    def test_an_operator_removes_a_listing(self) -> None:
        url = reverse("market:listing_remove", args=[self.listing.pk])
        self.assertContains(self.client.get(url), "Remove Bình gốm men rạn")
        self.assertRedirects(self.client.post(url), self.room.get_absolute_url())
        self.assertFalse(Listing.objects.exists())
        self.assertTrue(Event.objects.filter(action="listing.remove").exists())

    def test_another_operator_cannot_remove_it(self) -> None:
        self.login(self.make_user("other_operator", "operator"))
        response = self.client.post(reverse("market:listing_remove", args=[self.listing.pk]))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Listing.objects.exists())


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("listings.xlsx", out.getvalue())


class ListingImportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.url = reverse("market:listing_import", args=[self.room.pk])
        self.login(self.operator)

    def upload(self, file: SimpleUploadedFile) -> Any:
        return self.client.post(self.url, {"file": file, "since": "2025-02-01"})

    def test_a_spreadsheet_is_checked_without_saving_then_applied(self) -> None:
        file = xlsx(
            [
                ["product_id", "product", "price", "in_stock", "since"],
                [self.vase.pk, "", 250000, "yes", "15/01/2025"],
                ["", "khan lua to tam", "300.000", "không", ""],
            ]
        )
        preview = self.upload(file)
        self.assertContains(preview, "All 2 rows are ready.")
        self.assertFalse(Listing.objects.exists())
        token = preview.context["token"]
        response = self.client.post(self.url, {"token": token})
        self.assertRedirects(response, self.room.get_absolute_url())
        rows = dict(self.room.listings.values_list("product__name", "shelf_price"))
        self.assertEqual(rows, {"Bình gốm men rạn": 250000, "Khăn lụa tơ tằm": 300000})
        scarf = self.room.listings.get(product=self.scarf)
        self.assertEqual((str(scarf.since), scarf.in_stock), ("2025-02-01", False))

    def test_a_csv_file_works_with_vietnamese_headers(self) -> None:
        content = f"Mã sản phẩm,Giá,Làng nghề\n{self.vase.pk},120000,có\n".encode()
        response = self.upload(SimpleUploadedFile("ds.csv", content))
        self.assertContains(response, "1 row is ready.")
        self.assertTrue(response.context["preview"].rows[0].row.craft_village)

    def test_every_bad_row_is_named_and_nothing_is_saved(self) -> None:
        factories.listing(self.room, self.scarf)
        file = xlsx(
            [
                ["product_id", "product", "price"],
                [self.vase.pk, "", -10],
                [987654, "", 1000],
                ["", "Không có sản phẩm này", 1000],
                [self.scarf.pk, "", 1000],
            ]
        )
        response = self.upload(file)
        self.assertContains(response, "4 rows have problems. Nothing was saved", status_code=400)
        self.assertContains(response, "The shelf price cannot be negative.", status_code=400)
        self.assertContains(response, "No product has id 987654", status_code=400)
        self.assertContains(response, "No product is named Không có sản phẩm này", status_code=400)
        self.assertContains(response, "Already listed at this showroom.", status_code=400)
        self.assertNotIn("token", response.context)
        self.assertEqual(self.room.listings.count(), 1)

    def test_the_same_product_twice_in_one_file_is_refused(self) -> None:
        response = self.upload(xlsx([["product_id"], [self.vase.pk], [self.vase.pk]]))
        self.assertContains(response, "already in row 1", status_code=400)

    def test_a_file_that_is_not_a_spreadsheet_is_refused(self) -> None:
        response = self.upload(SimpleUploadedFile("x.xlsx", b"PK not really"))
        self.assertContains(response, "not a readable spreadsheet", status_code=400)
        self.assertFalse(Listing.objects.exists())

    def test_a_tampered_token_is_refused(self) -> None:
        response = self.client.post(self.url, {"token": "abc:def"})
        self.assertContains(response, "expired or was altered", status_code=400)
        self.assertFalse(Listing.objects.exists())

    def test_applying_is_all_or_nothing_when_things_changed_since_the_preview(self) -> None:
        preview = self.upload(xlsx([["product_id"], [self.vase.pk], [self.scarf.pk]]))
        factories.listing(self.room, self.scarf)  # someone listed it meanwhile
        response = self.client.post(self.url, {"token": preview.context["token"]})
        self.assertContains(response, "Nothing was saved", status_code=400)
        self.assertEqual(
            list(self.room.listings.values_list("product", flat=True)), [self.scarf.pk]
        )

    def test_a_token_cannot_be_replayed_on_another_showroom(self) -> None:
        preview = self.upload(xlsx([["product_id"], [self.vase.pk]]))
        other = factories.showroom(self.bat_trang, name="Khác", operators=[self.operator])
        url = reverse("market:listing_import", args=[other.pk])
        response = self.client.post(url, {"token": preview.context["token"]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Listing.objects.exists())
