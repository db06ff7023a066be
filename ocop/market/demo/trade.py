"""Sample retailers and platforms, what they carry, producers' channels, and trade fairs."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from ocop.lib.text import fold
from ocop.market.demo.data import DATA
from ocop.market.models import (
    Carriage,
    Channel,
    Fair,
    FairRegistration,
    ProducerChannel,
    RegistrationStatus,
    Retailer,
    RetailerKind,
)
from ocop.places.models import Commune, LegacyDistrict, Province
from ocop.registry.models import Producer, Product

D = datetime.date
REFORM = D(2025, 7, 1)  # districts abolished; the agriculture department renamed in March


def build_retailers(communes: dict[str, Commune]) -> list[Retailer]:
    rows = [
        Retailer(
            name=name,
            kind=kind,
            commune=communes.get(commune),
            address=address,
            website=website,
            opened_on=D(2012, 1, 1),
            name_folded=fold(name),
            is_sample=True,
        )
        for name, kind, commune, address, website in DATA["retailers"]
    ]
    rows += [
        Retailer(
            name=name,
            kind=RetailerKind.ECOMMERCE,
            website=site,
            name_folded=fold(name),
            is_sample=True,
        )
        for name, site in DATA["platforms"]
    ]
    Retailer.objects.bulk_create(rows)
    saved = list(Retailer.objects.filter(is_sample=True).order_by("pk"))
    chains = [r for r in saved if r.kind == RetailerKind.CONVENIENCE_CHAIN]
    for store in saved:
        if store.kind == RetailerKind.CONVENIENCE_STORE:
            store.chain = next(c for c in chains if store.name.startswith(c.name + " "))
    Retailer.objects.bulk_update(saved, ["chain"])
    return saved


def build_carriages(
    rng: random.Random, retailers: list[Retailer], pools: dict[str, list[Product]]
) -> int:
    """Platforms carry OCOP producers' ranges; outlets carry a few products each. Two
    supermarkets carry no OCOP goods yet, so the 100% target is not met in the demo."""
    ocop = pools.get("ocop", [])
    others = pools.get("none", []) + pools.get("lapsed", [])
    rows: list[Carriage] = []
    for index, retailer in enumerate(retailers):
        since = D(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 1200))
        if retailer.kind == RetailerKind.ECOMMERCE:
            producers = sorted({p.producer_id for p in rng.sample(ocop, min(len(ocop), 60))})
            rows += [Carriage(retailer=retailer, producer_id=pk, since=since) for pk in producers]
            continue
        pool = others if index in (12, 15) or not ocop else ocop
        for product in rng.sample(pool, min(len(pool), rng.randint(3, 15))):
            rows.append(
                Carriage(retailer=retailer, producer=product.producer, product=product, since=since)
            )
    Carriage.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def build_channels(rng: random.Random) -> int:
    """Every producer sells traditionally; about 30% online and 4% abroad."""
    rows: list[ProducerChannel] = []
    producers = Producer.objects.filter(is_sample=True).order_by("pk").only("pk", "founded_year")
    for producer in producers:
        since = D(max(producer.founded_year or 2015, 2010), 1, 1)
        rows.append(ProducerChannel(producer=producer, channel=Channel.TRADITIONAL, since=since))
        if rng.random() < 0.3:
            online = D(rng.randint(2019, 2025), rng.randint(1, 12), 1)
            rows.append(ProducerChannel(producer=producer, channel=Channel.ECOMMERCE, since=online))
        if rng.random() < 0.04:
            abroad = D(rng.randint(2018, 2024), 1, 1)
            rows.append(ProducerChannel(producer=producer, channel=Channel.EXPORT, since=abroad))
    ProducerChannel.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def build_fairs(
    rng: random.Random,
    communes: dict[str, Commune],
    districts: dict[str, LegacyDistrict],
    pools: dict[str, list[Product]],
    today: D,
) -> tuple[int, int]:
    """The fairs of 2020–2025 in the data file, and two ahead of today for the calendar."""
    plans = [dict(plan) for plan in DATA["fairs"]]
    plans.append(
        {
            "name": "Tuần hàng sản phẩm OCOP và làng nghề Hà Nội",
            "venue": "imperial_citadel",
            "starts_on": today + datetime.timedelta(days=20),
            "days": 4,
            "region_theme": "",
            "provinces": ["Hà Nội"],
        }
    )
    plans.append(
        {
            "name": "Hội chợ sản phẩm OCOP vùng Đồng bằng sông Hồng",
            "venue": "giang_vo",
            "starts_on": today + datetime.timedelta(days=45),
            "days": 5,
            "region_theme": "red_river_delta",
            "provinces": ["Hà Nội", "Hưng Yên", "Ninh Bình", "Hải Phòng"],
        }
    )
    fairs = [_fair(rng, plan, communes, districts, today) for plan in plans]
    Fair.objects.bulk_create(fairs)
    saved = list(Fair.objects.filter(is_sample=True).order_by("pk"))
    provinces = {p.short_name: p.pk for p in Province.objects.all()}
    through = Fair.provinces.through
    through.objects.bulk_create(
        [
            through(fair_id=fair.pk, province_id=provinces[short])
            for fair, plan in zip(saved, plans, strict=True)
            for short in plan["provinces"]
            if short in provinces
        ]
    )
    return len(saved), _registrations(rng, saved, pools, today)


def _fair(
    rng: random.Random,
    plan: dict,
    communes: dict[str, Commune],
    districts: dict[str, LegacyDistrict],
    today: D,
) -> Fair:
    venue = DATA["venues"][plan["venue"]]
    start = plan["starts_on"]
    end = start + datetime.timedelta(days=plan["days"] - 1)
    over = end < today
    lat, lng = venue["location"]
    return Fair(
        name=plan["name"],
        venue=venue["venue"],
        address=venue["address"],
        commune=communes[venue["commune"]],
        legacy_district=districts[venue["legacy_district"]] if start < REFORM else None,
        starts_on=start,
        ends_on=end,
        organiser="Sở Nông nghiệp và Phát triển nông thôn Hà Nội"
        if start < D(2025, 3, 1)
        else "Sở Nông nghiệp và Môi trường Hà Nội",
        region_theme=plan["region_theme"],
        booths=rng.choice([80, 100, 120, 150, 200]),
        latitude=Decimal(str(lat)),
        longitude=Decimal(str(lng)),
        reported_sales=rng.randint(8, 120) * 100_000_000 if over else None,
        visitors=rng.randint(5, 60) * 1000 if over else None,
        deals=rng.randint(5, 60) if over else None,
        venue_folded=fold(venue["venue"]),
        is_sample=True,
    )


def _registrations(
    rng: random.Random, fairs: list[Fair], pools: dict[str, list[Product]], today: D
) -> int:
    """Up to 30 producers per fair; past ones accepted (a few not), coming ones partly pending."""
    candidates = pools.get("ocop") or pools.get("none") or []
    if not candidates:
        return 0
    regs: list[FairRegistration] = []
    chosen: list[list[Product]] = []
    for fair in fairs:
        by_producer: dict[int, list[Product]] = defaultdict(list)
        for product in rng.sample(candidates, min(len(candidates), 60)):
            by_producer[product.producer_id].append(product)
        upcoming = fair.starts_on > today
        for number, (producer_id, products) in enumerate(sorted(by_producer.items())[:30], 1):
            status = RegistrationStatus.ACCEPTED
            if upcoming and number % 3 == 0:
                status = RegistrationStatus.SUBMITTED
            elif number % 11 == 0:
                status = RegistrationStatus.REJECTED
            accepted = status == RegistrationStatus.ACCEPTED
            regs.append(
                FairRegistration(
                    fair=fair,
                    producer_id=producer_id,
                    status=status,
                    booth=f"{'ABCD'[number % 4]}{number:02d}" if accepted else "",
                    sales=rng.randint(5, 300) * 1_000_000 if accepted and not upcoming else None,
                    is_sample=True,
                )
            )
            chosen.append(products)
    FairRegistration.objects.bulk_create(regs, batch_size=1000)
    saved = list(FairRegistration.objects.filter(is_sample=True).order_by("pk"))
    through = FairRegistration.products.through
    through.objects.bulk_create(
        [
            through(fairregistration_id=reg.pk, product_id=p.pk)
            for reg, products in zip(saved, chosen, strict=True)
            for p in products
        ],
        batch_size=1000,
    )
    return len(saved)
