"""Sample showrooms and what they list."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from ocop.accounts.models import User
from ocop.certification.models import CertificateStatus
from ocop.lib.text import fold
from ocop.market.compliance import judge_listing
from ocop.market.demo.data import DATA
from ocop.market.models import (
    Listing,
    Retailer,
    RetailerKind,
    Showroom,
    ShowroomKind,
    ShowroomStatus,
)
from ocop.market.selectors import certificates_by_product
from ocop.places.models import Commune, LegacyDistrict
from ocop.registry.models import Product

D = datetime.date
HANOI = 1
SHOWROOMS = 100
HTM_OPERATOR = "Công ty Cổ phần Đầu tư và Phát triển Nông nghiệp Hà Nội"
KIND_WORDS: dict[str, str] = {
    ShowroomKind.SHOWROOM: "Cửa hàng giới thiệu sản phẩm OCOP",
    ShowroomKind.POINT_OF_SALE: "Điểm bán sản phẩm OCOP",
    ShowroomKind.DESIGN_CENTRE: "Trung tâm thiết kế sáng tạo và bán sản phẩm OCOP",
    ShowroomKind.MALL_BOOTH: "Quầy sản phẩm OCOP",
}


def build_showrooms(
    rng: random.Random,
    communes: dict[str, Commune],
    districts: dict[str, LegacyDistrict],
    retailers: list[Retailer],
) -> list[Showroom]:
    """202 Hồ Tùng Mậu, then design centres, mall booths and showrooms across Hanoi."""
    hosts = [r for r in retailers if r.kind in (RetailerKind.MALL, RetailerKind.SUPERMARKET)]
    names = sorted(communes)
    showrooms = [_ho_tung_mau(communes, districts)]
    centres = DATA["design_centre_communes"]
    for index in range(1, SHOWROOMS):
        host: Retailer | None = None
        commune: Commune | None
        kind: str
        if index <= len(centres):
            kind, commune = ShowroomKind.DESIGN_CENTRE, communes[centres[index - 1]]
        elif index % 9 == 0:
            host = hosts[index % len(hosts)]
            kind, commune = ShowroomKind.MALL_BOOTH, host.commune
        else:
            kind = ShowroomKind.SHOWROOM if index % 3 else ShowroomKind.POINT_OF_SALE
            commune = communes[names[(index * 37) % len(names)]]
        assert commune is not None
        showrooms.append(_showroom(rng, index, kind, commune, host, districts))
    seen: dict[str, int] = defaultdict(int)
    for s in showrooms:
        seen[s.name] += 1
        s.name = s.name if seen[s.name] == 1 else f"{s.name} {seen[s.name]}"
        s.name_folded, s.is_sample = fold(s.name), True
    Showroom.objects.bulk_create(showrooms)
    saved = list(Showroom.objects.filter(is_sample=True).order_by("pk"))
    operator = User.objects.filter(username="operator").first()
    if operator is not None:  # the demo operator runs 202 Hồ Tùng Mậu and two more
        through = Showroom.operators.through
        through.objects.bulk_create(
            [through(showroom_id=s.pk, user_id=operator.pk) for s in saved[:3]]
        )
    return saved


def _ho_tung_mau(communes: dict[str, Commune], districts: dict[str, LegacyDistrict]) -> Showroom:
    return Showroom(
        name="Cửa hàng giới thiệu và bán sản phẩm OCOP Hà Nội – 202 Hồ Tùng Mậu",
        kind=ShowroomKind.SHOWROOM,
        status=ShowroomStatus.OPEN,
        address="202 Hồ Tùng Mậu",
        commune=communes["Phường Phú Diễn"],
        legacy_district=districts["Quận Bắc Từ Liêm"],
        operator_name=f"{HTM_OPERATOR} (Hanoi Agricultural Development & Investment Co.)",
        area_m2=100,
        opened_on=D(2020, 10, 15),
        phone="024 3763 1234",
        opening_hours="8:00–21:00 hằng ngày",
        latitude=Decimal("21.037300"),
        longitude=Decimal("105.774600"),
    )


def _showroom(
    rng: random.Random,
    index: int,
    kind: str,
    commune: Commune,
    host: Retailer | None,
    districts: dict[str, LegacyDistrict],
) -> Showroom:
    district, lat, lng = _place(rng, commune, districts)
    opened: D | None = _opening(rng, index, kind)
    status, closed = ShowroomStatus.OPEN, None
    if index % 23 == 0:
        status = ShowroomStatus.TEMPORARILY_CLOSED
    elif index % 29 == 0 and opened is not None:
        status, closed = ShowroomStatus.CLOSED, opened + datetime.timedelta(days=400)
    elif kind == ShowroomKind.DESIGN_CENTRE and index > 5:
        status, opened = ShowroomStatus.PLANNED, None
    place = host.name if host else commune.name.removeprefix("Xã ").removeprefix("Phường ")
    if kind == ShowroomKind.DESIGN_CENTRE:
        area, operator = rng.randint(500, 1500), f"Ủy ban nhân dân {place}"
    elif host is not None:
        area, operator = rng.randint(12, 40), host.name
    else:
        area = rng.randint(30, 150)
        operator = rng.choice(
            [
                HTM_OPERATOR,
                f"Hợp tác xã dịch vụ nông nghiệp {place}",
                f"Công ty TNHH Thương mại Đặc sản {place}",
            ]
        )
    return Showroom(
        name=f"{KIND_WORDS[kind]} {place}",
        kind=kind,
        status=status,
        address=host.address if host else f"Số {rng.randint(1, 300)} {rng.choice(DATA['streets'])}",
        commune=commune,
        legacy_district=district if opened and opened < D(2025, 7, 1) else None,
        operator_name=operator,
        host_retailer=host,
        area_m2=area,
        opened_on=opened,
        closed_on=closed,
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        opening_hours=rng.choice(["8:00–21:00", "7:30–18:00", "8:00–22:00 (cả tuần)"]),
        latitude=lat,
        longitude=lng,
    )


def _place(
    rng: random.Random, commune: Commune, districts: dict[str, LegacyDistrict]
) -> tuple[LegacyDistrict | None, Decimal, Decimal]:
    """The former district a commune mostly came from, and a point near its centre."""
    names = sorted(d.name for d in commune.legacy_districts.all() if d.name in districts)
    district = districts[names[0]] if names else None
    lat, lng = DATA["district_centres"].get(names[0] if names else "", [21.0285, 105.8542])
    return (
        district,
        Decimal(str(round(lat + rng.uniform(-0.012, 0.012), 6))),
        Decimal(str(round(lng + rng.uniform(-0.012, 0.012), 6))),
    )


def _opening(rng: random.Random, index: int, kind: str) -> D:
    """13 open by end 2020, 65 by end 2022, the rest to mid 2025 (Hanoi's reported growth);
    design and sales centres from 2024 (Decision 6385/2023)."""
    if kind == ShowroomKind.DESIGN_CENTRE:
        return D(2024, 3, 1) + datetime.timedelta(days=rng.randint(0, 450))
    if index < 13:
        return D(2019, 6, 1) + datetime.timedelta(days=rng.randint(0, 570))
    if index < 65:
        return D(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 729))
    return D(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))


def product_pools(today: D) -> dict[str, list[Product]]:
    """Sample products by how a showroom listing them would be judged today."""
    # Tourism services (group 6) are visited, not shelved.
    products = list(
        Product.objects.filter(is_sample=True)
        .exclude(category__code__startswith="6")
        .select_related("producer")
        .order_by("pk")
    )
    certificates = certificates_by_product(p.pk for p in products)
    pools: dict[str, list[Product]] = defaultdict(list)
    for product in products:
        verdict = judge_listing(certificates.get(product.pk, []), today)
        if verdict.is_ocop:
            pools["ocop"].append(product)
        elif verdict.certificate is None:
            pools["none"].append(product)
        elif verdict.codes[0] == CertificateStatus.REVOKED:
            pools["revoked"].append(product)
        else:
            pools["lapsed"].append(product)
        if product.province_of_origin_id != HANOI:
            pools["other_province"].append(product)
    return pools


def _pick(rng: random.Random, pools: dict[str, list[Product]]) -> tuple[Product, bool]:
    """One product for a shelf: mostly valid OCOP goods; about 1.5% revoked, 5.5% lapsed and
    7% never certified (half of those marked as craft-village goods)."""
    roll = rng.random()
    for pool, upto in (("revoked", 0.015), ("lapsed", 0.07), ("none", 0.14)):
        if roll < upto and pools.get(pool):
            return rng.choice(pools[pool]), pool == "none" and rng.random() < 0.5
    source = pools.get("ocop") or pools.get("none") or pools["lapsed"]
    return rng.choice(source), False


def build_listings(
    rng: random.Random, showrooms: list[Showroom], pools: dict[str, list[Product]]
) -> int:
    if not any(pools.values()):
        return 0
    rows: list[Listing] = []
    for index, showroom in enumerate(showrooms):
        if index == 0:
            count = 150
        elif showroom.is_design_centre:
            count = rng.randint(30, 60)
        else:
            count = rng.randint(8, 30)
        chosen: dict[int, tuple[Product, bool]] = {}
        if index == 0:  # 202 Hồ Tùng Mậu sells goods from many provinces
            chosen = {p.pk: (p, False) for p in pools.get("other_province", [])[:40]}
        while len(chosen) < count:
            product, craft = _pick(rng, pools)
            chosen.setdefault(product.pk, (product, craft))
        start = showroom.opened_on or D(2025, 6, 1)
        for product, craft in chosen.values():
            markup = rng.choice([1, 1.1, 1.2, 1.25])
            rows.append(
                Listing(
                    showroom=showroom,
                    product=product,
                    since=min(start + datetime.timedelta(days=rng.randint(0, 400)), D(2025, 6, 30)),
                    shelf_price=int((product.reference_price or 100_000) * markup) // 1000 * 1000,
                    in_stock=rng.random() > 0.08,
                    craft_village=craft,
                )
            )
    Listing.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
