"""The evaluation pages read naturally in Vietnamese (the default) as well as in English."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse

from ocop.accounts.models import User
from ocop.evaluation import actions
from ocop.evaluation.tests.helpers import scene, score_everything
from ocop.test import BaseTestCase, EnglishClient


def heading(page: str) -> str:
    """The page's first heading as a reader sees it, without its link to the guide."""
    match = re.search(r"<h1>(.*?)</h1>", page, re.DOTALL)
    assert match is not None
    text = re.sub(r'<a class="helplink".*?</a>', " ", match[1], flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


class WordingTestCase(BaseTestCase):
    def page(self, user: User, url: str, *, english: bool = False) -> str:
        browser = EnglishClient() if english else Client()
        browser.force_login(user)
        response = browser.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class HeadingTestCase(WordingTestCase):
    def test_the_evaluation_heading_says_its_vietnamese_term_once(self) -> None:
        url = reverse("evaluation:home")
        self.assertEqual(heading(self.page(self.member, url)), "Đánh giá, phân hạng")
        self.assertEqual(
            heading(self.page(self.member, url, english=True)),
            "Evaluation and classification đánh giá, phân hạng",
        )

    def test_the_scoring_sheet_heading_says_its_vietnamese_term_once(self) -> None:
        dossier = scene(self).dossier
        url = reverse("evaluation:score", args=[dossier.pk])
        product = "Bình gốm men rạn Hợp tác xã gốm sứ Bát Tràng"
        self.assertEqual(heading(self.page(self.member, url)), f"Phiếu chấm điểm {product}")
        self.assertEqual(
            heading(self.page(self.member, url, english=True)),
            f"Scoring sheet phiếu chấm điểm {product}",
        )

    def test_the_registration_form_heading_says_its_vietnamese_term_once(self) -> None:
        url = reverse("evaluation:dossier_edit", args=[scene(self).dossier.pk])
        self.assertEqual(heading(self.page(self.producer, url)), "Phiếu đăng ký")
        self.assertEqual(
            heading(self.page(self.producer, url, english=True)), "Registration form phiếu đăng ký"
        )


class NumbersAndLevelsTestCase(WordingTestCase):
    def test_the_round_names_who_certifies_in_the_pages_language(self) -> None:
        url = reverse("evaluation:round", args=[scene(self).round.pk])
        self.assertIn(
            "3★: Tỉnh/thành phố · 4★: Tỉnh/thành phố · 5★: Trung ương", self.page(self.office, url)
        )
        self.assertIn(
            "3★: Province · 4★: Province · 5★: National", self.page(self.office, url, english=True)
        )

    def test_an_empty_scoring_sheet_totals_zero_with_a_decimal_comma(self) -> None:
        dossier = scene(self).dossier
        actions.conflict_declare(actor=self.member, dossier=dossier, has_conflict=False)
        url = reverse("evaluation:score", args=[dossier.pk])
        self.assertIn("Tổng điểm: 0,00</strong>", self.page(self.member, url))
        self.assertIn("Total: 0.00</strong>", self.page(self.member, url, english=True))

    def test_deviations_between_members_use_a_decimal_comma(self) -> None:
        s = scene(self)
        for member, pick in [(self.member, "top"), (s.chair, "low")]:
            score_everything(s.dossier, member, pick)
            actions.sheet_submit(actor=member, dossier=s.dossier)
        page = self.page(self.secretary, reverse("evaluation:consistency", args=[s.round.pk]))
        self.assertIn("(+73,00)", page)
        self.assertIn("(-73,00)", page)
