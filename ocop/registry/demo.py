"""Deterministic sample registry at Hanoi's mid-2025 shape: ~1,000 producers, ~3,300 products.

Everything created here is flagged `is_sample`, and the UI shows a banner while any exists.
Craft villages and specialties are real; the producers, people and figures are invented.
"""

import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ocop.places.models import Commune, LegacyDistrict, Province
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
    "Đạt",
    "Khánh",
    "Oanh",
    "Thắng",
    "Thủy",
]


@dataclass(frozen=True)
class Village:
    """A real craft village or specialty area, placed in its commune after July 2025."""

    name: str
    commune: str
    legacy_district: str
    trade: str
    products: tuple[tuple[str, str], ...]  # (product name stem, taxonomy category code)
    weight: int = 1


def _load_places() -> tuple[list[Village], list[tuple[str, tuple[tuple[str, str], ...]]]]:
    data = tomllib.loads((Path(__file__).parent / "data" / "demo_villages.toml").read_text("utf-8"))
    villages = [
        Village(
            name=v["name"],
            commune=v["commune"],
            legacy_district=v["legacy_district"],
            trade=v["trade"],
            products=tuple((stem, code) for stem, code in v["products"]),
            weight=v["weight"],
        )
        for v in data["villages"]
    ]
    others = [
        (o["province"], tuple((stem, code) for stem, code in o["products"]))
        for o in data["other_provinces"]
    ]
    return villages, others


VILLAGES, OTHER_PROVINCES = _load_places()

BRAND_WORDS = [
    "Hưng Thịnh",
    "Phúc Lộc",
    "An Phát",
    "Thành Đạt",
    "Minh Long",
    "Hoàng Gia",
    "Tâm An",
    "Việt Xanh",
    "Quê Hương",
    "Kim Ngân",
    "Đất Việt",
    "Sen Vàng",
    "Hồng Phát",
    "Thiên Phú",
    "Bảo Ngọc",
    "Trường Xuân",
    "Đồng Xanh",
    "Gia Bảo",
]
VARIANTS = [
    "",
    "loại đặc biệt",
    "hộp quà",
    "truyền thống",
    "cao cấp",
    "túi 500g",
    "hữu cơ",
    "thủ công",
    "gia truyền",
    "mẫu mới",
]
UNITS = {"1": "kg", "2": "chai", "3": "hộp", "4": "chiếc", "5": "chậu", "6": "lượt"}

DEMO_PRODUCERS = 1_000
DEMO_PRODUCTS = 3_300


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def producer_name(rng: random.Random, kind: str, trade: str, place: str) -> str:
    brand = rng.choice(BRAND_WORDS)
    if kind == ProducerKind.ENTERPRISE:
        form = rng.choice(["Công ty TNHH", "Công ty cổ phần"])
        return f"{form} {trade.split(',')[0]} {brand} {place}"
    if kind == ProducerKind.COOPERATIVE:
        return f"Hợp tác xã {trade.split(',')[0]} {place} {brand}"
    if kind == ProducerKind.COOPERATIVE_GROUP:
        return f"Tổ hợp tác {trade.split(',')[0]} {place} {brand}"
    return f"Hộ kinh doanh {person(rng)}"


