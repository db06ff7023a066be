"""How consistently a council's members score (DOMAIN.md: scoring is called subjective and
lenient; show each member's score, flag wide spreads).

Works on submitted totals only. Decimal throughout; no floats.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

OUTLIER_POINTS = Decimal(15)
TWO = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass
class MemberScore:
    member: Any
    total: Decimal
    others_mean: Decimal | None = None
    deviation: Decimal | None = None  # total minus the mean of the others
    flagged: bool = False


@dataclass
class DossierSpread:
    dossier: Any
    scores: list[MemberScore]
    mean: Decimal
    spread: Decimal  # highest total minus lowest

    @property
    def flagged(self) -> bool:
        return any(s.flagged for s in self.scores)


@dataclass
class MemberSummary:
    member: Any
    sheets: int = 0
    mean_deviation: Decimal = Decimal(0)  # + scores above the others, − below
    mean_abs_deviation: Decimal = Decimal(0)
    flags: int = 0
    deviations: list[Decimal] = field(default_factory=list)


@dataclass
class Consistency:
    dossiers: list[DossierSpread]
    members: list[MemberSummary]
    icc: Decimal | None
    mad: Decimal | None  # mean absolute distance of a total from its dossier's mean


def spread_for(dossier: Any, totals: list[tuple[Any, Decimal]]) -> DossierSpread:
    """Each member's distance from the mean of the other members; > 15 points is flagged."""
    scores = [MemberScore(member, total) for member, total in totals]
    values = [s.total for s in scores]
    whole = sum(values, Decimal(0))
    for s in scores:
        if len(values) > 1:
            s.others_mean = _q((whole - s.total) / (len(values) - 1))
            s.deviation = s.total - s.others_mean
            s.flagged = abs(s.deviation) > OUTLIER_POINTS
    mean = _q(whole / len(values)) if values else Decimal(0)
    spread = max(values) - min(values) if values else Decimal(0)
    return DossierSpread(dossier, scores, mean, spread)


def analyse(rows: list[tuple[Any, Any, Decimal]]) -> Consistency:
    """`rows` are (dossier, member, submitted total), in any order."""
    by_dossier: dict[Any, list[tuple[Any, Decimal]]] = defaultdict(list)
    for dossier, member, total in rows:
        by_dossier[dossier].append((member, total))
    spreads = [spread_for(d, t) for d, t in by_dossier.items()]
    members: dict[Any, MemberSummary] = {}
    for spread in spreads:
        for s in spread.scores:
            summary = members.setdefault(s.member, MemberSummary(s.member))
            summary.sheets += 1
            if s.deviation is not None:
                summary.deviations.append(s.deviation)
                summary.flags += s.flagged
    for summary in members.values():
        if summary.deviations:
            n = len(summary.deviations)
            summary.mean_deviation = _q(sum(summary.deviations, Decimal(0)) / n)
            summary.mean_abs_deviation = _q(sum(map(abs, summary.deviations), Decimal(0)) / n)
    groups = [[t for _, t in totals] for totals in by_dossier.values() if len(totals) > 1]
    return Consistency(
        dossiers=sorted(spreads, key=lambda s: -s.spread),
        members=sorted(members.values(), key=lambda m: str(m.member)),
        icc=icc1(groups),
        mad=_mad(groups),
    )


def _mad(groups: list[list[Decimal]]) -> Decimal | None:
    distances = []
    for g in groups:
        mean = sum(g, Decimal(0)) / len(g)
        distances += [abs(x - mean) for x in g]
    return _q(sum(distances, Decimal(0)) / len(distances)) if distances else None


def icc1(groups: list[list[Decimal]]) -> Decimal | None:
    """One-way random-effects intraclass correlation ICC(1) for unequal group sizes.

    Each group holds the totals given to one dossier. Near 1: members agree (differences
    between dossiers dominate); near 0 or below: members differ as much as dossiers do.
    None when there are fewer than two dossiers with two or more totals.
    """
    k = len(groups)
    n_total = sum(len(g) for g in groups)
    if k < 2 or n_total <= k:
        return None
    grand = sum((x for g in groups for x in g), Decimal(0)) / n_total
    means = [sum(g, Decimal(0)) / len(g) for g in groups]
    ssb = sum(
        (Decimal(len(g)) * (m - grand) ** 2 for g, m in zip(groups, means, strict=True)), Decimal(0)
    )
    ssw = sum(
        ((x - m) ** 2 for g, m in zip(groups, means, strict=True) for x in g),
        Decimal(0),
    )
    msb, msw = ssb / (k - 1), ssw / (n_total - k)
    squares = sum((Decimal(len(g)) ** 2 for g in groups), Decimal(0))
    n0 = (n_total - squares / n_total) / (k - 1)
    denominator = msb + (n0 - 1) * msw
    if denominator == 0:
        return None
    return _q((msb - msw) / denominator)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: int
    width: int
    y: int
    negative: bool


def deviation_bars(members: list[MemberSummary], half_width: int = 160) -> list[Bar]:
    """Horizontal bars around a zero line for each member's mean deviation (SVG geometry)."""
    scale = max((abs(m.mean_deviation) for m in members), default=Decimal(0)) or Decimal(1)
    bars = []
    for i, m in enumerate(members):
        width = int((abs(m.mean_deviation) / scale * half_width).to_integral_value())
        negative = m.mean_deviation < 0
        x = half_width - width if negative else half_width
        label = getattr(m.member, "get_full_name", str)() or str(m.member)
        bars.append(Bar(label, m.mean_deviation, x, width, 8 + i * 26, negative))
    return bars
