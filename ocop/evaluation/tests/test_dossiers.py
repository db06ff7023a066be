"""A dossier from draft to acceptance: statuses, the producer's form, the officer's check."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.accounts.models import Notice
from ocop.audit.models import Event
from ocop.evaluation import actions
from ocop.evaluation.models import (
    DOSSIER_TRANSITIONS,
    Dossier,
    DossierComment,
    DossierKind,
    DossierStatus,
    EvidenceFile,
    RoundStatus,
)
from ocop.evaluation.tests.helpers import (
    add_required_evidence,
    make_council,
    make_dossier,
    make_round,
    sample_set,
)
from ocop.test import BaseTestCase


class DossierTransitionTestCase(BaseTestCase):
    def test_every_pair_of_statuses_is_allowed_or_refused_as_the_table_says(self) -> None:
        round = make_round()
        for start in DossierStatus.values:
            for target in DossierStatus.values:
                with self.subTest(start=start, target=target):
                    Dossier.objects.filter(round=round).delete()
                    dossier = make_dossier(round, self.vase, status=start)
                    events = Event.objects.filter(action="test.move", object_id=dossier.pk)
                    if target in DOSSIER_TRANSITIONS[start]:
                        actions.dossier_move(
                            actor=self.office, dossier=dossier, to=target, action="test.move"
                        )
                        dossier.refresh_from_db()
                        self.assertEqual(dossier.status, target)
                        self.assertEqual(events.get().after, {"status": target})
                    else:
                        with self.assertRaisesMessage(ValidationError, "cannot go from"):
                            actions.dossier_move(
                                actor=self.office, dossier=dossier, to=target, action="test.move"
                            )
                        dossier.refresh_from_db()
                        self.assertEqual(dossier.status, start)
                        self.assertFalse(events.exists())


class CreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.round = make_round()

    def test_a_producer_starts_a_dossier_for_their_product_in_an_open_round(self) -> None:
        self.login(self.producer)
        response = self.client.post(
            reverse("evaluation:dossier_add"),
            {"product": self.vase.pk, "round": self.round.pk, "kind": "new"},
        )
        dossier = Dossier.objects.get()
        self.assertRedirects(response, dossier.get_absolute_url())
        self.assertEqual(dossier.status, DossierStatus.DRAFT)
        self.assertEqual(dossier.criteria_set, sample_set())
        self.assertEqual(dossier.applicant_name, self.bat_trang_coop.name)
        self.assertTrue(
            Event.objects.filter(action="dossier.create", object_id=dossier.pk).exists()
        )

    def test_a_producer_cannot_start_a_dossier_for_another_producers_product(self) -> None:
        self.login(self.producer)
        response = self.client.post(
            reverse("evaluation:dossier_add"),
            {"product": self.scarf.pk, "round": self.round.pk, "kind": "new"},
        )
        self.assertContains(response, "Select a valid choice", status_code=422)
        self.assertFalse(Dossier.objects.exists())

    def test_a_closed_round_takes_no_new_dossier(self) -> None:
        self.round.status = RoundStatus.CLOSED
        self.round.save()
        with self.assertRaisesMessage(ValidationError, "not open for dossiers"):
            actions.dossier_create(
                actor=self.producer, round=self.round, product=self.vase, kind="new"
            )

    def test_one_live_dossier_per_product_and_round(self) -> None:
        actions.dossier_create(actor=self.producer, round=self.round, product=self.vase, kind="new")
        with self.assertRaisesMessage(ValidationError, "already has a dossier in this round"):
            actions.dossier_create(
                actor=self.producer, round=self.round, product=self.vase, kind="new"
            )
        self.assertEqual(Dossier.objects.count(), 1)

    def test_a_renewal_starts_as_a_copy_of_the_previous_dossier_and_its_evidence(self) -> None:
        old_round = make_round(era="148/2023", year=2023, status=RoundStatus.PUBLISHED)
        previous = make_dossier(
            old_round,
            self.vase,
            status=DossierStatus.DECIDED,
            business_plan="Mở rộng lò nung",
            samples_count=5,
        )
        add_required_evidence(previous, self.producer)
        dossier = actions.dossier_create(
            actor=self.producer, round=self.round, product=self.vase, kind=DossierKind.UPGRADE
        )
        self.assertEqual(dossier.previous, previous)
        self.assertEqual((dossier.business_plan, dossier.samples_count), ("Mở rộng lò nung", 5))
        copied = dossier.evidence.all()
        self.assertEqual(copied.count(), previous.evidence.count())
        for evidence in copied:
            original = EvidenceFile.objects.get(copies=evidence)
            self.assertEqual(evidence.sha256, original.sha256)
            self.assertEqual(evidence.file.name, original.file.name)

    def test_a_renewal_without_an_earlier_decided_dossier_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "no earlier decided dossier"):
            actions.dossier_create(
                actor=self.producer, round=self.round, product=self.vase, kind=DossierKind.RENEWAL
            )
        self.assertFalse(Dossier.objects.exists())


class SubmitAndCheckTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.round = make_round()
        self.dossier = make_dossier(self.round, self.vase)

    def test_submitting_needs_the_required_evidence(self) -> None:
        self.login(self.producer)
        response = self.client.post(
            reverse("evaluation:dossier_submit", args=[self.dossier.pk]), follow=True
        )
        self.assertContains(response, "Upload the required evidence first: Business registration")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.DRAFT)

    def test_a_complete_dossier_is_submitted_and_the_officer_is_told(self) -> None:
        add_required_evidence(self.dossier, self.producer)
        self.login(self.producer)
        self.client.post(reverse("evaluation:dossier_submit", args=[self.dossier.pk]))
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.SUBMITTED)
        self.assertIsNotNone(self.dossier.submitted_at)
        self.assertTrue(
            Notice.objects.filter(user=self.officer, title__contains="to check").exists()
        )

    def test_the_officer_returns_with_comments_and_the_producer_resubmits(self) -> None:
        add_required_evidence(self.dossier, self.producer)
        actions.dossier_submit(actor=self.producer, dossier=self.dossier)
        self.login(self.officer)
        url = reverse("evaluation:dossier_check", args=[self.dossier.pk])
        self.client.post(url, {"decision": "return", "comment": "Thiếu phiếu kiểm nghiệm 2026."})
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.RETURNED)
        self.login(self.producer)
        page = self.client.get(self.dossier.get_absolute_url())
        self.assertContains(page, "Thiếu phiếu kiểm nghiệm 2026.")
        self.assertContains(page, "Resubmit the dossier")
        self.client.post(reverse("evaluation:dossier_submit", args=[self.dossier.pk]))
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.RESUBMITTED)

    def test_returning_without_a_comment_is_refused(self) -> None:
        add_required_evidence(self.dossier, self.producer)
        actions.dossier_submit(actor=self.producer, dossier=self.dossier)
        self.login(self.officer)
        url = reverse("evaluation:dossier_check", args=[self.dossier.pk])
        response = self.client.post(url, {"decision": "return", "comment": " "}, follow=True)
        self.assertContains(response, "Say what the producer must change.")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.SUBMITTED)
        self.assertFalse(DossierComment.objects.exists())

    def test_accepting_freezes_the_sheet_and_gives_the_round_council(self) -> None:
        council = make_council(self.round, secretary=self.secretary, scorers=[self.member])
        add_required_evidence(self.dossier, self.producer)
        actions.dossier_submit(actor=self.producer, dossier=self.dossier)
        self.login(self.officer)
        self.client.post(
            reverse("evaluation:dossier_check", args=[self.dossier.pk]), {"decision": "accept"}
        )
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.ACCEPTED)
        self.assertEqual(self.dossier.council, council)
        self.assertTrue(sample_set().frozen)

    def test_an_officer_of_another_commune_cannot_check(self) -> None:
        add_required_evidence(self.dossier, self.producer)
        actions.dossier_submit(actor=self.producer, dossier=self.dossier)
        self.officer.communes.set([self.ha_dong])
        self.login(self.officer)
        url = reverse("evaluation:dossier_check", args=[self.dossier.pk])
        self.assertEqual(self.client.post(url, {"decision": "accept"}).status_code, 403)

    def test_the_officer_does_not_see_drafts(self) -> None:
        self.login(self.officer)
        self.assertEqual(self.client.get(self.dossier.get_absolute_url()).status_code, 403)
        self.assertNotContains(self.client.get(reverse("evaluation:dossiers")), self.vase.name)

    def test_the_producer_edits_the_form_only_while_it_is_theirs(self) -> None:
        self.login(self.producer)
        url = reverse("evaluation:dossier_edit", args=[self.dossier.pk])
        data = {"applicant_name": "HTX Bát Tràng", "samples_count": 5}
        self.assertRedirects(self.client.post(url, data), self.dossier.get_absolute_url())
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.samples_count, 5)
        Dossier.objects.filter(pk=self.dossier.pk).update(status=DossierStatus.SUBMITTED)
        response = self.client.post(url, data | {"samples_count": 9})
        self.assertContains(response, "can no longer be changed", status_code=409)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.samples_count, 5)

    def test_a_negative_sample_count_is_refused_on_its_field(self) -> None:
        self.login(self.producer)
        url = reverse("evaluation:dossier_edit", args=[self.dossier.pk])
        response = self.client.post(url, {"applicant_name": "X", "samples_count": -1})
        self.assertContains(response, "greater than or equal to 0", status_code=422)

    def test_the_producer_withdraws_a_draft(self) -> None:
        self.login(self.producer)
        self.client.post(
            reverse("evaluation:dossier_withdraw", args=[self.dossier.pk]),
            {"reason": "Chưa sẵn sàng"},
        )
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.WITHDRAWN)
        event = Event.objects.get(action="dossier.withdraw")
        self.assertEqual(event.after["reason"], "Chưa sẵn sàng")

    def test_the_producer_list_shows_only_their_dossiers(self) -> None:
        make_dossier(self.round, self.scarf)
        self.login(self.producer)
        response = self.client.get(reverse("evaluation:dossiers"))
        self.assertContains(response, self.vase.name)
        self.assertNotContains(response, self.scarf.name)
        self.assertEqual(
            self.client.get(reverse("evaluation:dossiers") + "?status=bogus").status_code, 200
        )


class EvidenceRowsTestCase(BaseTestCase):
    def test_removing_a_copied_file_keeps_the_original(self) -> None:
        round = make_round()
        dossier = make_dossier(round, self.vase)
        add_required_evidence(dossier, self.producer)
        copy = EvidenceFile.objects.all()[0]
        copy.pk = None
        copy.save()
        actions.evidence_remove(actor=self.producer, evidence=copy)
        self.assertTrue(EvidenceFile.objects.filter(file=copy.file.name).exists())
