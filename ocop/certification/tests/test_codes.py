import datetime
import threading
from collections.abc import Callable
from decimal import Decimal
from unittest import skipUnless

from django.db import connection, connections
from django.test import TestCase, TransactionTestCase

from ocop.accounts.models import Role, User
from ocop.certification.actions import decision_record
from ocop.certification.codes import PROVINCE_PREFIXES, next_code, prefix_for
from ocop.certification.models import Certificate
from ocop.certification.tests.helpers import make_dossier, make_round
from ocop.places.models import Commune, Province
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory


class PrefixTestCase(TestCase):
    def test_hanoi_is_hn(self) -> None:
        self.assertEqual(prefix_for(Province.objects.get(pk=1)), "HN")

    def test_every_province_has_its_own_prefix(self) -> None:
        provinces = Province.objects.all()
        prefixes = [prefix_for(p) for p in provinces]
        self.assertEqual(len(set(prefixes)), len(prefixes))
        self.assertEqual(set(PROVINCE_PREFIXES), {p.code for p in provinces})

    def test_a_setting_overrides_the_table(self) -> None:
        with self.settings(OCOP_CERTIFICATE_PREFIXES={1: "HNI"}):
            self.assertEqual(prefix_for(Province.objects.get(pk=1)), "HNI")

    def test_numbers_restart_each_year(self) -> None:
        self.assertEqual(next_code(prefix="HN", year=2025), "HN-2025-00001")
        self.assertEqual(next_code(prefix="HN", year=2025), "HN-2025-00002")
        self.assertEqual(next_code(prefix="HN", year=2026), "HN-2026-00001")


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Run `jobs` in threads released at the same instant; re-raise the first error."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = jobs[i]()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if errors:
        raise errors[0]
    return results


@skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL (DATABASE_URL)")
class ConcurrentIssuingTestCase(TransactionTestCase):
    """Two secretaries issuing at once must never get the same certificate code."""

    serialized_rollback = True  # keep the provinces and taxonomies loaded by migrations

    def test_two_secretaries_recording_decisions_at_once_get_distinct_codes(self) -> None:
        round = make_round()
        producer = Producer.objects.create(
            kind=ProducerKind.COOPERATIVE,
            name="HTX thử",
            commune=Commune.objects.filter(province_id=1)[0],
        )
        category = ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2")
        dossiers = [
            make_dossier(
                round,
                Product.objects.create(
                    name=f"Sản phẩm {i}",
                    producer=producer,
                    category=category,
                    province_of_origin_id=1,
                ),
                score=str(Decimal(70 + i)),
            )
            for i in range(8)
        ]
        secretaries = [User.objects.create(username=f"sec{i}", role=Role.SECRETARY) for i in (1, 2)]

        def decide(i: int) -> Callable[[], object]:
            return lambda: decision_record(
                round=round,
                number=f"{i}/QĐ-UBND",
                date=datetime.date(2025, 6, 1),
                signer="",
                dossiers=dossiers[i * 4 : i * 4 + 4],
                actor=secretaries[i],
            )

        run_together([decide(0), decide(1)])
        codes = sorted(Certificate.objects.values_list("code", flat=True))
        self.assertEqual(codes, [f"HN-2025-{n:05d}" for n in range(1, 9)])

    def test_many_issuers_taking_codes_at_once_never_share_one(self) -> None:
        def take_ten() -> list[str]:
            return [next_code(prefix="HN", year=2030) for _ in range(10)]

        results = run_together([take_ten for _ in range(6)])
        codes = [code for batch in results for code in batch]  # type: ignore[attr-defined]
        self.assertEqual(len(codes), 60)
        self.assertEqual(sorted(codes), [f"HN-2030-{n:05d}" for n in range(1, 61)])
