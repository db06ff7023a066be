import datetime
import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from ocop.audit.models import Event
from ocop.market import actions
from ocop.market.models import SHOWROOM_TRANSITIONS, Showroom, ShowroomKind, ShowroomStatus
from ocop.market.tests import factories
from ocop.places.models import Commune
from ocop.test import BaseTestCase

D = datetime.date


class ShowroomPagesTestCase(BaseTestCase):
    def form_data(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "name": "Cửa hàng OCOP 202 Hồ Tùng Mậu",
            "kind": ShowroomKind.SHOWROOM,
            "status": ShowroomStatus.OPEN,
            "address": "202 Hồ Tùng Mậu",
            "commune": self.ha_dong.pk,
            "operator_name": "Công ty CP Đầu tư và Phát triển Nông nghiệp Hà Nội",
            "operators": [self.operator.pk],
            "area_m2": "100",
            "opened_on": "2020-12-01",
            "latitude": "21.0393",
            "longitude": "105.7712",
        }
        data.update(changes)
        return data

    def test_the_office_registers_an_open_showroom_with_its_operator(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("market:showroom_add"), self.form_data())
        showroom = Showroom.objects.get()
        self.assertRedirects(response, showroom.get_absolute_url())
        self.assertEqual(showroom.status, ShowroomStatus.OPEN)
        self.assertEqual(list(showroom.operators.all()), [self.operator])
        self.assertTrue(Event.objects.filter(action="showroom.create").exists())
        self.assertTrue(Event.objects.filter(action="showroom.operators").exists())

    def test_an_open_showroom_needs_its_opening_date(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("market:showroom_add"), self.form_data(opened_on=""))
        self.assertContains(response, "Enter the date this showroom opened.")
        self.assertFalse(Showroom.objects.exists())

    def test_closing_before_opening_is_refused_and_nothing_is_saved(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("market:showroom_add"),
            self.form_data(status=ShowroomStatus.CLOSED, closed_on="2019-01-01"),
        )
        self.assertContains(response, "The closing date is before the opening date.")
        self.assertFalse(Showroom.objects.exists())

    def test_an_operator_edits_their_own_showroom(self) -> None:
        room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.login(self.operator)
        data = self.form_data(commune=self.bat_trang.pk, opening_hours="8:00–21:00")
        response = self.client.post(reverse("market:showroom_edit", args=[room.pk]), data)
        self.assertRedirects(response, room.get_absolute_url())
        room.refresh_from_db()
        self.assertEqual(room.opening_hours, "8:00–21:00")
        self.assertEqual(list(room.operators.all()), [self.operator])  # not theirs to change

    def test_an_operator_cannot_edit_another_operators_showroom(self) -> None:
        other = self.make_user("other_operator", "operator")
        room = factories.showroom(self.bat_trang, operators=[other])
        self.login(self.operator)
        url = reverse("market:showroom_edit", args=[room.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(url, self.form_data(name="Hijacked"))
        self.assertEqual(response.status_code, 403)
        room.refresh_from_db()
        self.assertEqual(room.name, "Điểm OCOP Hồ Tùng Mậu")

    def test_an_operator_sees_only_their_own_showrooms(self) -> None:
        factories.showroom(self.bat_trang, name="Của tôi", operators=[self.operator])
        factories.showroom(self.ha_dong, name="Của người khác")
        self.login(self.operator)
        response = self.client.get(reverse("market:showrooms"))
        self.assertContains(response, "Của tôi")
        self.assertNotContains(response, "Của người khác")

    def test_an_officer_sees_the_showrooms_of_their_commune(self) -> None:
        factories.showroom(self.bat_trang, name="Bát Tràng showroom")
        other = factories.showroom(self.ha_dong, name="Hà Đông showroom")
        self.login(self.officer)
        response = self.client.get(reverse("market:showrooms"))
        self.assertContains(response, "Bát Tràng showroom")
        self.assertNotContains(response, "Hà Đông showroom")
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 403)

    def test_the_list_filters_by_type_and_search(self) -> None:
        factories.showroom(
            self.bat_trang, name="Trung tâm Gia Lâm", kind=ShowroomKind.DESIGN_CENTRE
        )
        factories.showroom(self.bat_trang, name="Quầy AEON", kind=ShowroomKind.MALL_BOOTH)
        self.login(self.office)
        response = self.client.get(reverse("market:showrooms"), {"kind": "design_centre"})
        self.assertContains(response, "Trung tâm Gia Lâm")
        self.assertNotContains(response, "Quầy AEON")
        response = self.client.get(reverse("market:showrooms"), {"q": "quay aeon"})
        self.assertContains(response, "Quầy AEON")

    def test_the_list_is_an_htmx_fragment_when_asked(self) -> None:
        factories.showroom(self.bat_trang)
        self.login(self.office)
        response = self.client.get(reverse("market:showrooms"), HTTP_HX_REQUEST="true")
        self.assertContains(response, 'id="results"')
        self.assertNotContains(response, "<html")

    def test_the_empty_list_tells_an_operator_what_to_do(self) -> None:
        self.login(self.operator)
        response = self.client.get(reverse("market:showrooms"))
        self.assertContains(response, "Ask the city OCOP office to add you as an operator.")

    def test_the_detail_page_offers_directions(self) -> None:
        room = factories.showroom(self.bat_trang, latitude="20.975", longitude="105.912")
        self.login(self.office)
        response = self.client.get(room.get_absolute_url())
        self.assertContains(
            response, "https://www.google.com/maps/dir/?api=1&amp;destination=20.975"
        )
        self.assertContains(response, "geo:20.975")


class ShowroomStatusTestCase(BaseTestCase):
    def test_every_status_pair_is_allowed_or_refused_as_the_table_says(self) -> None:
        for current in ShowroomStatus.values:
            for new in ShowroomStatus.values:
                room = factories.showroom(self.bat_trang, status=current)
                events = Event.objects.count()
                if new in SHOWROOM_TRANSITIONS[current]:
                    actions.showroom_set_status(
                        actor=self.office, showroom=room, status=new, on=D(2025, 1, 1)
                    )
                    room.refresh_from_db()
                    self.assertEqual(room.status, new)
                    self.assertEqual(Event.objects.count(), events + 1)
                else:
                    with self.assertRaisesMessage(Exception, "cannot become"):
                        actions.showroom_set_status(
                            actor=self.office, showroom=room, status=new, on=D(2025, 1, 1)
                        )
                    room.refresh_from_db()
                    self.assertEqual(room.status, current)
                    self.assertEqual(Event.objects.count(), events)

    def test_opening_a_planned_showroom_sets_its_opening_date(self) -> None:
        room = factories.showroom(self.bat_trang, status=ShowroomStatus.PLANNED, opened_on=None)
        self.login(self.office)
        response = self.client.post(
            reverse("market:showroom_status", args=[room.pk]),
            {"status": "open", "on": "2025-03-08"},
        )
        self.assertRedirects(response, room.get_absolute_url())
        room.refresh_from_db()
        self.assertEqual((room.status, room.opened_on), ("open", D(2025, 3, 8)))

    def test_closing_before_the_opening_date_is_refused(self) -> None:
        room = factories.showroom(self.bat_trang, opened_on=D(2022, 5, 1))
        self.login(self.office)
        response = self.client.post(
            reverse("market:showroom_status", args=[room.pk]),
            {"status": "closed", "on": "2021-01-01"},
            follow=True,
        )
        self.assertContains(response, "The closing date is before the opening date.")
        room.refresh_from_db()
        self.assertEqual(room.status, "open")


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="PNG")
    return SimpleUploadedFile("shop.png", out.getvalue(), content_type="image/png")


