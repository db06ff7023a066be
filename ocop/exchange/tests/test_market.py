"""Showroom and listing imports (through the market's own rules), and the showroom, listing
and fair exports, which re-import without change."""

import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from ocop.audit.models import Event
from ocop.exchange.models import JobStatus
from ocop.exchange.tests.base import ExchangeTestCase, csv_bytes, header
from ocop.market.models import Fair, Listing, Showroom, ShowroomStatus
from ocop.market.tests import factories

# name, type, status, address, commune, district, operator, area, opened, closed
SHOWROOM = [
    "Điểm OCOP Bát Tràng",
    "Điểm giới thiệu và bán sản phẩm OCOP",
    "Đang hoạt động",
    "Số 1 Giang Cao",
    "Bát Tràng",
    "Gia Lâm",
    "HTX gốm sứ Bát Tràng",
    "120",
    "15/03/2021",
    "",
]
# showroom, its commune, producer tax code, producer, product, since, price, in stock, craft
LISTING = [
    "Điểm OCOP Hồ Tùng Mậu",
    "Bát Tràng",
    "0101234567",
    "",
    "Bình gốm men rạn",
    "01/02/2024",
    "1.250.000",
    "có",
    "không",
]


class ShowroomImportTestCase(ExchangeTestCase):
    def test_it_registers_an_open_showroom_through_the_market_action(self) -> None:
        job = self.import_file("showrooms", csv_bytes([header("showrooms")[:10], SHOWROOM]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        room = Showroom.objects.get(name="Điểm OCOP Bát Tràng")
        self.assertEqual(room.status, ShowroomStatus.OPEN)
        self.assertEqual(room.opened_on, datetime.date(2021, 3, 15))
        self.assertEqual(room.commune, self.bat_trang)
        self.assertTrue(Event.objects.for_object(room).filter(action="showroom.create"))

    def test_a_dry_run_writes_no_showroom_and_no_event(self) -> None:
        job = self.check("showrooms", csv_bytes([header("showrooms")[:10], SHOWROOM]))
        self.assertEqual(job.counts["new"], 1, self.messages_of(job))
        self.assertFalse(Showroom.objects.exists())
        self.assertFalse(Event.objects.exists())

    def test_an_open_showroom_needs_its_opening_date(self) -> None:
        row = [*SHOWROOM[:8], "", ""]
        job = self.check("showrooms", csv_bytes([header("showrooms")[:10], row]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(
            self.messages_of(job), ["2|Ngày khai trương|Enter the date this showroom opened."]
        )

    def test_closing_a_showroom_goes_through_the_status_change(self) -> None:
        room = factories.showroom(self.bat_trang, name="Điểm OCOP Bát Tràng")
        row = [*SHOWROOM[:2], "Đã đóng cửa", *SHOWROOM[3:8], "01/01/2021", "30/06/2025"]
        job = self.import_file("showrooms", csv_bytes([header("showrooms")[:10], row]))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        room.refresh_from_db()
        self.assertEqual(room.status, ShowroomStatus.CLOSED)
        self.assertEqual(room.closed_on, datetime.date(2025, 6, 30))
        event = Event.objects.for_object(room).get(action="showroom.status")
        self.assertEqual(event.after["status"], "closed")

    def test_a_status_change_the_market_forbids_is_a_row_error(self) -> None:
        factories.showroom(
            self.bat_trang, name="Điểm OCOP Bát Tràng", status=ShowroomStatus.PLANNED
        )
        row = [*SHOWROOM[:2], "Tạm đóng cửa", *SHOWROOM[3:]]
        job = self.check("showrooms", csv_bytes([header("showrooms")[:10], row]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(job.errors[0]["column"], "Trạng thái")
        self.assertIn("cannot become Temporarily closed", job.errors[0]["message"])

    def test_a_name_written_without_diacritics_matches_the_showroom(self) -> None:
        room = factories.showroom(self.bat_trang, name="Điểm OCOP Bát Tràng")
        row = ["diem ocop bat trang", *SHOWROOM[1:]]
        job = self.import_file("showrooms", csv_bytes([header("showrooms")[:10], row]))
        self.assertEqual(job.counts["updated"], 1, self.messages_of(job))
        self.assertEqual(Showroom.objects.get().pk, room.pk)


class ListingImportTestCase(ExchangeTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(self.bat_trang)

    def test_it_lists_a_product_with_an_audit_event(self) -> None:
        job = self.import_file("listings", csv_bytes([header("listings"), LISTING]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        listing = Listing.objects.get(showroom=self.room, product=self.vase)
        self.assertEqual(listing.shelf_price, 1_250_000)
        self.assertEqual(listing.since, datetime.date(2024, 2, 1))
        event = Event.objects.for_object(listing).get()
        self.assertEqual(event.action, "listing.add")
        self.assertEqual(event.object_repr, str(listing))

    def test_a_second_import_updates_the_listing_and_a_third_changes_nothing(self) -> None:
        factories.listing(self.room, self.vase, shelf_price=900_000)
        data = csv_bytes([header("listings"), LISTING])
        self.assertEqual(self.import_file("listings", data).counts["updated"], 1)
        event = Event.objects.get(action="listing.update")
        self.assertEqual(
            (event.before, event.after),
            (
                {"shelf_price": 900_000, "since": "2024-01-01"},
                {"shelf_price": 1_250_000, "since": "2024-02-01"},
            ),
        )
        self.assertEqual(self.import_file("listings", data).counts["unchanged"], 1)

    def test_an_unknown_showroom_or_product_is_a_row_error(self) -> None:
        rows = [
            header("listings"),
            ["Điểm khác", *LISTING[1:]],
            [*LISTING[:4], "Bình không có", *LISTING[5:]],
        ]
        job = self.check("listings", csv_bytes(rows))
        self.assertEqual(
            [e["column"] for e in job.errors], ["Tên điểm bán", "Tên sản phẩm"], job.errors
        )
        self.assertIn("import the showrooms first", job.errors[0]["message"])
        self.assertIn("import the products first", job.errors[1]["message"])

    def test_a_negative_shelf_price_is_refused(self) -> None:
        row = [*LISTING[:6], "-5", *LISTING[7:]]
        job = self.import_file("listings", csv_bytes([header("listings"), row]))
        self.assertEqual(job.status, JobStatus.INVALID)
        self.assertEqual(job.errors[0]["column"], "Giá bán (đồng)")
        self.assertFalse(Listing.objects.exists())

    def test_a_new_listing_without_a_date_is_listed_from_today(self) -> None:
        row = [*LISTING[:5], "", *LISTING[6:]]
        job = self.import_file("listings", csv_bytes([header("listings"), row]))
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        self.assertEqual(Listing.objects.get().since, timezone.localdate())


class MarketExportTestCase(ExchangeTestCase):
    def setUp(self) -> None:
        self.room = factories.showroom(
            self.bat_trang,
            operators=[self.operator],
            phone="+84 24 3874 0000",
            latitude="20.975000",
            longitude="105.912000",
            area_m2=120,
        )
        factories.listing(self.room, self.vase, shelf_price=1_250_000, craft_village=True)
        other = factories.showroom(self.ha_dong, name="Điểm OCOP Hà Đông")
        factories.listing(other, self.scarf)
        fair = Fair.objects.create(
            name="Hội chợ OCOP Hà Nội 2020",
            venue="Cung Văn hóa Hữu nghị",
            address="91 Trần Hưng Đạo",
            organiser="Sở Nông nghiệp và PTNT",
            starts_on=datetime.date(2020, 12, 25),
            ends_on=datetime.date(2020, 12, 27),
            booths=120,
            visitors=15_000,
        )
        fair.provinces.set([self.hanoi])

    def export(self, kind: str, fmt: str, query: str = "", user: object = None) -> bytes:
        self.login(user or self.office)  # type: ignore[arg-type]
        response = self.client.get(f"/exchange/export/{kind}.{fmt}{query}")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]

    def assert_round_trip(self, kind: str, fmt: str) -> None:
        job = self.import_file(kind, self.export(kind, fmt), f"export.{fmt}")
        self.assertEqual(job.status, JobStatus.APPLIED, self.messages_of(job))
        self.assertEqual(job.counts["new"] + job.counts["updated"], 0, job.counts)
        self.assertEqual(job.counts["unchanged"], 2)

    def test_showrooms_round_trip_through_xlsx_and_csv(self) -> None:
        self.assert_round_trip("showrooms", "xlsx")
        self.assert_round_trip("showrooms", "csv")
        self.assertEqual(Showroom.objects.count(), 2)

    def test_listings_round_trip_through_xlsx_and_csv(self) -> None:
        self.assert_round_trip("listings", "xlsx")
        self.assert_round_trip("listings", "csv")

    def test_the_showroom_export_respects_the_list_filters(self) -> None:
        text = self.export("showrooms", "csv", "?q=ha+dong").decode("utf-8-sig")
        self.assertIn("Điểm OCOP Hà Đông", text)
        self.assertNotIn("Điểm OCOP Hồ Tùng Mậu", text)

    def test_an_operator_exports_the_listings_of_their_own_showroom_only(self) -> None:
        text = self.export("listings", "csv", user=self.operator).decode("utf-8-sig")
        self.assertIn("Bình gốm men rạn", text)
        self.assertNotIn("Khăn lụa", text)

    def test_a_producer_cannot_export_showrooms(self) -> None:
        self.login(self.producer)
        self.assertEqual(self.client.get("/exchange/export/showrooms.csv").status_code, 403)

    def test_the_fair_export_lists_dates_results_and_provinces(self) -> None:
        sheet = load_workbook(io.BytesIO(self.export("fairs", "xlsx"))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Tên hội chợ")
        self.assertEqual(rows[1][0], "Hội chợ OCOP Hà Nội 2020")
        self.assertEqual(rows[1][5].date(), datetime.date(2020, 12, 25))
        self.assertEqual(rows[1][9], "Thành phố Hà Nội")
        self.assertEqual(rows[1][13], 15_000)

    def test_the_imports_page_links_every_export(self) -> None:
        self.login(self.office)
        response = self.client.get("/exchange/imports/")
        for kind in ("producers", "products", "certificates", "showrooms", "listings", "fairs"):
            self.assertContains(response, f'href="/exchange/export/{kind}.xlsx"')
