import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ocop.audit.models import Event
from ocop.market import actions
from ocop.market.models import (
    REGISTRATION_TRANSITIONS,
    Fair,
    FairRegistration,
    RegistrationStatus,
)
from ocop.places.models import Commune
from ocop.test import BaseTestCase

D = datetime.date


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_fair(**fields: object) -> Fair:
    values: dict[str, object] = {
        "name": "Hội chợ OCOP Hà Nội",
        "venue": "Cung Văn hóa Hữu nghị Việt Xô",
        "address": "91 Trần Hưng Đạo",
        "organiser": "Sở Nông nghiệp và Môi trường Hà Nội",
        "starts_on": days(30),
        "ends_on": days(32),
        "booths": 2,
    }
    values.update(fields)
    return Fair.objects.create(**values)


class FairScheduleTestCase(BaseTestCase):
    def data(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "name": "Hội chợ sản phẩm OCOP vùng Tây Bắc",
            "venue": "Cung Văn hóa Hữu nghị Việt Xô",
            "address": "91 Trần Hưng Đạo",
            "starts_on": str(days(60)),
            "ends_on": str(days(62)),
            "organiser": "Sở Nông nghiệp và Môi trường Hà Nội",
            "region_theme": "northern_mountains",
            "provinces": [1, 4],
            "booths": "120",
        }
        data.update(changes)
        return data

    def test_the_office_schedules_a_fair_with_provinces(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("market:fair_add"), self.data())
        fair = Fair.objects.get()
        self.assertRedirects(response, fair.get_absolute_url())
        self.assertEqual(sorted(fair.provinces.values_list("pk", flat=True)), [1, 4])
        self.assertTrue(Event.objects.filter(action="fair.create").exists())

    def test_dates_in_the_wrong_order_are_an_error_and_nothing_is_saved(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("market:fair_add"), self.data(starts_on=str(days(62)), ends_on=str(days(60)))
        )
        self.assertContains(response, "The last day is before the first day.", status_code=400)
        self.assertFalse(Fair.objects.exists())

    def test_overlapping_dates_at_the_same_venue_only_warn(self) -> None:
        make_fair(
            name="Tuần hàng Việt",
            venue="Cung văn hoá hữu nghị Việt Xô",
            starts_on=days(61),
            ends_on=days(65),
        )
        self.login(self.office)
        response = self.client.post(reverse("market:fair_add"), self.data(), follow=True)
        self.assertEqual(Fair.objects.count(), 2)
        self.assertContains(response, "Check the dates: Tuần hàng Việt is at the same venue")

    def test_a_fair_elsewhere_at_the_same_time_gives_no_warning(self) -> None:
        make_fair(
            name="Elsewhere",
            venue="Hoàng thành Thăng Long",
            address="19C Hoàng Diệu",
            starts_on=days(60),
            ends_on=days(62),
        )
        self.login(self.office)
        response = self.client.post(reverse("market:fair_add"), self.data(), follow=True)
        self.assertNotContains(response, "Check the dates")

    def test_the_calendar_is_public_with_upcoming_and_past_results(self) -> None:
        make_fair(name="Sắp tới")
        make_fair(
            name="Hội chợ 2020",
            starts_on=D(2020, 12, 25),
            ends_on=D(2020, 12, 27),
            reported_sales=3_500_000_000,
            visitors=20_000,
            deals=45,
        )
        response = self.client.get(reverse("market:fairs"))
        self.assertContains(response, "Sắp tới")
        self.assertContains(response, "Hội chợ 2020")
        self.assertContains(response, "3,500,000,000")

    def test_a_past_fair_page_shows_its_results_to_anyone(self) -> None:
        fair = make_fair(starts_on=D(2020, 12, 25), ends_on=D(2020, 12, 27), visitors=20_000)
        response = self.client.get(fair.get_absolute_url())
        self.assertContains(response, "Results")
        self.assertContains(response, "20,000")


class FairResultsTestCase(BaseTestCase):
    def test_results_are_refused_before_the_last_day(self) -> None:
        fair = make_fair()
        self.login(self.office)
        response = self.client.post(
            reverse("market:fair_results", args=[fair.pk]), {"visitors": "10"}
        )
        self.assertContains(response, "Results can be recorded from the fair", status_code=400)
        fair.refresh_from_db()
        self.assertIsNone(fair.visitors)

    def test_the_office_records_results_after_the_fair(self) -> None:
        fair = make_fair(starts_on=days(-5), ends_on=days(-3))
        self.login(self.office)
        response = self.client.post(
            reverse("market:fair_results", args=[fair.pk]),
            {"reported_sales": "1200000000", "visitors": "8000", "deals": "12"},
        )
        self.assertRedirects(response, fair.get_absolute_url())
        fair.refresh_from_db()
        self.assertEqual(
            (fair.reported_sales, fair.visitors, fair.deals), (1_200_000_000, 8000, 12)
        )
        self.assertTrue(Event.objects.filter(action="fair.results").exists())

    def test_negative_results_are_refused(self) -> None:
        fair = make_fair(starts_on=days(-5), ends_on=days(-3))
        self.login(self.office)
        response = self.client.post(
            reverse("market:fair_results", args=[fair.pk]), {"reported_sales": "-1"}
        )
        self.assertContains(response, "cannot be negative", status_code=400)