class ShowroomActionTestCase(BaseTestCase):
    """Checks the forms made that every caller (API, imports) now meets in the action."""

    def test_a_deactivated_operator_account_is_refused(self) -> None:
        self.operator.is_active = False
        self.operator.save()
        room = Showroom(name="Điểm OCOP", kind=ShowroomKind.SHOWROOM, address="1 Phố Huế")
        room.commune = self.bat_trang
        with self.assertRaisesMessage(ValidationError, "These accounts are deactivated: operator."):
            actions.showroom_create(actor=self.office, showroom=room, operators=[self.operator])
        self.assertFalse(Showroom.objects.exists())

    def test_a_commune_of_another_province_is_refused(self) -> None:
        room = factories.showroom(self.bat_trang)
        room.commune = Commune.objects.exclude(province=self.hanoi).earliest("pk")
        with self.assertRaises(ValidationError) as refused:
            actions.showroom_update(actor=self.office, showroom=room)
        self.assertEqual(list(refused.exception.message_dict), ["commune"])
        room.refresh_from_db()
        self.assertEqual(room.commune, self.bat_trang)


class ShowroomPhotoTestCase(BaseTestCase):
    def test_an_operator_adds_a_photo_that_anyone_can_view(self) -> None:
        import tempfile

        room = factories.showroom(self.bat_trang, operators=[self.operator])
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            self.login(self.operator)
            self.client.post(reverse("market:showroom_photos", args=[room.pk]), {"image": png()})
            photo = room.photos.get()
            self.client.logout()
            response = self.client.get(photo.get_absolute_url())
            self.assertEqual(response.status_code, 200)
            response.close()

    def test_a_file_that_is_not_an_image_is_refused(self) -> None:
        room = factories.showroom(self.bat_trang, operators=[self.operator])
        self.login(self.operator)
        bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
        response = self.client.post(
            reverse("market:showroom_photos", args=[room.pk]), {"image": bad}, follow=True
        )
        self.assertContains(response, "not a readable JPEG, PNG or WebP image")
        self.assertFalse(room.photos.exists())
