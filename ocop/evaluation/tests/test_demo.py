"""The evaluation part of the demo data: eras respected, Hanoi's shape, every certificate state."""

import datetime
import shutil
import tempfile
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from django.utils import timezone

from ocop.certification.models import Certificate, CertificateStatus
from ocop.evaluation.classification import mean_score, outcome_for
from ocop.evaluation.models import (
    CouncilRole,
    Dossier,
    DossierStatus,
    Outcome,
    Round,
    RoundStatus,
    ScoreSheet,
    SheetStatus,
)

MEDIA = tempfile.mkdtemp()


@override_settings(MEDIA_ROOT=MEDIA)
class EvaluationDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo_data", stdout=StringIO())

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_rounds_cover_2019_to_2026_under_the_three_eras(self) -> None:
        eras = dict(Round.objects.values_list("year", "era__code").order_by("year", "opens_on"))
        self.assertEqual(eras[2019], "1048/2019")
        self.assertEqual(eras[2024], "148/2023")
        self.assertEqual(eras[2026], "1489/2025")
        self.assertEqual(
            set(Round.objects.values_list("era__code", flat=True)),
            {"1048/2019", "148/2023", "1489/2025"},
        )
        for round in Round.objects.select_related("era"):
            era = round.era
            self.assertTrue(era.valid_from <= round.opens_on, round)
            self.assertTrue(era.valid_until is None or round.opens_on <= era.valid_until, round)

    def test_every_decided_result_follows_its_eras_rules(self) -> None:
        for dossier in (
            Dossier.objects.filter(status=DossierStatus.DECIDED)
            .exclude(outcome=Outcome.KNOCKED_OUT)
            .select_related("round__era")
        ):
            assert dossier.final_score is not None
            expected = outcome_for(
                score=dossier.final_score,
                level=dossier.round.level,
                certifying_levels=dossier.round.era.certifying_levels,
            )
            self.assertEqual(
                (dossier.star_class, dossier.outcome),
                (expected.star_class, expected.outcome),
                dossier.pk,
            )

    def test_final_scores_are_the_mean_of_the_submitted_sheets(self) -> None:
        sheets = ScoreSheet.objects.filter(
            status=SheetStatus.SUBMITTED, dossier__status=DossierStatus.DECIDED
        )
        totals: dict[int, list] = {}
        for dossier_id, total in sheets.values_list("dossier_id", "total"):
            totals.setdefault(dossier_id, []).append(total)
        self.assertGreater(len(totals), 100)
        for dossier in Dossier.objects.filter(pk__in=totals):
            self.assertEqual(dossier.final_score, mean_score(totals[dossier.pk]))

    def test_counts_by_class_resemble_hanoi_in_2025(self) -> None:
        latest: dict[int, Certificate] = {}
        for c in Certificate.objects.filter(issued_on__lte=datetime.date(2025, 12, 31)).order_by(
            "issued_on"
        ):
            latest[c.product_id] = c
        classes = Counter("P5" if c.potential_five else c.stars for c in latest.values())
        self.assertEqual(classes[5], 5)
        self.assertEqual(classes["P5"], 20)
        self.assertTrue(1350 <= classes[4] <= 1500, classes)
        self.assertTrue(1500 <= classes[3] <= 1650, classes)
        self.assertGreater(classes[3], classes[4])

    def test_certificates_exist_in_every_state(self) -> None:
        today = timezone.localdate()
        states = Counter(
            c.status_on(today) for c in Certificate.objects.prefetch_related("suspensions")
        )
        for state in ("valid", "expired", "suspended", "revoked", "superseded"):
            self.assertGreater(states[CertificateStatus(state)], 0, state)
        soon = Certificate.objects.expiring_between(today, today + datetime.timedelta(days=30))
        self.assertTrue(soon.exists())

    def test_codes_are_unique_and_shaped_like_hanoi_codes(self) -> None:
        self.assertFalse(Certificate.objects.values("code").annotate(n=Count("pk")).filter(n__gt=1))
        self.assertRegex(Certificate.objects.order_by("pk")[0].code, r"^HN-20\d\d-\d{5}$")

    def test_2026_has_a_round_in_scoring_and_one_open_with_the_demo_producers_dossiers(
        self,
    ) -> None:
        scoring = Round.objects.get(year=2026, status=RoundStatus.SCORING)
        self.assertTrue(scoring.councils.filter(members__user__username="member").exists())
        self.assertTrue(
            scoring.dossiers.filter(status=DossierStatus.ACCEPTED, knockouts__isnull=False).exists()
        )
        self.assertFalse(
            ScoreSheet.objects.filter(dossier__round=scoring, member__username="member")
        )
        open_round = Round.objects.get(year=2026, status=RoundStatus.OPEN)
        mine = open_round.dossiers.filter(product__producer__users__username="producer")
        self.assertEqual(
            sorted(mine.values_list("status", flat=True)),
            [DossierStatus.DRAFT, DossierStatus.SUBMITTED],
        )

    def test_the_demo_logins_alone_can_score_a_new_dossier_of_the_open_round(self) -> None:
        # /help/ walks a visitor through the whole cycle with the demo logins only.
        open_round = Round.objects.get(year=2026, status=RoundStatus.OPEN)
        for council in open_round.councils.all():
            scorers = council.members.exclude(role=CouncilRole.SECRETARY).filter(
                user__username__in=["member", "member2"]
            )
            self.assertGreaterEqual(scorers.count(), council.quorum, council)

    def test_everything_is_marked_as_sample(self) -> None:
        self.assertFalse(Round.objects.filter(is_sample=False).exists())
        self.assertFalse(Dossier.objects.filter(is_sample=False).exists())
        self.assertFalse(Certificate.objects.filter(is_sample=False).exists())
