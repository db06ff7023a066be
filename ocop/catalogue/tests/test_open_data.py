"""Open data: the certified-product list as CSV and JSON, with licence, dictionary, snapshots."""

import csv
import io
import json
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.catalogue.models import OpenDataSnapshot
from ocop.catalogue.opendata import FIELDS, safe_cell
from ocop.catalogue.tests import factories as f
from ocop.certification.models import Certificate
from ocop.test import BaseTestCase


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


class OpenDataTestCase(BaseTestCase):
    cert: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cert = f.certify(cls.vase, stars=4)

    def test_the_csv_opens_in_excel_with_vietnamese_intact(self) -> None:
        response = self.client.get(reverse("catalogue:open_data_csv"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response.content.startswith("\ufeff".encode()))
        rows = read_csv(response.content)
        self.assertEqual(list(rows[0]), [field.name for field in FIELDS])
        self.assertEqual(rows[0]["product_name"], "Bình gốm men rạn")
        self.assertEqual(rows[0]["certificate_code"], self.cert.code)
        self.assertEqual(rows[0]["commune_name"], "Xã Bát Tràng")

    def test_cells_that_would_run_as_formulas_are_made_inert(self) -> None:
        f.certify(f.product('=HYPERLINK("http://evil")'))
        f.certify(f.product("+1-2"))
        f.certify(f.product("@SUM(A1)"))
        names = {
            r["product_name"]
            for r in read_csv(self.client.get(reverse("catalogue:open_data_csv")).content)
        }
        self.assertIn('\'=HYPERLINK("http://evil")', names)
        self.assertIn("'+1-2", names)
        self.assertIn("'@SUM(A1)", names)
        for start in ["-", "\t", "\r"]:
            self.assertEqual(safe_cell(f"{start}x"), f"'{start}x")
        self.assertEqual(safe_cell("Gốm"), "Gốm")

    def test_the_json_carries_licence_generation_time_dictionary_and_products(self) -> None:
        response = self.client.get(reverse("catalogue:open_data_json"))
        document = json.loads(response.content)
        self.assertEqual(document["licence"]["url"], "https://creativecommons.org/licenses/by/4.0/")
        self.assertIn("generated_at", document)
        self.assertEqual([d["name"] for d in document["fields"]], [field.name for field in FIELDS])
        self.assertEqual(document["count"], 1)
        self.assertEqual(document["products"][0]["stars"], 4)

    def test_the_page_states_licence_and_describes_every_field(self) -> None:
        response = self.client.get(reverse("catalogue:open_data"))
        self.assertContains(response, "CC BY 4.0")
        for field in FIELDS:
            self.assertContains(response, f"<code>{field.name}</code>", html=True)
        self.assertContains(response, "No snapshot has been kept yet.")

    def test_the_dictionary_calls_its_type_column_data_type_in_vietnamese(self) -> None:
        vietnamese = Client().get(reverse("catalogue:open_data"))
        self.assertContains(vietnamese, '<th scope="col">Kiểu dữ liệu</th>', html=True)
        self.assertNotContains(vietnamese, "Loại hình")
        english = self.client.get(reverse("catalogue:open_data"))
        self.assertContains(english, '<th scope="col">Type</th>', html=True)

    def test_it_leaves_out_products_no_longer_certified(self) -> None:
        f.revoke(self.cert)
        self.assertEqual(read_csv(self.client.get(reverse("catalogue:open_data_csv")).content), [])

    def test_a_dated_snapshot_is_kept_listed_and_downloadable(self) -> None:
        out = StringIO()
        call_command("snapshot_open_data", stdout=out)
        today = timezone.localdate()
        self.assertIn("Open-data snapshot kept: 1 products.", out.getvalue())
        self.assertIn(f"Date: {today:%Y-%m-%d}", out.getvalue())
        f.revoke(self.cert)  # the list changes afterwards; the snapshot does not
        page = self.client.get(reverse("catalogue:open_data"))
        self.assertContains(page, f"?date={today:%Y-%m-%d}")
        kept = self.client.get(reverse("catalogue:open_data_csv"), {"date": f"{today:%Y-%m-%d}"})
        self.assertEqual(read_csv(kept.content)[0]["certificate_code"], self.cert.code)
        kept_json = self.client.get(
            reverse("catalogue:open_data_json"), {"date": f"{today:%Y-%m-%d}"}
        )
        self.assertEqual(json.loads(kept_json.content)["count"], 1)

    def test_a_second_snapshot_the_same_day_replaces_the_first(self) -> None:
        call_command("snapshot_open_data", stdout=StringIO())
        call_command("snapshot_open_data", stdout=StringIO())
        self.assertEqual(OpenDataSnapshot.objects.count(), 1)

    def test_a_missing_or_malformed_snapshot_date_is_not_found(self) -> None:
        for day in ["2001-01-01", "yesterday", "2025-13-45", "x" * 500]:
            with self.subTest(day=day[:12]):
                response = self.client.get(reverse("catalogue:open_data_csv"), {"date": day})
                self.assertEqual(response.status_code, 404)
