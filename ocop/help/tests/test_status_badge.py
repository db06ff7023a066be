from django.template import Context, Template
from django.urls import reverse

from ocop.certification.models import CertificateStatus
from ocop.evaluation.models import DossierStatus
from ocop.evaluation.tests.helpers import scene
from ocop.help.statuses import MEANINGS
from ocop.market.models import ShowroomStatus
from ocop.test import BaseTestCase


class StatusBadgeTestCase(BaseTestCase):
    def render(self, kind: str, status: str) -> str:
        template = Template("{% load help %}{% status_badge kind status %}")
        return template.render(Context({"kind": kind, "status": status}))

    def test_every_status_says_what_it_means_and_who_acts_next(self) -> None:
        for kind, choices in [
            ("dossier", DossierStatus),
            ("certificate", CertificateStatus),
            ("showroom", ShowroomStatus),
        ]:
            self.assertEqual(set(MEANINGS[kind][1]), set(choices.values), kind)

    def test_the_badge_explains_itself_on_hover_tap_and_to_screen_readers(self) -> None:
        html = self.render("dossier", "submitted")
        self.assertIn('title="Sent to the commune; it can no longer be changed.', html)
        self.assertIn('popovertarget="status-', html)
        self.assertIn('class="visually-hidden">: Sent to the commune', html)
        self.assertIn("Next: the commune officer accepts it for scoring or returns it.", html)

    def test_an_unknown_status_is_shown_plainly(self) -> None:
        self.assertEqual(self.render("dossier", "lost"), '<span class="badge lost">lost</span>')

    def test_the_dossier_page_uses_it(self) -> None:
        dossier = scene(self).dossier
        self.login(self.producer)
        response = self.client.get(reverse("evaluation:dossier", args=[dossier.pk]))
        self.assertContains(response, "Next: each council member scores it")