def build(rng: random.Random) -> tuple[int, int]:
    """Create the sample producers and products. Returns (producers, products)."""
    hanoi = Province.objects.get(pk=1)
    categories = {
        c.code: c
        for c in ProductCategory.objects.filter(taxonomy__code="148/2023").select_related("parent")
    }
    communes = {c.name: c for c in Commune.objects.filter(province=hanoi)}
    legacy = {
        d.name: d for d in LegacyDistrict.objects.filter(legacy_province_name__contains="Hà Nội")
    }
    others = {p.short_name: p for p in Province.objects.all()}
    places = [(v, communes[v.commune]) for v in VILLAGES for _ in range(v.weight)]

    producers: list[Producer] = []
    plans: list[tuple[Producer, tuple[tuple[str, str], ...], Province, str]] = []
    used_codes: set[str] = set()
    kinds = (
        [ProducerKind.ENTERPRISE] * 3
        + [ProducerKind.COOPERATIVE] * 4
        + [ProducerKind.COOPERATIVE_GROUP]
        + [ProducerKind.HOUSEHOLD] * 4
    )
    for i in range(DEMO_PRODUCERS):
        kind = rng.choice(kinds)
        if i % 20 == 19:  # about 5% from other provinces, sold in Hanoi showrooms
            short, stems = OTHER_PROVINCES[i // 20 % len(OTHER_PROVINCES)]
            province = others.get(short, hanoi)
            commune = rng.choice(list(province.communes.all()[:40])) if province != hanoi else None
            trade, village_name, district = "nông sản", short, None
            commune = commune or communes["Xã Bát Tràng"]
        else:
            village, commune = rng.choice(places)
            stems, province = village.products, hanoi
            trade, village_name = village.trade, village.name
            district = legacy.get(village.legacy_district)
        code = _unique_code(rng, used_codes)
        founded = rng.randint(1985, 2024)
        producer = Producer(
            kind=kind,
            name=producer_name(rng, kind, trade, village_name)[:255],
            tax_code=None if kind == ProducerKind.HOUSEHOLD else code,
            business_registration_no=f"01H8{code[4:]}" if kind == ProducerKind.HOUSEHOLD else "",
            address=f"Số {rng.randint(1, 250)}, thôn {village_name}",
            village=village_name if province == hanoi else "",
            commune=commune,
            legacy_district=district if founded < 2025 else None,
            representative=person(rng),
            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            email=f"lienhe{i + 1}@example.vn",
            women_led=rng.random() < 0.35,
            ethnic_minority_led=village_name == "Ba Vì" and rng.random() < 0.3,
            workers=rng.randint(2, 120),
            founded_year=founded,
            is_sample=True,
        )
        producer.name_folded = ""
        producers.append(producer)
        plans.append((producer, stems, province, village_name))
    _dedupe_names(producers)
    for p in producers:
        p.name_folded = _fold(p.name)
    Producer.objects.bulk_create(producers, batch_size=500)

    products: list[Product] = []
    per_producer = _split(DEMO_PRODUCTS, len(plans), rng)
    for (producer, stems, province, village_name), count in zip(plans, per_producer, strict=True):
        names: set[str] = set()
        for _ in range(count):
            stem, code = rng.choice(stems)
            name = f"{stem} {village_name}".strip()
            variant = rng.choice(VARIANTS)
            while name in names:
                name = f"{stem} {village_name} {variant}".strip()
                variant = f"{rng.choice(VARIANTS)} {rng.randint(2, 99)}"
            names.add(name)
            category = categories[code]
            products.append(
                Product(
                    name=name,
                    producer=producer,
                    category=category,
                    description=f"{stem} do {producer.name} sản xuất tại {village_name}.",
                    story=(
                        f"Sản phẩm gắn với nghề {_trade_of(village_name)} lâu đời"
                        f" của {village_name}."
                    ),
                    unit=UNITS[category.group.code],
                    reference_price=rng.randint(3, 400) * 5_000,
                    raw_material_origin=rng.choice(
                        ["Nguyên liệu tại địa phương", "Vùng nguyên liệu liên kết", "Trong tỉnh"]
                    ),
                    province_of_origin=province,
                    name_folded=_fold(name),
                    is_sample=True,
                )
            )
    Product.objects.bulk_create(products, batch_size=500)
    return len(producers), len(products)


def _trade_of(village_name: str) -> str:
    return next((v.trade for v in VILLAGES if v.name == village_name), "truyền thống")


def _fold(text: str) -> str:
    from ocop.lib.text import fold

    return fold(text)


def _unique_code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = f"01{rng.randint(0, 99_999_999):08d}"
        if code not in used:
            used.add(code)
            return code


def _dedupe_names(producers: list[Producer]) -> None:
    seen: dict[str, int] = {}
    for p in producers:
        seen[p.name] = seen.get(p.name, 0) + 1
        if seen[p.name] > 1:
            p.name = f"{p.name} {seen[p.name]}"


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` items over `parts` holders, each at least one, skewed like real producers."""
    counts = [1] * parts
    for _ in range(total - parts):
        counts[min(int(rng.paretovariate(1.2)) - 1 + rng.randrange(parts), parts - 1)] += 1
    return counts