class FairRegistrationTestCase(BaseTestCase):
    def test_a_producer_registers_products_and_the_office_assigns_a_booth(self) -> None:
        fair = make_fair()
        self.login(self.producer)
        response = self.client.post(
            reverse("market:fair_register", args=[fair.pk]), {"products": [self.vase.pk]}
        )
        self.assertRedirects(response, fair.get_absolute_url())
        registration = FairRegistration.objects.get()
        self.login(self.office)
        self.client.post(
            reverse("market:registration_decide", args=[registration.pk]),
            {"status": "accepted", "booth": "A12"},
        )
        registration.refresh_from_db()
        self.assertEqual((registration.status, registration.booth), ("accepted", "A12"))
        public = self.client.get(fair.get_absolute_url())
        self.assertContains(public, "A12")
        self.assertContains(public, "Bình gốm men rạn")

    def test_a_producer_cannot_register_another_producers_product(self) -> None:
        fair = make_fair()
        self.login(self.producer)
        response = self.client.post(
            reverse("market:fair_register", args=[fair.pk]), {"products": [self.scarf.pk]}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(FairRegistration.objects.exists())

    def test_registration_closes_when_the_fair_starts(self) -> None:
        fair = make_fair(starts_on=days(0), ends_on=days(2))
        self.login(self.producer)
        response = self.client.post(
            reverse("market:fair_register", args=[fair.pk]), {"products": [self.vase.pk]}
        )
        self.assertContains(response, "Registration has closed", status_code=400)

    def test_a_producer_registers_only_once(self) -> None:
        fair = make_fair()
        FairRegistration.objects.create(fair=fair, producer=self.bat_trang_coop)
        self.login(self.producer)
        response = self.client.post(
            reverse("market:fair_register", args=[fair.pk]), {"products": [self.vase.pk]}
        )
        self.assertContains(response, "already registered for this fair", status_code=400)

    def test_a_booth_is_given_to_one_producer_only(self) -> None:
        fair = make_fair()
        FairRegistration.objects.create(
            fair=fair, producer=self.van_phuc_silk, booth="A1", status="accepted"
        )
        mine = FairRegistration.objects.create(fair=fair, producer=self.bat_trang_coop)
        with self.assertRaisesMessage(ValidationError, "Booth A1 is already assigned."):
            actions.registration_decide(
                actor=self.office, registration=mine, status="accepted", booth="A1"
            )

    def test_no_more_producers_are_accepted_than_there_are_booths(self) -> None:
        fair = make_fair(booths=1)
        FairRegistration.objects.create(
            fair=fair, producer=self.van_phuc_silk, booth="A1", status="accepted"
        )
        mine = FairRegistration.objects.create(fair=fair, producer=self.bat_trang_coop)
        with self.assertRaisesMessage(ValidationError, "All 1 booths of this fair are assigned."):
            actions.registration_decide(
                actor=self.office, registration=mine, status="accepted", booth="A2"
            )

    def test_a_booth_longer_than_the_record_holds_is_refused(self) -> None:
        mine = FairRegistration.objects.create(fair=make_fair(), producer=self.bat_trang_coop)
        with self.assertRaises(ValidationError) as refused:
            actions.registration_decide(
                actor=self.office, registration=mine, status="accepted", booth="A" * 21
            )
        self.assertEqual(list(refused.exception.message_dict), ["booth"])
        mine.refresh_from_db()
        self.assertEqual((mine.status, mine.booth), ("submitted", ""))

    def test_a_fair_in_a_commune_of_another_province_is_refused(self) -> None:
        elsewhere = Commune.objects.exclude(province=self.hanoi).first()
        fair = Fair(name="Hội chợ", venue="Nhà văn hóa", organiser="Sở", commune=elsewhere)
        fair.starts_on, fair.ends_on = days(30), days(32)
        with self.assertRaises(ValidationError) as refused:
            actions.fair_create(actor=self.office, fair=fair)
        self.assertEqual(list(refused.exception.message_dict), ["commune"])
        self.assertFalse(Fair.objects.exists())

    def test_every_registration_status_pair_is_allowed_or_refused_as_the_table_says(self) -> None:
        fair = make_fair(booths=0)
        for current in RegistrationStatus.values:
            for new in RegistrationStatus.values:
                FairRegistration.objects.all().delete()
                booth = "B1" if current == RegistrationStatus.ACCEPTED else ""
                reg = FairRegistration.objects.create(
                    fair=fair, producer=self.bat_trang_coop, status=current, booth=booth
                )
                events = Event.objects.count()
                if new in REGISTRATION_TRANSITIONS[current]:
                    actions.registration_decide(
                        actor=self.office, registration=reg, status=new, booth="B2"
                    )
                    reg.refresh_from_db()
                    self.assertEqual(reg.status, new)
                    self.assertEqual(Event.objects.count(), events + 1)
                else:
                    with self.assertRaisesMessage(ValidationError, "cannot become"):
                        actions.registration_decide(
                            actor=self.office, registration=reg, status=new, booth="B2"
                        )
                    reg.refresh_from_db()
                    self.assertEqual(reg.status, current)
                    self.assertEqual(Event.objects.count(), events)
