"""Arrange helpers for evaluation tests: rounds, councils, dossiers in a given state."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ocop.accounts.models import Role, User
from ocop.evaluation import actions
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CouncilRole,
    CriteriaSet,
    Criterion,
    Dossier,
    DossierStatus,
    Era,
    EvidenceFile,
    Round,
    RoundLevel,
    RoundStatus,
)
from ocop.registry.models import Product

PASSWORD = "correct-horse-battery-staple"


def sample_set() -> CriteriaSet:
    return CriteriaSet.objects.get(code="sample-148-2023", version=1)


def make_round(
    *,
    era: str = "1489/2025",
    level: str = RoundLevel.PROVINCE,
    status: str = RoundStatus.OPEN,
    year: int = 2026,
    opens_on: datetime.date | None = None,
) -> Round:
    era_obj = Era.objects.get(code=era)
    opens = opens_on or max(era_obj.valid_from, datetime.date(year, 3, 1))
    return Round.objects.create(
        name=f"Round {year} {level} ({era})",
        year=year,
        level=level,
        era=era_obj,
        province_id=1,
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=60),
        status=status,
    )


def make_member(username: str, role: str = Role.MEMBER) -> User:
    user = User(username=username, role=role, email=f"{username}@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def make_council(
    round: Round, *, secretary: User | None, scorers: list[User], quorum: int = 2
) -> Council:
    council = Council.objects.create(
        round=round, name=f"Council {round.year}", decision_ref="123/QĐ-UBND", quorum=quorum
    )
    if secretary is not None:
        CouncilMember.objects.create(council=council, user=secretary, role=CouncilRole.SECRETARY)
    for i, user in enumerate(scorers):
        role = CouncilRole.CHAIR if i == 0 else CouncilRole.MEMBER
        CouncilMember.objects.create(council=council, user=user, role=role)
    return council


def add_required_evidence(dossier: Dossier, user: User) -> None:
    """Evidence rows for every required item (no stored file: enough for the workflow)."""
    EvidenceFile.objects.bulk_create(
        EvidenceFile(
            dossier=dossier,
            item=item.code,
            file=f"dossiers/{dossier.pk}/{item.code}.pdf",
            original_name=f"{item.code}.pdf",
            sha256="0" * 64,
            size=1000,
            uploaded_by=user,
            content_type="application/pdf",
        )
        for item in checklist_for(dossier.product.category.group.code)
        if item.required
    )


def make_dossier(
    round: Round,
    product: Product,
    *,
    status: str = DossierStatus.DRAFT,
    council: Council | None = None,
    **fields: Any,
) -> Dossier:
    return Dossier.objects.create(
        round=round,
        product=product,
        status=status,
        council=council,
        criteria_set=sample_set(),
        applicant_name=product.producer.name,
        **fields,
    )


def score_everything(dossier: Dossier, member: User, pick: str = "top") -> None:
    """Declare no conflict and choose one level per criterion: the top, or the lowest
    non-knock-out level ("low")."""
    actions.conflict_declare(actor=member, dossier=dossier, has_conflict=False)
    choices = {}
    for criterion in Criterion.objects.filter(criteria_set=dossier.criteria_set).prefetch_related(
        "levels"
    ):
        levels = sorted(criterion.levels.all(), key=lambda level: level.points)
        if pick == "low":
            levels = [
                level
                for level in levels
                if not level.knockout and not (criterion.zero_stops and level.points == 0)
            ]
            choices[criterion.pk] = levels[0].pk
        else:
            choices[criterion.pk] = levels[-1].pk
    actions.score_save(actor=member, dossier=dossier, choices=choices)


@dataclass
class Scene:
    """A province round in scoring under 1489/2025 with one council (secretary: the base
    case's secretary; scorers: its member and a chair) and the vase's accepted dossier."""

    round: Round
    council: Council
    dossier: Dossier
    chair: User


def scene(case: Any) -> Scene:
    cached = getattr(case, "_evaluation_scene", None)
    if cached is None:
        round = make_round(status=RoundStatus.SCORING)
        chair = make_member("chair")
        council = make_council(round, secretary=case.secretary, scorers=[chair, case.member])
        dossier = make_dossier(round, case.vase, status=DossierStatus.ACCEPTED, council=council)
        add_required_evidence(dossier, case.producer)
        cached = Scene(round, council, dossier, chair)
        case._evaluation_scene = cached
    return cached


def total_of(dossier: Dossier, member: User) -> Decimal:
    return dossier.sheets.get(member=member).total
