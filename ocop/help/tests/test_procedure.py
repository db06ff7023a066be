"""The procedure guide shows the values of the rules the platform applies (never typed twice)."""

from django.urls import reverse
from django.utils import translation

from ocop.certification.actions.notices import THRESHOLDS
from ocop.certification.models import VALIDITY_MONTHS
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.classification import LOWEST_CERTIFIED, STAR_BOUNDS
from ocop.evaluation.models import Era, RoundLevel
from ocop.help.procedure import era_in_force, product_groups, scoring_parts, star_rows
from ocop.test import BaseTestCase


class ProcedureGuideTestCase(BaseTestCase):
    def page(self, lang: str) -> str:
        response = self.client.get(reverse("help:guide", args=[lang, "procedure"]))
        self.assertEqual(response.status_code, 200)
        return " ".join(response.content.decode().split(" ")).replace("\n", " ")

    def test_it_shows_every_star_bound_from_the_classification(self) -> None:
        html = self.page("en")
        for bound, stars in STAR_BOUNDS:
            self.assertIn(f"from {bound.normalize():f}", html)
            self.assertIn(f"{stars}★", html)
        self.assertIn(f"Only products of {LOWEST_CERTIFIED}★ and above", html)
        self.assertEqual([r[2] for r in star_rows()], [5, 4, 3, 2, 1])

    def test_it_says_who_certifies_each_class_in_every_era(self) -> None:
        html = self.page("en")
        with translation.override("en"):
            for era in Era.objects.all():
                self.assertIn(era.name, html)
                for stars in (3, 4, 5):
                    self.assertIn(str(RoundLevel(era.certifier_of(stars)).label), html)
        in_force = era_in_force()
        assert in_force is not None
        self.assertIn(f"Rules in force now: <strong>{in_force.name}</strong>", html)

    def test_it_lists_each_product_groups_evidence_from_the_checklist(self) -> None:
        html = self.page("en")
        groups = product_groups()
        self.assertEqual(len(groups), 6)
        with translation.override("en"):
            for group in groups:
                self.assertIn(f'id="needs-{group.code}"', html)
                for item in checklist_for(group.code):
                    self.assertIn(str(item.label), html)
        section = html.split('id="needs-4"')[1].split('id="needs-5"')[0]
        self.assertNotIn("Food-safety certificate", section)  # crafts are not eaten

    def test_it_shows_the_scoring_parts_and_the_validity(self) -> None:
        html = self.page("en")
        for code, name, points in scoring_parts("en"):
            self.assertIn(f"<td>{code}</td> <td>{name}</td> <td>{points.normalize():f}</td>", html)
        self.assertEqual(sum(p for _, _, p in scoring_parts("en")), 100)
        self.assertIn(f"valid <em>{VALIDITY_MONTHS} months</em>", html)
        self.assertIn(" and ".join(str(d) for d in sorted(THRESHOLDS, reverse=True)), html)

    def test_the_vietnamese_procedure_is_in_vietnamese_with_the_same_values(self) -> None:
        html = self.page("vi")
        self.assertIn("Chu trình OCOP 6 bước", html)
        self.assertIn(f"hiệu lực <em>{VALIDITY_MONTHS} tháng</em>", html)
        with translation.override("vi"):
            self.assertIn(str(checklist_for("1")[1].label), html)
        self.assertIn("<td>từ 70 đến dưới 90</td> <td>4★</td>", html)
