import random

from ocop.registry.models import Producer
from ocop.reports import demo
from ocop.reports.models import Plan, ProducerReport
from ocop.test import BaseTestCase


class DemoTestCase(BaseTestCase):
    def test_it_loads_hanoi_2021_2025_targets_that_pass_validation(self) -> None:
        Producer.objects.update(is_sample=True)
        plans, targets, reports = demo.build(random.Random(2025))
        self.assertEqual(targets, 9)
        self.assertEqual(plans, 2)
        plan = Plan.objects.get(name="Hanoi OCOP 2021–2025")
        self.assertEqual(
            [(t.indicator, int(t.value), t.scope) for t in plan.targets.all()],
            [
                ("products_ranked", 2000, "city"),
                ("new_certified", 400, "city"),
                ("localities_with_design_centre", 1, "legacy_district"),
                ("malls_supermarkets_selling_ocop", 100, "city"),
                ("producers_in_modern_channels", 50, "city"),
                ("jobs_created", 5000, "city"),
            ],
        )
        for target in plan.targets.all():
            target.full_clean()
        self.assertTrue(Plan.objects.get(name="Hanoi OCOP 2026–2030").targets.exists())
        self.assertEqual(ProducerReport.objects.filter(is_sample=True).count(), reports)
        self.assertGreater(reports, 0)
