"""From a final score to a star class and an outcome (DOMAIN.md, 'Scoring' and 'Who evaluates').

Pure functions: no database, so every boundary and every era can be tested exactly.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ocop.evaluation.models.dossiers import Outcome
from ocop.evaluation.models.rounds import RoundLevel

TWO_PLACES = Decimal("0.01")

# Lower bounds, inclusive: 90.00 is 5★, 89.99 is 4★.
STAR_BOUNDS: tuple[tuple[Decimal, int], ...] = (
    (Decimal("90"), 5),
    (Decimal("70"), 4),
    (Decimal("50"), 3),
    (Decimal("30"), 2),
)
LOWEST_CERTIFIED = 3

# Councils rank from the commune up; a council below the certifying level forwards the product.
LEVEL_RANK: dict[str, int] = {
    RoundLevel.COMMUNE: 0,
    RoundLevel.DISTRICT: 1,
    RoundLevel.PROVINCE: 2,
    RoundLevel.NATIONAL: 3,
}


def star_class_for(score: Decimal) -> int:
    """The star class of a final score: ≥90 5★, ≥70 4★, ≥50 3★, ≥30 2★, else 1★."""
    for bound, stars in STAR_BOUNDS:
        if score >= bound:
            return stars
    return 1


def mean_score(totals: list[Decimal]) -> Decimal:
    """Arithmetic mean of the members' totals, 2 places, half rounded up."""
    if not totals:
        raise ValueError("no totals to average")
    return (sum(totals, Decimal(0)) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Result:
    star_class: int
    outcome: str


def outcome_for(*, score: Decimal, level: str, certifying_levels: dict[str, Any]) -> Result:
    """What a council at `level` does with `score` under an era's `certifying_levels`.

    - below 3★: not certified;
    - the era says this level certifies the class: certified;
    - a higher level certifies it: forwarded (at province level a 5★ result is "potential 5★");
    - a lower level certifies it (e.g. a national council scoring a 4★ result): not certified
      here; the product keeps what the lower level gave it.
    """
    stars = star_class_for(score)
    if stars < LOWEST_CERTIFIED:
        return Result(stars, Outcome.NOT_CERTIFIED)
    certifier = str(certifying_levels.get(str(stars), ""))
    if certifier == level:
        return Result(stars, Outcome.CERTIFIED)
    if certifier in LEVEL_RANK and LEVEL_RANK[certifier] > LEVEL_RANK[RoundLevel(level)]:
        if stars == 5 and level == RoundLevel.PROVINCE:
            return Result(stars, Outcome.POTENTIAL_FIVE)
        return Result(stars, Outcome.FORWARDED)
    return Result(stars, Outcome.NOT_CERTIFIED)


def certificate_stars(*, star_class: int | None, outcome: str) -> int | None:
    """The stars a certificate carries for this result, or None when none is issued.

    A potential 5★ product is certified at 4★ by the province while it waits for the
    national council (Hanoi counts them apart: "22 potential five-star").
    """
    if outcome == Outcome.CERTIFIED and star_class:
        return star_class
    if outcome == Outcome.POTENTIAL_FIVE:
        return 4
    return None
