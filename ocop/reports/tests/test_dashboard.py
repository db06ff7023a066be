import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.registry.models import Product
from ocop.reports.indicators import Area
from ocop.reports.models import Comparison, Plan, Scope
from ocop.reports.progress import Status, plan_progress
from ocop.reports.tests.helpers import HistoryTestCase, add_target, decide, make_plan

URL = reverse("reports:dashboard")


class DashboardTestCase(HistoryTestCase):
    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = make_plan()
        add_target(cls.plan, "products_ranked", 2000, label="Ít nhất 2.000 sản phẩm")
        add_target(cls.plan, "new_certified", 1)
        add_target(cls.plan, "localities_with_design_centre", 1, scope=Scope.EACH_LEGACY_DISTRICT)

    def test_the_office_sees_progress_towards_each_target(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"on": "2023-12-31"})
        self.assertContains(response, "Ít nhất 2.000 sản phẩm")
        progress = response.context["board"].progress
        self.assertEqual(progress[0].value, 3)
        self.assertEqual(progress[0].status, Status.AT_RISK)
        self.assertEqual(progress[1].value, 1)
        self.assertEqual(progress[1].status, Status.MET)

    def test_each_figure_links_to_the_records_behind_it(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"on": "2023-12-31"})
        href = response.context["board"].progress[0].href
        self.assertIn("/reports/records/ranked/", href)
        listing = self.client.get(href)
        self.assertContains(listing, "3 records")
        self.assertContains(listing, "Bình gốm men rạn")

    def test_the_page_carries_chart_data_and_the_vendored_library(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"on": "2023-12-31"})
        self.assertContains(response, 'id="report-charts" type="application/json"')
        self.assertContains(response, "vendor/chart.js/chart.umd.min.js")
        self.assertContains(response, 'data-chart="years"')
        self.assertNotContains(response, "<script>")

    def test_a_day_with_no_data_shows_zeros_and_says_so(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"on": "2021-03-01"})
        self.assertContains(response, "No data for this day")
        self.assertEqual(response.context["board"].progress[0].value, 0)

    def test_a_malformed_day_falls_back_to_today_with_a_message(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"on": "31/12/2022"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "is not a date")

    def test_without_a_plan_the_office_is_told_to_add_one(self) -> None:
        self.plan.delete()
        self.login(self.office)
        response = self.client.get(URL)
        self.assertContains(response, "No plan yet.")
        self.assertContains(response, reverse("reports:plan_add"))

    def test_after_the_plans_last_year_the_figures_of_the_day_are_shown(self) -> None:
        plan = make_plan(name="Kế hoạch 2021–2022", start_year=2021, end_year=2022)
        self.login(self.office)
        response = self.client.get(URL, {"on": "2023-12-31", "plan": str(plan.pk)})
        certificates = response.context["tables"]["certificates"]
        self.assertEqual(certificates.rows[0][1].value, 2)  # the vase's and the scarf's
        years = response.context["charts"]["years"]
        self.assertEqual(years["labels"], ["2021", "2022"])
        self.assertEqual(years["series"][2]["values"], [0, 1])

    def test_the_forecast_method_is_explained(self) -> None:
        self.login(self.office)
        self.assertContains(self.client.get(URL), "least squares")


class OfficerDashboardTestCase(HistoryTestCase):
    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = make_plan()
        add_target(cls.plan, "products_ranked", 10)

    def test_an_officer_sees_only_their_communes(self) -> None:
        self.login(self.officer)
        response = self.client.get(URL, {"on": "2023-12-31"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["board"].progress[0].value, 1)
        self.assertContains(response, "Your communes")

    def test_an_officer_asking_for_another_commune_is_refused(self) -> None:
        self.login(self.officer)
        response = self.client.get(URL, {"commune": self.ha_dong.pk})
        self.assertEqual(response.status_code, 403)
        response = self.client.get(reverse("reports:records", args=["ranked"]), {"commune": "x"})
        self.assertEqual(response.status_code, 403)

    def test_an_officer_without_communes_sees_an_empty_state(self) -> None:
        self.officer.communes.clear()
        self.login(self.officer)
        response = self.client.get(URL)
        self.assertContains(response, "No commune is assigned to you yet")

    def test_the_office_may_look_at_one_commune(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"on": "2023-12-31", "commune": str(self.ha_dong.pk)})
        self.assertEqual(response.context["board"].progress[0].value, 2)

    def test_an_unknown_commune_gives_an_empty_state(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"commune": 999999})
        self.assertContains(response, "Unknown commune.")


class EachPlaceTargetTestCase(HistoryTestCase):
    def test_an_each_commune_target_counts_the_communes_that_meet_it(self) -> None:
        plan = make_plan()
        add_target(plan, "products_ranked", 1, scope=Scope.EACH_COMMUNE)
        progress = plan_progress(plan, datetime.date(2023, 12, 31), Area(1))[0]
        self.assertEqual(progress.value, 2)  # Bát Tràng and Hà Đông
        self.assertEqual(progress.places, 126)
        self.assertEqual(progress.status, Status.AT_RISK)

    def test_an_at_most_target_is_on_track_below_its_value(self) -> None:
        plan = make_plan()
        add_target(plan, "certificates_expired", 5, comparison=Comparison.AT_MOST)
        progress = plan_progress(plan, datetime.date(2024, 1, 1), Area(1))[0]
        self.assertEqual(progress.status, Status.ON_TRACK)


class QueryCountTestCase(HistoryTestCase):
    def test_the_dashboard_runs_the_same_number_of_queries_whatever_the_data_size(self) -> None:
        plan = make_plan()
        add_target(plan, "products_ranked", 2000)
        add_target(plan, "new_certified", 400)
        add_target(plan, "jobs_created", 5000)
        add_target(plan, "products_ranked", 1, scope=Scope.EACH_COMMUNE)
        self.login(self.office)
        params: dict[str, str] = {"on": "2025-12-31"}
        cache.clear()
        self.client.get(URL, params)  # warm the site-wide cache
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(URL, params).status_code, 200)
        for i in range(40):
            product = Product.objects.create(
                name=f"Sản phẩm {i}",
                producer=self.bat_trang_coop if i % 2 else self.van_phuc_silk,
                category=self.ceramics,
                province_of_origin=self.hanoi,
            )
            decide(
                product, datetime.date(2021 + i % 4, 7, 1 + i % 20), 3 + i % 3, code=f"HN-X-{i:05d}"
            )
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(URL, params)
        self.assertGreater(response.context["board"].progress[0].value, 40)
