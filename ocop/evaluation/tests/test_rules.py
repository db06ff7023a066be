"""Eras and scoring sheets as data: loaded from files, points add up, frozen sets version."""

import datetime
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase

from ocop.audit.models import Event
from ocop.evaluation import actions
from ocop.evaluation.loading import CRITERIA_DIR, load_criteria, points_problems, read_criteria_file
from ocop.evaluation.models import CriteriaSet, Era, Level
from ocop.evaluation.tests.helpers import sample_set
from ocop.registry.models import Product
from ocop.test import BaseTestCase


class EraTestCase(TestCase):
    def test_the_three_eras_are_loaded_with_who_certifies_what(self) -> None:
        eras = {e.code: e for e in Era.objects.select_related("taxonomy")}
        self.assertEqual(set(eras), {"1048/2019", "148/2023", "1489/2025"})
        old, mid, new = eras["1048/2019"], eras["148/2023"], eras["1489/2025"]
        self.assertEqual(old.certifying_levels, {"3": "province", "4": "province", "5": "national"})
        self.assertEqual(mid.certifying_levels, {"3": "district", "4": "province", "5": "national"})
        self.assertEqual(new.certifying_levels, {"3": "province", "4": "province", "5": "national"})
        self.assertEqual((old.preliminary_level, mid.preliminary_level), ("district", ""))
        self.assertEqual(new.preliminary_level, "commune")
        self.assertEqual(old.valid_until, datetime.date(2023, 2, 23))
        self.assertEqual(mid.valid_from, datetime.date(2023, 2, 24))
        self.assertEqual(mid.valid_until, datetime.date(2025, 7, 5))
        self.assertEqual(new.valid_from, datetime.date(2025, 7, 6))
        self.assertEqual(new.taxonomy.code, "148/2023")

    def test_eras_follow_each_other_without_gap(self) -> None:
        eras = list(Era.objects.order_by("valid_from"))
        for before, after in itertools.pairwise(eras):
            assert before.valid_until is not None
            self.assertEqual(before.valid_until + datetime.timedelta(days=1), after.valid_from)


class ShippedSheetsTestCase(TestCase):
    def test_every_shipped_file_with_criteria_adds_up_to_its_parts_and_100(self) -> None:
        files = sorted(CRITERIA_DIR.glob("*.toml"))
        self.assertGreater(len(files), 10)
        checked = 0
        for path in files:
            data = read_criteria_file(path)
            self.assertEqual(points_problems(data), [], path.name)
            checked += bool(data.get("criteria"))
        self.assertGreaterEqual(checked, 2)

    def test_every_loaded_set_adds_up_in_the_database_too(self) -> None:
        for criteria_set in CriteriaSet.objects.all():
            self.assertEqual(criteria_set.points_problems(), [], criteria_set.code)

    def test_not_found_placeholders_have_no_criteria_and_cannot_be_scored(self) -> None:
        placeholders = CriteriaSet.objects.filter(status=CriteriaSet.Status.NOT_FOUND)
        self.assertEqual(placeholders.count(), 12)
        for placeholder in placeholders:
            self.assertFalse(placeholder.criteria.exists())
            self.assertFalse(placeholder.can_be_scored)

    def test_the_sample_sheet_says_it_is_not_official(self) -> None:
        sheet = sample_set()
        self.assertEqual(sheet.status, CriteriaSet.Status.SAMPLE)
        self.assertIn("không chính thức", sheet.name_vi)
        self.assertIn("ILLUSTRATIVE, NOT OFFICIAL", sheet.notes)
        text = (CRITERIA_DIR / "sample-148-2023.toml").read_text()
        self.assertTrue(text.startswith("# ILLUSTRATIVE SAMPLE SHEET — NOT THE OFFICIAL ANNEX"))
        parts = {p.code: p.max_points for p in sheet.parts.all()}
        self.assertEqual(parts, {"A": Decimal(40), "B": Decimal(25), "C": Decimal(35)})

    def test_the_1048_fresh_produce_sheet_is_linked_to_its_subgroup(self) -> None:
        sheet = CriteriaSet.objects.get(code="1048-2019-1.1.a")
        self.assertEqual(sheet.criteria.count(), 31)
        self.assertEqual(
            list(sheet.categories.values_list("taxonomy__code", "code")), [("1048/2019", "1.1.a")]
        )

    def test_a_file_whose_points_do_not_add_up_is_reported(self) -> None:
        data = read_criteria_file(CRITERIA_DIR / "sample-148-2023.toml")
        data["criteria"][0]["max_points"] = 9
        problems = points_problems(data)
        self.assertIn("criterion A1: highest level 8 != 9", problems)
        self.assertIn("part A: criteria add up to 41, not 40", problems)


