from django.urls import reverse

from ocop.audit.models import Event
from ocop.reports.models import ProducerReport
from ocop.test import BaseTestCase

URL = reverse("reports:producer_report_add")


class ProducerReportTestCase(BaseTestCase):
    def data(self, **overrides: object) -> dict[str, object]:
        data: dict[str, object] = {
            "producer": self.bat_trang_coop.pk,
            "year": 2024,
            "workers": 25,
            "revenue": 3_500_000_000,
            "jobs_created": 4,
        }
        data.update(overrides)
        return data

    def test_a_producer_files_its_yearly_report(self) -> None:
        self.login(self.producer)
        response = self.client.post(URL, self.data())
        self.assertRedirects(response, reverse("reports:producer_reports"))
        report = ProducerReport.objects.get()
        self.assertEqual((report.year, report.jobs_created), (2024, 4))
        self.assertEqual(Event.objects.get(action="producer_report.create").actor, self.producer)

    def test_a_second_report_for_the_same_year_is_refused(self) -> None:
        ProducerReport.objects.create(
            producer=self.bat_trang_coop, year=2024, workers=1, revenue=1, jobs_created=0
        )
        self.login(self.office)
        response = self.client.post(URL, self.data())
        self.assertContains(response, "already exists")
        self.assertEqual(ProducerReport.objects.count(), 1)

    def test_a_report_for_a_future_year_is_refused(self) -> None:
        self.login(self.office)
        response = self.client.post(URL, self.data(year=2099))
        self.assertContains(response, "cannot be for a future year")

    def test_a_producer_cannot_report_for_another_producer(self) -> None:
        self.login(self.other_producer)
        response = self.client.post(URL, self.data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(ProducerReport.objects.exists())

    def test_a_producer_cannot_edit_another_producers_report(self) -> None:
        report = ProducerReport.objects.create(
            producer=self.bat_trang_coop, year=2023, workers=1, revenue=1, jobs_created=0
        )
        self.login(self.other_producer)
        url = reverse("reports:producer_report_edit", args=[report.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_list_shows_only_reports_in_scope(self) -> None:
        for producer in (self.bat_trang_coop, self.van_phuc_silk):
            ProducerReport.objects.create(
                producer=producer, year=2023, workers=1, revenue=1, jobs_created=0
            )
        self.login(self.officer)
        response = self.client.get(reverse("reports:producer_reports"))
        self.assertContains(response, self.bat_trang_coop.name)
        self.assertNotContains(response, self.van_phuc_silk.name)
