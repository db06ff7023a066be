"""Decided rounds 2019–2025 with their dossiers, decisions and certificates (SAMPLE data)."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ocop.evaluation.actions.rules import sheet_for
from ocop.evaluation.classification import mean_score, star_class_for
from ocop.evaluation.demo import certification
from ocop.evaluation.demo.people import Pool, appoint
from ocop.evaluation.models import (
    Council,
    CriteriaSet,
    Dossier,
    DossierKind,
    DossierStatus,
    Era,
    Outcome,
    Round,
    RoundLevel,
    RoundStatus,
    ScoreSheet,
    SheetStatus,
)
from ocop.registry.models import Product

D = datetime.date
DISTRICT, PROVINCE, NATIONAL = RoundLevel.DISTRICT, RoundLevel.PROVINCE, RoundLevel.NATIONAL
P5 = 0  # stands for "potential 5★" in the quota tables


@dataclass(frozen=True)
class Plan:
    key: str
    year: int
    level: str
    era: str
    opens: datetime.date
    closes: datetime.date
    decided: datetime.date


def _plans() -> list[Plan]:
    plans = [
        Plan("2019d", 2019, DISTRICT, "1048/2019", D(2019, 9, 1), D(2019, 10, 15), D(2019, 11, 5)),
        Plan(
            "2019p", 2019, PROVINCE, "1048/2019", D(2019, 10, 20), D(2019, 11, 20), D(2019, 12, 14)
        ),
    ]
    for y in (2020, 2021, 2022):
        plans.append(Plan(f"{y}d", y, DISTRICT, "1048/2019", D(y, 5, 1), D(y, 7, 31), D(y, 8, 31)))
        plans.append(
            Plan(f"{y}p", y, PROVINCE, "1048/2019", D(y, 8, 15), D(y, 10, 31), D(y, 12, 10))
        )
    plans.append(
        Plan("2021n", 2021, NATIONAL, "1048/2019", D(2021, 2, 1), D(2021, 4, 30), D(2021, 6, 15))
    )
    for y in (2023, 2024):
        plans.append(Plan(f"{y}d", y, DISTRICT, "148/2023", D(y, 4, 1), D(y, 6, 30), D(y, 9, 15)))
        plans.append(Plan(f"{y}p", y, PROVINCE, "148/2023", D(y, 7, 1), D(y, 9, 30), D(y, 12, 10)))
    plans += [
        Plan("2023n", 2023, NATIONAL, "148/2023", D(2023, 4, 1), D(2023, 6, 30), D(2023, 8, 20)),
        Plan("2025ad", 2025, DISTRICT, "148/2023", D(2025, 3, 1), D(2025, 4, 15), D(2025, 6, 10)),
        Plan("2025ap", 2025, PROVINCE, "148/2023", D(2025, 3, 15), D(2025, 5, 15), D(2025, 6, 30)),
        Plan("2025b", 2025, PROVINCE, "1489/2025", D(2025, 8, 1), D(2025, 9, 30), D(2025, 12, 5)),
    ]
    return plans


# First certification per year and class (P5 = potential 5★), Hanoi's shape at 90% scale;
# 80 of the 3★ are upgraded to 4★ in 2024, which brings 3★ and 4★ close to Hanoi's 2025 ratio.
FIRST: dict[str, dict[int, int]] = {
    "2019": {4: 15, 3: 8},
    "2020": {P5: 15, 4: 560, 3: 350},
    "2021": {P5: 3, 4: 230, 3: 302},
    "2022": {P5: 3, 4: 190, 3: 273},
    "2023": {P5: 2, 4: 150, 3: 238},
    "2024": {P5: 2, 4: 90, 3: 158},
    "2025a": {4: 45, 3: 120},
    "2025b": {4: 60, 3: 185},
}
NOT_CERTIFIED = 20  # per year, at the first level that scores
KNOCKED_OUT = 2
RENEWALS_2023 = 120
UPGRADES_2024 = 80
NATIONAL_FIVE = {"2021n": 4, "2023n": 1}
# Whole-point ranges; scores fall 0.50 inside them so members' noise never changes the class.
RANGES = {3: (50, 69), 4: (70, 89), 5: (90, 93), P5: (90, 93), 2: (30, 49), 1: (15, 29)}


@dataclass
class Built:
    rounds: dict[str, Round] = field(default_factory=dict)
    councils: dict[str, Council] = field(default_factory=dict)
    dossiers: list[Dossier] = field(default_factory=list)
    leftover: list[Product] = field(default_factory=list)


def build(rng: random.Random, pool: Pool) -> str:
    eras = {e.code: e for e in Era.objects.all()}
    built = Built()
    for plan in _plans():
        round = Round.objects.create(
            name=_round_name(plan),
            year=plan.year,
            level=plan.level,
            era=eras[plan.era],
            province_id=1,
            opens_on=plan.opens,
            closes_on=plan.closes,
            status=RoundStatus.PUBLISHED,
            is_sample=True,
        )
        built.rounds[plan.key] = round
        secretary = pool.secretary if plan.key == "2025b" else rng.choice(pool.sample_secretaries)
        scorers = rng.sample(pool.sample_members, 6)
        if plan.key == "2025b":
            scorers = [scorers[0], *pool.members, *scorers[1:4]]
        built.councils[plan.key] = appoint(
            round,
            f"Hội đồng đánh giá, phân hạng sản phẩm OCOP – {round.name}",
            f"{rng.randint(100, 4999)}/QĐ-UBND",
            plan.opens,
            secretary,
            scorers,
            quorum=5,
        )
    _plan_dossiers(rng, built)
    # Renewals, upgrades and national results point at dossiers saved in the first pass.
    Dossier.objects.bulk_create([d for d in built.dossiers if d.previous is None], batch_size=500)
    Dossier.objects.bulk_create([d for d in built.dossiers if d.previous], batch_size=500)
    _sheets(rng, built)
    dates = {key: _plan_of(key).decided for key in built.rounds}
    decisions = certification.decisions(rng, built.rounds, dates, built.dossiers)
    made = certification.certificates(built.dossiers, decisions)
    certification.lifecycle(rng, pool, made)
    made += certification.expiring_soon(built.leftover, eras)
    return (
        f"{len(built.rounds)} decided rounds, {len(built.dossiers)} dossiers, "
        f"{len(made)} certificates"
    )


def _round_name(plan: Plan) -> str:
    level: dict[str, str] = {
        DISTRICT: "cấp huyện",
        PROVINCE: "cấp Thành phố",
        NATIONAL: "cấp quốc gia",
    }
    suffix = {"2025ad": " (đợt 1)", "2025ap": " (đợt 1)", "2025b": " (đợt 2)"}.get(plan.key, "")
    return f"Đánh giá, phân hạng sản phẩm OCOP {level[plan.level]} năm {plan.year}{suffix}"


def _score(rng: random.Random, stars: int) -> Decimal:
    low, high = RANGES[stars]
    return Decimal(rng.randint(low * 100 + 50, high * 100 + 49)) / 100


class _Maker:
    """Creates dossier objects (not saved) with the fields every demo dossier shares."""

    def __init__(self, built: Built) -> None:
        self.built = built
        self.sheets: dict[tuple[int, int], CriteriaSet | None] = {}

    def __call__(
        self, key: str, product: Product, outcome: str, score: Decimal, **kw: object
    ) -> Dossier:
        round = self.built.rounds[key]
        sheet_key = (product.category_id, round.era_id)
        if sheet_key not in self.sheets:
            self.sheets[sheet_key] = sheet_for(product=product, era=round.era)
        stars = None if outcome == Outcome.KNOCKED_OUT else star_class_for(score)
        dossier = Dossier(
            round=round,
            product=product,
            council=self.built.councils[key],
            criteria_set=self.sheets[sheet_key],
            status=DossierStatus.DECIDED,
            applicant_name=product.producer.name,
            description=product.description,
            samples_count=5 if round.era.code == "1048/2019" else 3,
            submitted_at=_aware(round.opens_on + datetime.timedelta(days=20)),
            final_score=score,
            star_class=stars,
            outcome=outcome,
            is_sample=True,
            **kw,
        )
        self.built.dossiers.append(dossier)
        return dossier


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def _plan_dossiers(rng: random.Random, built: Built) -> None:
    """Each product's path through the rounds (first certification, renewal, upgrade, ...)."""
    demo_products = current_demo_products()
    products = list(
        Product.objects.filter(is_sample=True)
        .exclude(pk__in=demo_products)
        .select_related("producer", "category")
        .order_by("pk")
    )
    rng.shuffle(products)
    make = _Maker(built)
    firsts: dict[str, dict[int, list[Dossier]]] = defaultdict(lambda: defaultdict(list))
    demo_first = Product.objects.select_related("producer", "category").filter(
        pk__in=demo_products[:1]
    )
    for year, quota in FIRST.items():
        for stars, count in quota.items():
            chosen = [products.pop() for _ in range(count)]
            if year == "2023" and stars == 4:
                chosen += list(demo_first)  # the demo producer's product: expiring soon
            for product in chosen:
                firsts[year][stars].append(_first(rng, make, year, stars, product))
    for year in FIRST:
        key = {"2025a": "2025ad", "2025b": "2025b"}.get(year, f"{year}d")  # first scoring
        for _ in range(NOT_CERTIFIED):
            stars = rng.choice([1, 2, 2])
            make(key, products.pop(), Outcome.NOT_CERTIFIED, _score(rng, stars))
        for _ in range(KNOCKED_OUT):
            make(key, products.pop(), Outcome.KNOCKED_OUT, _score(rng, 3))
    built.leftover = products
    later = [
        *[
            ("2021n", 5, DossierKind.UPGRADE, d)
            for d in firsts["2020"][P5][: NATIONAL_FIVE["2021n"]]
        ],
        *[
            ("2023n", 5, DossierKind.UPGRADE, d)
            for d in firsts["2021"][P5][: NATIONAL_FIVE["2023n"]]
        ],
        *[("2023p", 4, DossierKind.RENEWAL, d) for d in firsts["2020"][4][:RENEWALS_2023]],
        *[
            ("2024p", 4, DossierKind.UPGRADE, d)
            for d in (firsts["2021"][3] + firsts["2022"][3])[:UPGRADES_2024]
        ],
    ]
    for key, stars, kind, old in later:
        score = _score(rng, stars)
        make(key, old.product, Outcome.CERTIFIED, score, kind=kind, previous=old)


