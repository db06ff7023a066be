from django.urls import reverse

from ocop.audit.models import Event
from ocop.registry.models import Producer
from ocop.test import BaseTestCase


class ProducerFormTestCase(BaseTestCase):
    url = reverse("registry:producer_add")

    def valid(self, **overrides: object) -> dict[str, object]:
        data = {
            "kind": "household",
            "name": "Hộ kinh doanh Nguyễn Văn An",
            "tax_code": "",
            "business_registration_no": "01H8000123",
            "province": 1,
            "commune": self.bat_trang.pk,
            "address": "Thôn 3",
        }
        data.update(overrides)
        return data

    def test_it_lets_the_officer_register_a_producer_in_their_commune(self) -> None:
        self.login(self.officer)
        response = self.client.post(self.url, self.valid())
        producer = Producer.objects.get(name="Hộ kinh doanh Nguyễn Văn An")
        self.assertRedirects(response, producer.get_absolute_url())
        event = Event.objects.get(action="producer.create")
        self.assertEqual(event.actor, self.officer)
        self.assertEqual(event.after["name"], "Hộ kinh doanh Nguyễn Văn An")
        self.assertEqual(event.object_id, str(producer.pk))

    def test_it_refuses_a_malformed_tax_code_with_a_message_on_the_field(self) -> None:
        self.login(self.office)
        for bad in ["12345", "01012345678", "0101234567-1", "abcdefghij"]:
            response = self.client.post(self.url, self.valid(tax_code=bad))
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "10 digits")
        self.assertFalse(Producer.objects.filter(name="Hộ kinh doanh Nguyễn Văn An").exists())
        self.assertFalse(Event.objects.exists())

    def test_it_accepts_a_branch_tax_code(self) -> None:
        self.login(self.office)
        self.client.post(self.url, self.valid(kind="enterprise", tax_code="0101234567-001"))
        self.assertTrue(Producer.objects.filter(tax_code="0101234567-001").exists())

    def test_it_refuses_a_duplicate_tax_code(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url, self.valid(tax_code="0101234567"))
        self.assertContains(response, "already exists")
        self.assertEqual(Producer.objects.filter(tax_code="0101234567").count(), 1)

    def test_it_refuses_an_unknown_commune(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url, self.valid(commune=999999))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(Producer.objects.count(), 2)

    def test_it_refuses_a_commune_outside_the_chosen_province(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url, self.valid(province=79))
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(Producer.objects.count(), 2)

    def test_it_refuses_over_long_names(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url, self.valid(name="A" * 300))
        self.assertContains(response, "at most 255 characters")
        self.assertEqual(Producer.objects.count(), 2)

    def test_it_refuses_html_in_text_fields(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url, self.valid(name="<script>alert(1)</script>"))
        self.assertContains(response, "HTML tags are not allowed")
        self.assertEqual(Producer.objects.count(), 2)

    def test_it_needs_a_tax_code_or_a_registration_number(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url, self.valid(business_registration_no=""))
        self.assertContains(response, "Enter a tax code")
        self.assertEqual(Producer.objects.count(), 2)

    def test_a_producer_user_cannot_register_producers(self) -> None:
        self.login(self.producer)
        self.assertEqual(self.client.post(self.url, self.valid()).status_code, 403)
        self.assertEqual(Producer.objects.count(), 2)


class ProducerEditTestCase(BaseTestCase):
    def test_it_records_before_and_after_of_changed_fields(self) -> None:
        self.login(self.producer)
        url = reverse("registry:producer_edit", args=[self.bat_trang_coop.pk])
        response = self.client.post(
            url,
            {
                "kind": "cooperative",
                "name": "HTX gốm sứ Bát Tràng",
                "tax_code": "0101234567",
                "province": 1,
                "commune": self.bat_trang.pk,
                "workers": 25,
            },
        )
        self.assertEqual(response.status_code, 302)
        event = Event.objects.get(action="producer.update")
        self.assertEqual(event.before["name"], "Hợp tác xã gốm sứ Bát Tràng")
        self.assertEqual(event.after, {"name": "HTX gốm sứ Bát Tràng", "workers": 25})

    def test_a_producer_cannot_edit_another_producer(self) -> None:
        self.login(self.producer)
        url = reverse("registry:producer_edit", args=[self.van_phuc_silk.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_officer_cannot_edit_a_producer_outside_their_commune(self) -> None:
        self.login(self.officer)
        url = reverse("registry:producer_edit", args=[self.van_phuc_silk.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_deleting_asks_for_confirmation_first(self) -> None:
        self.login(self.office)
        url = reverse("registry:producer_delete", args=[self.van_phuc_silk.pk])
        response = self.client.get(url)
        self.assertContains(response, "Yes, delete")
        self.assertTrue(Producer.objects.filter(pk=self.van_phuc_silk.pk).exists())

    def test_a_producer_with_products_is_not_deleted(self) -> None:
        self.login(self.office)
        url = reverse("registry:producer_delete", args=[self.van_phuc_silk.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Remove this producer")
        self.assertTrue(Producer.objects.filter(pk=self.van_phuc_silk.pk).exists())
        self.assertFalse(Event.objects.filter(action="producer.delete").exists())


class ProducerListTestCase(BaseTestCase):
    url = reverse("registry:producers")

    def test_the_officer_sees_only_producers_of_their_commune(self) -> None:
        self.login(self.officer)
        response = self.client.get(self.url)
        self.assertContains(response, "Hợp tác xã gốm sứ Bát Tràng")
        self.assertNotContains(response, "Công ty TNHH lụa Vạn Phúc")

    def test_the_office_finds_producers_without_accents(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url, {"q": "lua van phuc"})
        self.assertContains(response, "Công ty TNHH lụa Vạn Phúc")
        self.assertNotContains(response, "Hợp tác xã gốm sứ Bát Tràng")

    def test_an_out_of_range_page_shows_the_last_page(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url, {"page": "9999"})
        self.assertEqual(response.status_code, 200)
        response = self.client.get(self.url, {"page": "abc"})
        self.assertEqual(response.status_code, 200)

    def test_no_match_says_what_to_try(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url, {"q": "zzzz"})
        self.assertContains(response, "No producer matches")

    def test_htmx_requests_get_only_the_results(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url, {"q": "gom"}, headers={"HX-Request": "true"})
        self.assertContains(response, 'id="results"')
        self.assertNotContains(response, "<html")
