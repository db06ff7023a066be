"""Arrange helpers for certification tests: a rules era, rounds, scored dossiers and
certificates, on top of the named people of `ocop.test.BaseTestCase`."""

import datetime
from decimal import Decimal
from typing import Any

from ocop.certification.models import Certificate, Decision, expiry_for
from ocop.evaluation.models import Dossier, DossierStatus, Era, Outcome, Round, RoundLevel
from ocop.registry.models import Product, Taxonomy
from ocop.test import BaseTestCase


def era_1489() -> Era:
    """The rules in force since July 2025 (loaded by evaluation's data migration when present)."""
    era, _ = Era.objects.get_or_create(
        code="1489/2025",
        defaults={
            "name": "Quyết định 1489/QĐ-TTg (2025)",
            "decision": "1489/QĐ-TTg",
            "valid_from": datetime.date(2025, 7, 6),
            "taxonomy": Taxonomy.objects.get(code="148/2023"),
            "certifying_levels": {"3": "province", "4": "province", "5": "national"},
            "preliminary_level": "commune",
        },
    )
    return era


def make_round(level: str = RoundLevel.PROVINCE, year: int = 2025, **fields: Any) -> Round:
    return Round.objects.create(
        name=fields.pop("name", f"Đánh giá {level} {year}"),
        year=year,
        level=level,
        era=fields.pop("era", None) or era_1489(),
        province_id=1,
        opens_on=fields.pop("opens_on", datetime.date(year, 1, 1)),
        closes_on=fields.pop("closes_on", datetime.date(year, 3, 1)),
        status="scoring",
        **fields,
    )


def make_dossier(
    round: Round,
    product: Product,
    score: str | None = "75.00",
    stars: int | None = 4,
    outcome: str = Outcome.CERTIFIED,
    status: str = DossierStatus.SCORED,
    **fields: Any,
) -> Dossier:
    return Dossier.objects.create(
        round=round,
        product=product,
        status=status,
        final_score=Decimal(score) if score else None,
        star_class=stars,
        outcome=outcome,
        **fields,
    )


def make_certificate(
    product: Product,
    code: str = "HN-2024-00001",
    day: datetime.date = datetime.date(2024, 6, 1),
    stars: int = 4,
    **fields: Any,
) -> Certificate:
    """A certificate recorded directly (as imports and demo data do), without a dossier."""
    decision, _ = Decision.objects.get_or_create(
        number=fields.pop("decision_number", "100/QĐ-UBND"),
        date=day,
        defaults={"era": era_1489(), "signer": "Phó Chủ tịch UBND"},
    )
    return Certificate.objects.create(
        code=code,
        product=product,
        decision=decision,
        stars=stars,
        score=Decimal("80.00"),
        issued_on=day,
        expires_on=fields.pop("expires_on", expiry_for(day)),
        **fields,
    )


class CertificationTestCase(BaseTestCase):
    round: Round

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.round = make_round()


def matrix_certificate(test: BaseTestCase) -> Certificate:
    """The Bát Tràng vase's certificate, made on first use (for the access matrix)."""
    existing = Certificate.objects.filter(product=test.vase).first()
    return existing or make_certificate(test.vase, code="HN-2024-09999")