def current_demo_products() -> list[int]:
    from ocop.evaluation.demo.current import demo_producer_products

    return [p.pk for p in demo_producer_products()]


def _first(rng: random.Random, make: _Maker, year: str, stars: int, product: Product) -> Dossier:
    """First certification: a district dossier forwards it when the era says so."""
    if year == "2025b":
        outcome = Outcome.POTENTIAL_FIVE if stars == P5 else Outcome.CERTIFIED
        return make("2025b", product, outcome, _score(rng, stars))
    district, province = ("2025ad", "2025ap") if year == "2025a" else (f"{year}d", f"{year}p")
    old_era = int(year[:4]) < 2023
    if not old_era and stars == 3:  # 148/2023: districts certify 3★
        return make(district, product, Outcome.CERTIFIED, _score(rng, 3))
    # A district forwards 50+ under 1048/2019, 70+ under 148/2023 (it certifies 3★ itself).
    forwarded_class = 4 if stars in (P5, 4) or not old_era else 3
    make(district, product, Outcome.FORWARDED, _score(rng, forwarded_class))
    outcome = Outcome.POTENTIAL_FIVE if stars == P5 else Outcome.CERTIFIED
    return make(province, product, outcome, _score(rng, stars))


def _sheets(rng: random.Random, built: Built) -> None:
    """Members' totals for the 2025 (1489) round, averaging exactly to each final score."""
    council = built.councils["2025b"]
    scorers = [s.user for s in council.members.exclude(role="secretary").order_by("pk")]
    sheets = []
    for dossier in built.dossiers:
        if dossier.council_id != council.pk or dossier.final_score is None:
            continue
        noise = [Decimal(rng.randint(-300, 300)) / 100 for _ in scorers]
        shift = sum(noise, Decimal(0)) / len(noise)
        totals = [
            min(Decimal(100), max(Decimal(0), dossier.final_score + n - shift)).quantize(
                Decimal("0.01")
            )
            for n in noise
        ]
        dossier.final_score = mean_score(totals)
        sheets += [
            ScoreSheet(
                dossier=dossier,
                member=member,
                status=SheetStatus.SUBMITTED,
                total=total,
                submitted_at=_aware(built.rounds["2025b"].closes_on),
                is_sample=True,
            )
            for member, total in zip(scorers, totals, strict=True)
        ]
    ScoreSheet.objects.bulk_create(sheets, batch_size=1000)
    updated = [d for d in built.dossiers if d.council_id == council.pk]
    Dossier.objects.bulk_update(updated, ["final_score"], batch_size=500)


def _plan_of(key: str) -> Plan:
    return next(p for p in _plans() if p.key == key)
