"""Scores saved at the same moment are all kept (PostgreSQL; SQLite serialises writers)."""

import threading
import unittest
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, connections
from django.test import TransactionTestCase

from ocop.accounts.models import Role
from ocop.evaluation import actions
from ocop.evaluation.models import Criterion, DossierStatus, Score, ScoreSheet
from ocop.evaluation.tests.helpers import make_council, make_dossier, make_member, make_round
from ocop.places.models import Commune
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory


def run_together(*calls: Callable[[], object]) -> list[BaseException]:
    """Start every call at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return errors


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL row locks")
class ConcurrentScoringTestCase(TransactionTestCase):
    serialized_rollback = True  # keeps the eras, sheets and places loaded by migrations

    def setUp(self) -> None:
        producer = Producer.objects.create(
            kind=ProducerKind.COOPERATIVE,
            name="HTX",
            tax_code="0101234567",
            commune=Commune.objects.get(province_id=1, name="Xã Bát Tràng"),
        )
        product = Product.objects.create(
            name="Bình gốm",
            producer=producer,
            category=ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2"),
            province_of_origin_id=1,
        )
        self.first, self.second = make_member("an"), make_member("binh")
        round = make_round(status="scoring")
        council = make_council(
            round, secretary=make_member("sec", Role.SECRETARY), scorers=[self.first, self.second]
        )
        self.dossier = make_dossier(round, product, status=DossierStatus.ACCEPTED, council=council)
        for member in (self.first, self.second):
            actions.conflict_declare(actor=member, dossier=self.dossier, has_conflict=False)
        criteria = Criterion.objects.filter(criteria_set=self.dossier.criteria_set)
        self.tops = {c.pk: c.levels.order_by("-points")[0].pk for c in criteria}

    def save(self, member: object, criterion_ids: list[int]) -> Callable[[], object]:
        choices = {pk: self.tops[pk] for pk in criterion_ids}
        return lambda: actions.score_save(actor=member, dossier=self.dossier, choices=choices)

    def test_two_members_saving_at_once_both_keep_their_scores(self) -> None:
        ids = list(self.tops)
        errors = run_together(self.save(self.first, ids), self.save(self.second, ids))
        self.assertEqual(errors, [])
        for member in (self.first, self.second):
            sheet = ScoreSheet.objects.get(dossier=self.dossier, member=member)
            self.assertEqual(sheet.scores.count(), len(ids))
            self.assertEqual(sheet.total, Decimal("100.00"))

    def test_one_member_saving_from_two_tabs_loses_neither_score_nor_total(self) -> None:
        first, *rest = list(self.tops)
        half = len(rest) // 2
        self.save(self.first, [first])()  # the sheet exists: the race is on its total
        for _ in range(3):
            Score.objects.exclude(criterion_id=first).delete()
            errors = run_together(
                self.save(self.first, rest[:half]), self.save(self.first, rest[half:])
            )
            self.assertEqual(errors, [])
            sheet = ScoreSheet.objects.get(dossier=self.dossier, member=self.first)
            self.assertEqual(sheet.scores.count(), len(self.tops))
            self.assertEqual(sheet.total, Decimal("100.00"))
