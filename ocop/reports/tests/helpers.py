"""A small, hand-countable history for the indicator tests, on top of BaseTestCase's people.

2022: the Bát Tràng vase is ranked 4★ (certificate C1, 1 Jun 2022 → 1 Jun 2025) and the Vạn
      Phúc scarf 2★ (not certified).
2023: the scarf is ranked 3★ (certificate C2, 10 May 2023 → 10 May 2026); a Bát Tràng bowl is
      knocked out (not ranked).
"""

import datetime
from decimal import Decimal
from typing import Any

from ocop.certification.models import Certificate, Decision, expiry_for
from ocop.evaluation.models import Dossier, DossierStatus, Era, Outcome, Round, RoundLevel
from ocop.registry.models import Product
from ocop.reports.models import Plan, Target
from ocop.test import BaseTestCase


def era() -> Era:
    return Era.objects.get(code="148/2023")


def make_round(year: int) -> Round:
    return Round.objects.create(
        name=f"Đánh giá cấp thành phố {year}",
        year=year,
        level=RoundLevel.PROVINCE,
        era=era(),
        province_id=1,
        opens_on=datetime.date(year, 1, 1),
        closes_on=datetime.date(year, 3, 1),
        status="decided",
    )


def decide(
    product: Product,
    day: datetime.date,
    stars: int,
    outcome: str = Outcome.CERTIFIED,
    code: str = "",
    **certificate: Any,
) -> Dossier:
    """A dossier of `product` ranked `stars` by a decision on `day`; 3★+ gets certificate `code`."""
    round_ = Round.objects.filter(year=day.year).first() or make_round(day.year)
    dossier = Dossier.objects.create(
        round=round_,
        product=product,
        status=DossierStatus.DECIDED,
        final_score=Decimal(20 * stars - 5),
        star_class=None if outcome == Outcome.KNOCKED_OUT else stars,
        outcome=outcome,
    )
    decision, _ = Decision.objects.get_or_create(
        number=f"{day.year}/QĐ-UBND", date=day, defaults={"era": era(), "round": round_}
    )
    decision.dossiers.add(dossier)
    if code:
        Certificate.objects.create(
            code=code,
            product=product,
            dossier=dossier,
            decision=decision,
            stars=stars,
            score=dossier.final_score,
            issued_on=day,
            expires_on=expiry_for(day),
            **certificate,
        )
    return dossier


def make_plan(**fields: Any) -> Plan:
    defaults: dict[str, Any] = {"name": "Kế hoạch 2021–2025", "start_year": 2021, "end_year": 2025}
    defaults.update(fields)
    return Plan.objects.create(**defaults)


def add_target(plan: Plan, indicator: str, value: int, **fields: Any) -> Target:
    return Target.objects.create(plan=plan, indicator=indicator, value=Decimal(value), **fields)


class HistoryTestCase(BaseTestCase):
    bowl: Product

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.bowl = Product.objects.create(
            name="Bát men lam",
            producer=cls.bat_trang_coop,
            category=cls.ceramics,
            province_of_origin=cls.hanoi,
        )
        decide(cls.vase, datetime.date(2022, 6, 1), 4, code="HN-2022-00001")
        decide(cls.scarf, datetime.date(2022, 6, 1), 2, outcome=Outcome.NOT_CERTIFIED)
        decide(cls.scarf, datetime.date(2023, 5, 10), 3, code="HN-2023-00001")
        decide(cls.bowl, datetime.date(2023, 5, 10), 0, outcome=Outcome.KNOCKED_OUT)


def matrix_fixture(test: BaseTestCase) -> dict[str, Any]:
    """A plan with a target, and a yearly report of the Bát Tràng cooperative (access matrix)."""
    from ocop.reports.models import ProducerReport

    plan = Plan.objects.filter(name="Matrix plan").first() or make_plan(name="Matrix plan")
    target = plan.targets.first() or add_target(plan, "products_ranked", 10)
    report, _ = ProducerReport.objects.get_or_create(
        producer=test.bat_trang_coop,
        year=2024,
        defaults={"workers": 10, "revenue": 10**9, "jobs_created": 1},
    )
    return {"plan": plan, "target": target, "report": report}


def with_plan(test: BaseTestCase, *args: object) -> list[object]:
    """`args`, once the matrix plan exists (the exports need a plan to export)."""
    matrix_fixture(test)
    return list(args)
