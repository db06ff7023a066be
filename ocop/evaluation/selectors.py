"""Reads for the council screens, each in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ocop.evaluation.consistency import Consistency, analyse
from ocop.evaluation.models import (
    SCORING_ROLES,
    ConflictDeclaration,
    Council,
    CouncilMember,
    Dossier,
    DossierStatus,
    KnockoutReview,
    KnockoutVerdict,
    Round,
    ScoreSheet,
    SheetStatus,
)

COUNCIL_STATUSES = (DossierStatus.ACCEPTED, DossierStatus.SCORED, DossierStatus.DECIDED)


@dataclass
class Cell:
    state: str  # "conflict" | "none" | "draft" | "submitted"
    sheet: ScoreSheet | None = None


@dataclass
class ProgressRow:
    dossier: Dossier
    cells: list[Cell]
    submitted: int
    pending_knockouts: int


def council_progress(council: Council) -> tuple[list[CouncilMember], list[ProgressRow]]:
    """Dossiers of the council × its scoring members: who has scored what."""
    seats = list(
        council.members.filter(role__in=SCORING_ROLES).select_related("user").order_by("id")
    )
    dossiers = list(
        council.dossiers.filter(status__in=COUNCIL_STATUSES)
        .select_related("product__producer")
        .order_by("product__name", "pk")
    )
    sheets = {
        (s.dossier_id, s.member_id): s
        for s in ScoreSheet.objects.filter(dossier__council=council).select_related("member")
    }
    conflicts = set(
        ConflictDeclaration.objects.filter(dossier__council=council, has_conflict=True).values_list(
            "dossier_id", "member_id"
        )
    )
    pending: dict[int, int] = {}
    for dossier_id in KnockoutReview.objects.filter(
        dossier__council=council, verdict=KnockoutVerdict.PENDING
    ).values_list("dossier_id", flat=True):
        pending[dossier_id] = pending.get(dossier_id, 0) + 1
    rows = []
    for d in dossiers:
        cells = []
        for seat in seats:
            key = (d.pk, seat.user_id)
            sheet = sheets.get(key)
            state = "conflict" if key in conflicts else (sheet.status if sheet else "none")
            cells.append(Cell(state, sheet))
        submitted = sum(c.state == SheetStatus.SUBMITTED for c in cells)
        rows.append(ProgressRow(d, cells, submitted, pending.get(d.pk, 0)))
    return seats, rows


def round_consistency(round: Round, councils: list[Council]) -> list[tuple[Council, Consistency]]:
    """Consistency of each council in `round` (those given), from submitted sheets."""
    rows = list(
        ScoreSheet.objects.filter(
            dossier__round=round,
            dossier__council__in=councils,
            status=SheetStatus.SUBMITTED,
        )
        .select_related("dossier__product", "member")
        .order_by("dossier_id", "member_id")
    )
    conflicts = set(
        ConflictDeclaration.objects.filter(dossier__round=round, has_conflict=True).values_list(
            "dossier_id", "member_id"
        )
    )
    by_council: dict[int, list[tuple[Any, Any, Decimal]]] = {c.pk: [] for c in councils}
    for s in rows:
        if (s.dossier_id, s.member_id) not in conflicts:
            by_council[s.dossier.council_id].append((s.dossier, s.member, s.total))  # type: ignore[index]
    return [(c, analyse(by_council[c.pk])) for c in councils]


def member_dossiers(user: Any) -> Any:
    """Dossiers the user scores (a scoring seat on their council), newest round first."""
    return (
        Dossier.objects.filter(
            council__members__user=user,
            council__members__role__in=SCORING_ROLES,
            status__in=COUNCIL_STATUSES,
        )
        .select_related("product__producer", "round", "council")
        .order_by("-round__year", "product__name", "pk")
        .distinct()
    )


def with_own_sheets(
    user: Any, dossiers: list[Dossier]
) -> list[tuple[Dossier, ScoreSheet | None, ConflictDeclaration | None]]:
    """Each dossier with the user's sheet and conflict declaration (two queries)."""
    ids = [d.pk for d in dossiers]
    sheets = {s.dossier_id: s for s in ScoreSheet.objects.filter(member=user, dossier_id__in=ids)}
    declared = {
        c.dossier_id: c for c in ConflictDeclaration.objects.filter(member=user, dossier_id__in=ids)
    }
    return [(d, sheets.get(d.pk), declared.get(d.pk)) for d in dossiers]
