from django.urls import reverse

from ocop.audit.models import Event
from ocop.reports.models import Plan, Target
from ocop.reports.tests.helpers import add_target, make_plan
from ocop.test import BaseTestCase


class PlanFormTestCase(BaseTestCase):
    url = reverse("reports:plan_add")

    def test_the_office_adds_a_plan_and_the_event_is_logged(self) -> None:
        self.login(self.office)
        response = self.client.post(
            self.url,
            {"name": "Hanoi OCOP 2026–2030", "start_year": 2026, "end_year": 2030, "province": 1},
        )
        plan = Plan.objects.get(name="Hanoi OCOP 2026–2030")
        self.assertRedirects(response, plan.get_absolute_url())
        event = Event.objects.get(action="plan.create")
        self.assertEqual(event.actor, self.office)
        self.assertEqual(event.after["end_year"], 2030)

    def test_a_period_ending_before_it_starts_is_refused(self) -> None:
        self.login(self.office)
        response = self.client.post(
            self.url, {"name": "Backwards", "start_year": 2025, "end_year": 2021, "province": 1}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The period cannot end before it starts")
        self.assertFalse(Plan.objects.exists())
        self.assertFalse(Event.objects.exists())

    def test_the_office_edits_a_plan_and_only_the_change_is_logged(self) -> None:
        plan = make_plan()
        self.login(self.office)
        self.client.post(
            reverse("reports:plan_edit", args=[plan.pk]),
            {"name": plan.name, "start_year": 2021, "end_year": 2026, "province": 1},
        )
        event = Event.objects.get(action="plan.update")
        self.assertEqual((event.before, event.after), ({"end_year": 2025}, {"end_year": 2026}))

    def test_an_officer_cannot_add_a_plan(self) -> None:
        self.login(self.officer)
        self.assertEqual(self.client.get(self.url).status_code, 403)


class TargetFormTestCase(BaseTestCase):
    plan: Plan
    url: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = make_plan()
        cls.url = reverse("reports:target_add", args=[cls.plan.pk])

    def post(self, **overrides: object):
        data = {
            "indicator": "products_ranked",
            "label": "",
            "value": "2000",
            "comparison": "at_least",
            "scope": "city",
            "position": 1,
        }
        data.update(overrides)
        self.login(self.office)
        return self.client.post(self.url, data)

    def test_the_office_adds_a_target(self) -> None:
        response = self.post()
        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertEqual(self.plan.targets.get().indicator, "products_ranked")
        self.assertTrue(Event.objects.filter(action="target.create").exists())

    def test_a_target_without_an_indicator_is_refused(self) -> None:
        response = self.post(indicator="")
        self.assertContains(response, "Choose the indicator that measures this target.")
        self.assertFalse(Target.objects.exists())

    def test_an_unknown_indicator_is_refused(self) -> None:
        response = self.post(indicator="made_up")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Target.objects.exists())

    def test_a_share_needs_a_percentage_indicator(self) -> None:
        response = self.post(comparison="share", value="50")
        self.assertContains(response, "A share target needs an indicator measured in per cent.")
        response = self.post(indicator="producers_in_modern_channels", comparison="at_least")
        self.assertContains(response, "This indicator is a percentage")
        response = self.post(
            indicator="producers_in_modern_channels", comparison="share", value="150"
        )
        self.assertContains(response, "A share cannot be more than 100%.")
        self.assertFalse(Target.objects.exists())

    def test_a_negative_target_is_refused(self) -> None:
        response = self.post(value="-5")
        self.assertContains(response, "greater than or equal to 0")

    def test_an_indicator_without_places_cannot_target_each_commune(self) -> None:
        response = self.post(indicator="revenue_reported", scope="commune")
        self.assertContains(response, "cannot be broken down by place")

    def test_the_office_removes_a_target_and_it_is_logged(self) -> None:
        target = add_target(self.plan, "products_ranked", 10)
        self.login(self.office)
        response = self.client.post(reverse("reports:target_delete", args=[target.pk]))
        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertFalse(Target.objects.exists())
        self.assertEqual(
            Event.objects.get(action="target.delete").before["indicator"], "products_ranked"
        )

    def test_the_plan_page_lists_its_targets(self) -> None:
        add_target(self.plan, "new_certified", 400, label="400 sản phẩm mới mỗi năm")
        self.login(self.officer)
        response = self.client.get(self.plan.get_absolute_url())
        self.assertContains(response, "400 sản phẩm mới mỗi năm")
        self.assertNotContains(response, reverse("reports:target_add", args=[self.plan.pk]))
