"""Benchmark data, part 3: showrooms and their listings (when the market app has them), and
the plans, targets and producers' yearly reports the office dashboard reads."""

import datetime
import random
from decimal import Decimal

from bench import names
from bench.gen_registry import HANOI, World, stamp
from bench.rows import insert

KINDS = ["showroom"] * 5 + ["point_of_sale"] * 4 + ["design_centre", "mall_booth", "mall_booth"]


def build_market(world: World) -> str:
    """Showrooms and listings; returns "" or why they were not generated."""
    try:
        from ocop.market.models import Listing, Showroom
    except ImportError as error:  # the market app is not there yet
        return f"market models unavailable ({error})"
    rng = world.rng
    showrooms = world.scaled(500)
    listings = world.scaled(200_000)
    hanoi = round(showrooms * 0.3)
    rows = []
    for sid in range(1, showrooms + 1):
        province = HANOI if sid <= hanoi else rng.choice(world.provinces)
        commune = rng.choice(world.communes_by_province[province])
        place = world.province_names[province]
        kind = rng.choice(KINDS)
        opened = datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
        opened = min(opened, world.today - datetime.timedelta(days=10))
        status = "open" if rng.random() < 0.9 else "temporarily_closed"
        name = f"Điểm giới thiệu và bán sản phẩm OCOP {rng.choice(names.BRAND_WORDS)} {place} {sid}"
        rows.append(
            (
                sid,
                name,
                kind,
                status,
                f"Số {rng.randint(1, 300)}, {place}",
                commune,
                None,
                f"Công ty TNHH Thương mại {rng.choice(names.BRAND_WORDS)}",
                None,
                rng.randint(600, 1500) if kind == "design_centre" else rng.randint(30, 400),
                opened,
                None,
                f"02{rng.randint(10_000_000, 99_999_999)}",
                f"showroom{sid}@example.vn",
                "8:00–21:00 hằng ngày",
                _coordinate(rng, 21.03, 0.2),
                _coordinate(rng, 105.85, 0.3),
                _fold(name),
                True,
                stamp(opened),
                stamp(opened),
            )
        )
    world.counts["showrooms"] = insert(
        Showroom,
        (
            "id name kind status address commune_id legacy_district_id operator_name "
            "host_retailer_id area_m2 opened_on closed_on phone email opening_hours latitude "
            "longitude name_folded is_sample created_at updated_at"
        ),
        rows,
    )
    world.counts["listings"] = insert(
        Listing,
        "id showroom_id product_id since shelf_price in_stock craft_village created_at updated_at",
        _listings(world, [r[10] for r in rows], listings),
    )
    return ""


def _listings(world: World, opened: list[datetime.date], total: int):  # type: ignore[no-untyped-def]
    """About `total` listings spread over the showrooms, mostly certified products."""
    rng = world.rng
    average = total / len(opened)
    pk = 0
    everything = range(1, world.products + 1)
    certified = world.certified or list(everything)
    for sid, since in enumerate(opened, start=1):
        wanted = min(int(average * rng.uniform(0.3, 1.7)), world.products)
        chosen = set(rng.sample(certified, min(int(wanted * 0.85), len(certified))))
        chosen.update(rng.sample(everything, wanted - len(chosen)))
        for product in sorted(chosen):
            pk += 1
            day = since + datetime.timedelta(days=rng.randint(0, 200))
            day = min(day, world.today)
            yield (
                pk,
                sid,
                product,
                day,
                rng.randint(4, 300) * 5_000,
                rng.random() < 0.92,
                rng.random() < 0.1,
                stamp(day),
                stamp(day),
            )


def _coordinate(rng: random.Random, centre: float, spread: float) -> Decimal:
    return Decimal(str(round(centre + rng.uniform(-spread, spread), 6)))


def _fold(text: str) -> str:
    from ocop.lib.text import fold

    return fold(text)


def build_reports(world: World) -> str:
    """The demo's plans and targets, and yearly reports of the Hanoi producers."""
    try:
        from ocop.reports import demo as reports_demo
    except ImportError as error:
        return f"reports app unavailable ({error})"
    plans, _targets, reports = reports_demo.build(world.rng)
    world.counts["plans"], world.counts["producer reports"] = plans, reports
    return ""
