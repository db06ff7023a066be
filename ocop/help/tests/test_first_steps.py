from django.urls import reverse

from ocop.evaluation.models import ConflictDeclaration, Dossier, DossierStatus
from ocop.evaluation.tests.helpers import make_round
from ocop.help.first_steps import first_steps
from ocop.test import BaseTestCase


class FirstStepsTestCase(BaseTestCase):
    def done(self, user: object) -> list[bool]:
        return [s.done for s in first_steps(user)]  # type: ignore[arg-type]

    def test_a_new_producer_sees_what_to_do_first_on_the_home_page(self) -> None:
        self.login(self.producer)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "First steps")
        self.assertContains(response, "Complete your producer record")
        self.assertContains(response, 'href="/help/en/producer/#complete-record"')

    def test_the_producers_steps_are_ticked_from_their_records(self) -> None:
        # The base case's producer has a product, no photo, no dossier, an incomplete record.
        self.assertEqual(self.done(self.producer), [False, True, False, False, False])
        round_ = make_round()
        Dossier.objects.create(round=round_, product=self.vase, status=DossierStatus.DRAFT)
        self.assertEqual(self.done(self.producer)[3:], [True, False])

    def test_a_members_declaration_ticks_their_step(self) -> None:
        self.assertEqual(self.done(self.member), [False, False, False])
        round_ = make_round()
        dossier = Dossier.objects.create(round=round_, product=self.vase)
        ConflictDeclaration.objects.create(dossier=dossier, member=self.member, has_conflict=False)
        self.assertEqual(self.done(self.member), [False, True, False])

    def test_an_officers_communes_tick_the_first_step(self) -> None:
        self.assertEqual(self.done(self.officer)[:2], [True, True])

    def test_the_list_disappears_once_every_step_is_done(self) -> None:
        from ocop.help.templatetags.help import first_steps as tag

        self.assertTrue(tag({"user": self.member})["show"])
        self.assertEqual(first_steps(self.nobody), [])
        self.assertFalse(tag({"user": self.nobody})["show"])
