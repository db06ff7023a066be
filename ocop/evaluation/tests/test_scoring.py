"""Council members score accepted dossiers; the secretary reopens, rules knock-outs, classifies."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import User
from ocop.audit.models import Event
from ocop.evaluation import actions
from ocop.evaluation.models import (
    Criterion,
    DossierStatus,
    KnockoutReview,
    KnockoutVerdict,
    Level,
    Outcome,
    Part,
    Score,
    ScoreSheet,
    SheetStatus,
)
from ocop.evaluation.tests.helpers import scene, score_everything, total_of
from ocop.test import BaseTestCase


class ScoringTestCase(BaseTestCase):
    def setUp(self) -> None:
        s = scene(self)
        self.dossier, self.chair, self.council = s.dossier, s.chair, s.council
        self.a2 = Criterion.objects.get(criteria_set=self.dossier.criteria_set, code="A2")
        self.a2_top = self.a2.levels.order_by("-points")[0]

    def save(self, member: User, level: Level) -> ScoreSheet:
        return actions.score_save(
            actor=member, dossier=self.dossier, choices={level.criterion_id: level.pk}
        )

    def test_a_member_must_declare_conflicts_before_scoring(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Declare whether you have a conflict"):
            self.save(self.member, self.a2_top)
        self.assertFalse(ScoreSheet.objects.exists())

    def test_a_member_with_a_conflict_cannot_score(self) -> None:
        actions.conflict_declare(
            actor=self.member,
            dossier=self.dossier,
            has_conflict=True,
            note="Anh rể là chủ nhiệm HTX",
        )
        with self.assertRaisesMessage(ValidationError, "declared a conflict of interest"):
            self.save(self.member, self.a2_top)
        self.assertFalse(ScoreSheet.objects.exists())

    def test_a_conflict_needs_a_description(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Describe the conflict"):
            actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=True)

    def test_partial_saves_keep_a_running_total_and_log_each_change(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        sheet = self.save(self.member, self.a2_top)
        self.assertEqual(sheet.total, Decimal("6.00"))
        self.assertEqual(sheet.status, SheetStatus.DRAFT)
        lower = self.a2.levels.get(points=3)
        sheet = self.save(self.member, lower)
        self.assertEqual(sheet.total, Decimal("3.00"))
        self.assertEqual(Score.objects.get(sheet=sheet).points, Decimal("3.00"))
        self.assertEqual(Event.objects.filter(action="score.save").count(), 2)

    def test_a_level_of_another_criterion_is_refused(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        other = Level.objects.filter(criterion__criteria_set=self.dossier.criteria_set).exclude(
            criterion=self.a2
        )[0]
        with self.assertRaisesMessage(ValidationError, "not one of its criterion's levels"):
            actions.score_save(
                actor=self.member, dossier=self.dossier, choices={self.a2.pk: other.pk}
            )
        self.assertFalse(Score.objects.exists())

    def test_a_level_of_another_sheet_is_refused(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        foreign = Level.objects.exclude(criterion__criteria_set=self.dossier.criteria_set)[0]
        with self.assertRaisesMessage(ValidationError, "not one of its criterion's levels"):
            actions.score_save(
                actor=self.member, dossier=self.dossier, choices={foreign.criterion_id: foreign.pk}
            )

    def test_someone_not_on_the_council_cannot_score(self) -> None:
        outsider = self.make_user("outsider", "member")
        with self.assertRaisesMessage(ValidationError, "not assigned to a council you score for"):
            self.save(outsider, self.a2_top)
        self.login(outsider)
        self.assertEqual(
            self.client.get(reverse("evaluation:score", args=[self.dossier.pk])).status_code, 403
        )

    def test_the_secretary_does_not_score(self) -> None:
        with self.assertRaisesMessage(ValidationError, "not assigned to a council you score for"):
            self.save(self.secretary, self.a2_top)

    def test_submitting_needs_every_criterion(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        self.save(self.member, self.a2_top)
        with self.assertRaisesMessage(ValidationError, "Some criteria have no score yet: A1"):
            actions.sheet_submit(actor=self.member, dossier=self.dossier)
        self.assertEqual(ScoreSheet.objects.get().status, SheetStatus.DRAFT)

    def test_a_submitted_sheet_is_locked(self) -> None:
        score_everything(self.dossier, self.member)
        actions.sheet_submit(actor=self.member, dossier=self.dossier)
        with self.assertRaisesMessage(ValidationError, "submitted and locked"):
            self.save(self.member, self.a2.levels.get(points=0))
        self.assertEqual(total_of(self.dossier, self.member), Decimal("100.00"))

    def test_the_secretary_reopens_a_sheet_with_a_reason_that_is_logged(self) -> None:
        score_everything(self.dossier, self.member)
        sheet = actions.sheet_submit(actor=self.member, dossier=self.dossier)
        self.login(self.secretary)
        url = reverse("evaluation:sheet_reopen", args=[sheet.pk])
        response = self.client.post(url, {"reason": ""}, follow=True)
        self.assertContains(response, "This field is required")
        self.client.post(url, {"reason": "Thành viên chấm nhầm tiêu chí A2"})
        sheet.refresh_from_db()
        self.assertEqual(sheet.status, SheetStatus.DRAFT)
        event = Event.objects.get(action="sheet.reopen")
        self.assertEqual(event.after["reason"], "Thành viên chấm nhầm tiêu chí A2")
        self.save(self.member, self.a2.levels.get(points=0))

    def test_a_member_cannot_reopen_sheets(self) -> None:
        score_everything(self.dossier, self.member)
        sheet = actions.sheet_submit(actor=self.member, dossier=self.dossier)
        self.login(self.member)
        response = self.client.post(
            reverse("evaluation:sheet_reopen", args=[sheet.pk]), {"reason": "x"}
        )
        self.assertEqual(response.status_code, 403)

    def test_a_knock_out_level_flags_the_dossier_to_the_secretary(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        knockout = Level.objects.get(
            criterion__criteria_set=self.dossier.criteria_set, knockout=True
        )
        self.save(self.member, knockout)
        review = KnockoutReview.objects.get()
        self.assertEqual(
            (review.flagged_by, review.verdict), (self.member, KnockoutVerdict.PENDING)
        )
        self.login(self.secretary)
        self.assertContains(self.client.get(self.council.get_absolute_url()), "Knock-outs waiting")
        self.assertContains(self.client.get(self.council.get_absolute_url()), review.criterion.code)

    def test_changing_away_from_the_knock_out_withdraws_the_flag(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        knockout = Level.objects.get(
            criterion__criteria_set=self.dossier.criteria_set, knockout=True
        )
        self.save(self.member, knockout)
        self.save(self.member, knockout.criterion.levels.order_by("-points")[0])
        self.assertFalse(KnockoutReview.objects.exists())

    def test_zero_on_a_zero_stops_criterion_is_flagged_too(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        zero = Level.objects.get(
            criterion__zero_stops=True, criterion__criteria_set=self.dossier.criteria_set, points=0
        )
        self.save(self.member, zero)
        self.assertTrue(KnockoutReview.objects.filter(criterion=zero.criterion).exists())


class ClassifyTestCase(BaseTestCase):
    def setUp(self) -> None:
        s = scene(self)
        self.dossier, self.chair = s.dossier, s.chair

    def submit(self, member: User, pick: str = "top") -> None:
        score_everything(self.dossier, member, pick)
        actions.sheet_submit(actor=member, dossier=self.dossier)

    def test_classification_waits_for_the_quorum(self) -> None:
        self.submit(self.member)
        score_everything(self.dossier, self.chair)  # saved, not submitted: does not count
        with self.assertRaisesMessage(ValidationError, "quorum is not reached: 1 of 2"):
            actions.dossier_classify(actor=self.secretary, dossier=self.dossier)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, DossierStatus.ACCEPTED)
        self.assertIsNone(self.dossier.final_score)

    def test_the_final_score_is_the_mean_of_submitted_totals(self) -> None:
        self.submit(self.member, "top")  # 100
        self.submit(self.chair, "low")  # 27
        self.login(self.secretary)
        self.client.post(reverse("evaluation:dossier_classify", args=[self.dossier.pk]))
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.final_score, Decimal("63.50"))
        self.assertEqual((self.dossier.star_class, self.dossier.outcome), (3, Outcome.CERTIFIED))
        self.assertEqual(self.dossier.status, DossierStatus.SCORED)
        event = Event.objects.get(action="dossier.classify")
        self.assertEqual(event.after["final_score"], "63.50")

    def test_the_producer_sees_the_result_only_once_decided(self) -> None:
        self.submit(self.member)
        self.submit(self.chair)
        actions.dossier_classify(actor=self.secretary, dossier=self.dossier)
        self.login(self.producer)
        self.assertNotContains(self.client.get(self.dossier.get_absolute_url()), "Final score")
        self.login(self.secretary)
        self.assertContains(self.client.get(self.dossier.get_absolute_url()), "Final score")

    def test_a_90_point_result_at_province_level_is_potential_five_stars(self) -> None:
        self.submit(self.member)
        self.submit(self.chair)
        actions.dossier_classify(actor=self.secretary, dossier=self.dossier)
        self.dossier.refresh_from_db()
        self.assertEqual(
            (self.dossier.star_class, self.dossier.outcome), (5, Outcome.POTENTIAL_FIVE)
        )

    def test_a_pending_knock_out_blocks_classification(self) -> None:
        self.submit(self.member)
        self.submit(self.chair)
        KnockoutReview.objects.create(
            dossier=self.dossier, criterion=Criterion.objects.all()[0], flagged_by=self.member
        )
        with self.assertRaisesMessage(ValidationError, "knock-out waits"):
            actions.dossier_classify(actor=self.secretary, dossier=self.dossier)

    def test_a_confirmed_knock_out_leaves_the_product_unranked(self) -> None:
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        knockout = Level.objects.get(
            criterion__criteria_set=self.dossier.criteria_set, knockout=True
        )
        actions.score_save(
            actor=self.member, dossier=self.dossier, choices={knockout.criterion_id: knockout.pk}
        )
        review = KnockoutReview.objects.get()
        self.login(self.secretary)
        url = reverse("evaluation:knockout_decide", args=[review.pk])
        response = self.client.post(url, {"verdict": "confirmed", "reason": ""}, follow=True)
        self.assertContains(response, "This field is required")
        self.client.post(url, {"verdict": "confirmed", "reason": "Nguyên liệu nhập khẩu toàn bộ"})
        review.refresh_from_db()
        self.assertEqual(
            (review.verdict, review.decided_by), (KnockoutVerdict.CONFIRMED, self.secretary)
        )
        actions.dossier_classify(actor=self.secretary, dossier=self.dossier)
        self.dossier.refresh_from_db()
        self.assertEqual(
            (self.dossier.outcome, self.dossier.star_class), (Outcome.KNOCKED_OUT, None)
        )

    def test_a_dismissed_knock_out_lets_scoring_continue(self) -> None:
        review = KnockoutReview.objects.create(
            dossier=self.dossier, criterion=Criterion.objects.all()[0], flagged_by=self.member
        )
        actions.knockout_decide(
            actor=self.secretary,
            review=review,
            verdict="dismissed",
            reason="Có hợp đồng nguyên liệu",
        )
        self.submit(self.member)
        self.submit(self.chair)
        actions.dossier_classify(actor=self.secretary, dossier=self.dossier)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.outcome, Outcome.POTENTIAL_FIVE)

    def test_a_conflicted_members_sheet_never_counts(self) -> None:
        self.submit(self.member)
        self.submit(self.chair, "low")
        ScoreSheet.objects.filter(member=self.chair).update(total=Decimal("10"))
        from ocop.evaluation.models import ConflictDeclaration

        ConflictDeclaration.objects.filter(member=self.chair).update(has_conflict=True)
        with self.assertRaisesMessage(ValidationError, "1 of 2"):
            actions.dossier_classify(actor=self.secretary, dossier=self.dossier)

    def test_only_the_councils_secretary_classifies(self) -> None:
        self.submit(self.member)
        self.submit(self.chair)
        with self.assertRaisesMessage(ValidationError, "Only the secretary"):
            actions.dossier_classify(actor=self.member, dossier=self.dossier)


class ScoringPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dossier = scene(self).dossier
        actions.conflict_declare(actor=self.member, dossier=self.dossier, has_conflict=False)
        self.login(self.member)
        self.url = reverse("evaluation:score", args=[self.dossier.pk])

    def test_the_page_shows_every_criterion_as_keyboard_usable_radio_groups(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, '<fieldset class="criterion"', count=15)
        self.assertContains(
            response,
            'type="radio"',
            count=Level.objects.filter(criterion__criteria_set=self.dossier.criteria_set).count(),
        )
        self.assertContains(response, "illustrative sample, not official")

    def test_an_htmx_save_answers_with_the_running_total(self) -> None:
        a1 = Criterion.objects.get(criteria_set=self.dossier.criteria_set, code="A1")
        top = a1.levels.order_by("-points")[0]
        response = self.client.post(
            reverse("evaluation:score_save", args=[self.dossier.pk]),
            {f"c{a1.pk}": top.pk, f"n{a1.pk}": "Hợp đồng thu mua đất sét"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "Total: 8.00")
        self.assertNotContains(response, "<html")
        self.assertEqual(Score.objects.get().evidence_note, "Hợp đồng thu mua đất sét")

    def test_a_refused_htmx_save_says_why_and_saves_nothing(self) -> None:
        a1 = Criterion.objects.get(criteria_set=self.dossier.criteria_set, code="A1")
        response = self.client.post(
            reverse("evaluation:score_save", args=[self.dossier.pk]),
            {f"c{a1.pk}": "999999", "cbogus": "x"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertFalse(Score.objects.exists())

    def queries_for_page(self) -> int:
        with CaptureQueriesContext(connection) as context:
            self.assertEqual(self.client.get(self.url).status_code, 200)
        return len(context.captured_queries)

    def test_the_page_runs_the_same_number_of_queries_whatever_the_number_of_criteria(self) -> None:
        score_everything(self.dossier, self.member, "low")
        before = self.queries_for_page()
        sheet = self.dossier.criteria_set
        assert sheet is not None
        part = Part.objects.get(criteria_set=sheet, code="A")
        for i in range(20):
            extra = Criterion.objects.create(
                criteria_set=sheet,
                part=part,
                code=f"X{i}",
                label_vi="Thêm",
                label_en="Extra",
                max_points=1,
                position=100 + i,
            )
            Level.objects.create(criterion=extra, points=1, text_vi="Có")
        self.assertEqual(self.queries_for_page(), before)
        with self.assertNumQueries(before):
            self.client.get(self.url)