class LoaderTestCase(BaseTestCase):
    def test_loading_again_changes_nothing(self) -> None:
        before = CriteriaSet.objects.count(), Level.objects.count()
        report = load_criteria(apps)
        self.assertEqual(report.created, [])
        self.assertEqual(report.updated, [])
        self.assertEqual(report.refused, [])
        self.assertEqual((CriteriaSet.objects.count(), Level.objects.count()), before)

    def test_the_command_reports_what_it_loaded(self) -> None:
        from io import StringIO

        out = StringIO()
        call_command("load_criteria", stdout=out)
        self.assertIn("3 eras; criteria sets: 0 created, 0 updated, 14 unchanged", out.getvalue())

    def test_a_changed_file_of_a_frozen_set_is_refused_and_must_raise_its_version(self) -> None:
        actions.criteria_set_freeze(actor=self.office, criteria_set=sample_set())
        folder = Path(self.enterContext(_tempdir()))
        text = (CRITERIA_DIR / "sample-148-2023.toml").read_text()
        (folder / "s.toml").write_text(text.replace("points = 8\n", "points = 7\n", 1))
        report = load_criteria(apps, folder)
        self.assertEqual(report.refused, ["sample-148-2023 v1"])
        self.assertEqual(sample_set().criteria.get(code="A1").levels.count(), 4)
        (folder / "s.toml").write_text(
            text.replace("version = 1", "version = 2").replace("points = 8\n", "points = 7\n", 1)
        )
        self.assertEqual(load_criteria(apps, folder).created, ["sample-148-2023 v2"])

    def test_an_unfrozen_set_is_rebuilt_from_its_changed_file(self) -> None:
        folder = Path(self.enterContext(_tempdir()))
        text = (CRITERIA_DIR / "sample-148-2023.toml").read_text()
        (folder / "s.toml").write_text(
            text.replace('label_en = "Uniqueness"', 'label_en = "Unique"')
        )
        self.assertEqual(load_criteria(apps, folder).updated, ["sample-148-2023 v1"])
        self.assertEqual(sample_set().criteria.get(code="C3").label_en, "Unique")

    def test_a_new_version_is_an_editable_copy_with_the_same_points(self) -> None:
        original = sample_set()
        actions.criteria_set_freeze(actor=self.office, criteria_set=original)
        copy = actions.criteria_set_new_version(actor=self.office, criteria_set=original)
        self.assertEqual((copy.code, copy.version, copy.frozen), (original.code, 2, False))
        self.assertEqual(copy.criteria.count(), original.criteria.count())
        self.assertEqual(
            Level.objects.filter(criterion__criteria_set=copy).count(),
            Level.objects.filter(criterion__criteria_set=original).count(),
        )
        self.assertEqual(copy.points_problems(), [])
        self.assertTrue(Event.objects.filter(action="criteria_set.new_version").exists())
        self.assertTrue(Event.objects.filter(action="criteria_set.freeze").exists())


class SheetChoiceTestCase(BaseTestCase):
    def test_148_and_1489_products_get_the_sample_while_the_official_sheets_are_missing(
        self,
    ) -> None:
        for code in ("148/2023", "1489/2025"):
            era = Era.objects.get(code=code)
            self.assertEqual(actions.sheet_for(product=self.vase, era=era), sample_set())

    def test_an_official_or_partial_sheet_wins_over_the_sample(self) -> None:
        fresh = Product.objects.create(
            name="Rau cải",
            producer=self.bat_trang_coop,
            category=apps.get_model("registry", "ProductCategory").objects.get(
                taxonomy__code="1048/2019", code="1.1.a"
            ),
            province_of_origin=self.hanoi,
        )
        era = Era.objects.get(code="1048/2019")
        sheet = actions.sheet_for(product=fresh, era=era)
        self.assertEqual(sheet.code if sheet else None, "1048-2019-1.1.a")

    def test_a_group_with_only_a_placeholder_has_no_sheet(self) -> None:
        herbs = apps.get_model("registry", "ProductCategory").objects.get(
            taxonomy__code="1048/2019", code="3"
        )
        tea = Product.objects.create(
            name="Trà", producer=self.bat_trang_coop, category=herbs, province_of_origin=self.hanoi
        )
        self.assertIsNone(actions.sheet_for(product=tea, era=Era.objects.get(code="1048/2019")))


def _tempdir() -> Any:
    import tempfile

    return tempfile.TemporaryDirectory()
