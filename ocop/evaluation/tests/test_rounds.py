"""Rounds move only along ROUND_TRANSITIONS; councils are appointed with seats and a quorum."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.audit.models import Event
from ocop.evaluation import actions
from ocop.evaluation.models import (
    ROUND_TRANSITIONS,
    Council,
    CouncilMember,
    CouncilRole,
    DossierStatus,
    Era,
    Round,
    RoundStatus,
)
from ocop.evaluation.tests.helpers import make_council, make_dossier, make_member, make_round
from ocop.test import BaseTestCase


class RoundTransitionTestCase(BaseTestCase):
    def test_every_pair_of_statuses_is_allowed_or_refused_as_the_table_says(self) -> None:
        for start in RoundStatus.values:
            for target in RoundStatus.values:
                with self.subTest(start=start, target=target):
                    round = make_round(status=start)
                    make_council(round, secretary=self.secretary, scorers=[self.member])
                    events = Event.objects.filter(action="round.status", object_id=round.pk)
                    if target in ROUND_TRANSITIONS[start]:
                        actions.round_transition(actor=self.office, round=round, to=target)
                        round.refresh_from_db()
                        self.assertEqual(round.status, target)
                        event = events.get()
                        self.assertEqual(event.before, {"status": start})
                        self.assertEqual(event.after, {"status": target})
                    else:
                        with self.assertRaisesMessage(ValidationError, "cannot go from"):
                            actions.round_transition(actor=self.office, round=round, to=target)
                        round.refresh_from_db()
                        self.assertEqual(round.status, start)
                        self.assertFalse(events.exists())

    def test_scoring_needs_a_council(self) -> None:
        round = make_round(status=RoundStatus.CLOSED)
        with self.assertRaisesMessage(ValidationError, "Appoint a council"):
            actions.round_transition(actor=self.office, round=round, to=RoundStatus.SCORING)

    def test_a_round_is_decided_only_when_no_accepted_dossier_waits(self) -> None:
        round = make_round(status=RoundStatus.SCORING)
        make_dossier(round, self.vase, status=DossierStatus.ACCEPTED)
        with self.assertRaisesMessage(ValidationError, "not classified yet"):
            actions.round_transition(actor=self.office, round=round, to=RoundStatus.DECIDED)

    def test_the_office_moves_a_round_from_its_page(self) -> None:
        round = make_round(status=RoundStatus.DRAFT)
        self.login(self.office)
        response = self.client.post(
            reverse("evaluation:round_status", args=[round.pk]), {"to": "open"}, follow=True
        )
        self.assertContains(response, "Round is now “Open for dossiers”")
        response = self.client.post(
            reverse("evaluation:round_status", args=[round.pk]), {"to": "published"}, follow=True
        )
        self.assertContains(response, "cannot go from “Open for dossiers” to “Published”")


class RoundDeleteTestCase(BaseTestCase):
    def test_the_office_deletes_a_draft_round(self) -> None:
        round = make_round(status=RoundStatus.DRAFT)
        self.login(self.office)
        response = self.client.post(reverse("evaluation:round_delete", args=[round.pk]))
        self.assertRedirects(response, reverse("evaluation:rounds"))
        self.assertFalse(Round.objects.exists())
        self.assertTrue(Event.objects.filter(action="round.delete").exists())

    def test_a_round_with_dossiers_is_kept(self) -> None:
        round = make_round(status=RoundStatus.DRAFT)
        make_dossier(round, self.vase)
        with self.assertRaisesMessage(ValidationError, "Only a draft round without dossiers"):
            actions.round_delete(actor=self.office, round=round)
        self.assertTrue(Round.objects.exists())


class RoundFormTestCase(BaseTestCase):
    def data(self, **changes: object) -> dict[str, object]:
        data = {
            "name": "Đánh giá OCOP 2026",
            "year": 2026,
            "level": "province",
            "era": Era.objects.get(code="1489/2025").pk,
            "province": 1,
            "opens_on": "2026-03-01",
            "closes_on": "2026-05-31",
        }
        return data | changes

    def test_the_office_creates_a_round_as_a_draft(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("evaluation:round_add"), self.data())
        round = Round.objects.get(name="Đánh giá OCOP 2026")
        self.assertRedirects(response, round.get_absolute_url())
        self.assertEqual(round.status, RoundStatus.DRAFT)
        self.assertTrue(Event.objects.filter(action="round.create", object_id=round.pk).exists())

    def test_a_round_cannot_close_before_it_opens(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("evaluation:round_add"), self.data(closes_on="2026-01-01")
        )
        self.assertContains(response, "cannot close before it opens", status_code=422)
        self.assertFalse(Round.objects.exists())

    def test_a_round_must_open_while_its_era_is_in_force(self) -> None:
        self.login(self.office)
        era = Era.objects.get(code="148/2023").pk
        response = self.client.post(reverse("evaluation:round_add"), self.data(era=era))
        self.assertContains(response, "was not in force", status_code=422)
        self.assertFalse(Round.objects.exists())

    def test_a_member_cannot_create_rounds(self) -> None:
        self.login(self.member)
        response = self.client.post(reverse("evaluation:round_add"), self.data())
        self.assertEqual(response.status_code, 403)


class CouncilTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.round = make_round(opens_on=datetime.date(2026, 3, 1))

    def test_the_office_appoints_a_council_by_decision_with_a_quorum(self) -> None:
        self.login(self.office)
        url = reverse("evaluation:council_add", args=[self.round.pk])
        self.client.post(
            url, {"name": "Hội đồng cấp tỉnh", "decision_ref": "45/QĐ-UBND", "quorum": 5}
        )
        council = Council.objects.get(round=self.round)
        self.assertEqual((council.decision_ref, council.quorum), ("45/QĐ-UBND", 5))
        self.assertTrue(Event.objects.filter(action="council.create").exists())

    def test_seats_have_one_secretary_and_one_chair_at_most(self) -> None:
        council = make_council(self.round, secretary=self.secretary, scorers=[])
        actions.council_seat(actor=self.office, council=council, user=self.member, role="chair")
        other = make_member("other_member")
        with self.assertRaisesMessage(ValidationError, "already has a Secretary"):
            actions.council_seat(actor=self.office, council=council, user=other, role="secretary")
        with self.assertRaisesMessage(ValidationError, "already sits on this council"):
            actions.council_seat(
                actor=self.office, council=council, user=self.member, role="member"
            )
        self.assertEqual(council.members.count(), 2)

    def test_only_council_roles_can_be_seated(self) -> None:
        council = make_council(self.round, secretary=None, scorers=[])
        with self.assertRaisesMessage(ValidationError, "council member or secretary role"):
            actions.council_seat(
                actor=self.office, council=council, user=self.producer, role="member"
            )
        self.assertFalse(council.members.exists())

    def test_the_office_seats_members_from_the_council_page(self) -> None:
        council = make_council(self.round, secretary=self.secretary, scorers=[])
        self.login(self.office)
        self.client.post(
            reverse("evaluation:council_seat", args=[council.pk]),
            {"user": self.member.pk, "role": CouncilRole.MEMBER},
        )
        self.assertTrue(CouncilMember.objects.filter(council=council, user=self.member).exists())
        response = self.client.get(council.get_absolute_url())
        self.assertContains(response, "member")

    def test_a_secretary_sees_only_their_own_councils(self) -> None:
        mine = make_council(self.round, secretary=self.secretary, scorers=[])
        other_secretary = make_member("sec2", role="secretary")
        theirs = make_council(self.round, secretary=other_secretary, scorers=[])
        Council.objects.filter(pk=theirs.pk).update(name="Their council")
        self.login(self.secretary)
        response = self.client.get(reverse("evaluation:councils"))
        self.assertContains(response, mine.name)
        self.assertNotContains(response, "Their council")
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 403)
