"""Benchmark data, part 1: producers and products over the 34 provinces, and the users who
sit on councils. Hanoi keeps its real share (about 3,300 of 17,000 products nationally)."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from bench import names
from bench.rows import insert
from ocop.accounts.models import Role, User
from ocop.lib.text import fold
from ocop.places.models import Commune, LegacyDistrict, Province
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory

HANOI = 1
HANOI_SHARE = 0.19
KINDS = (
    [ProducerKind.ENTERPRISE] * 3
    + [ProducerKind.COOPERATIVE] * 4
    + [ProducerKind.COOPERATIVE_GROUP]
    + [ProducerKind.HOUSEHOLD] * 4
)
MEMBERS_PER_PROVINCE = 6  # a chair, four members and a secretary


def stamp(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


@dataclass
class World:
    """What the later parts of the generator need to know about what was created."""

    rng: random.Random
    today: datetime.date
    products: int
    # per product (index = id - 1): province code
    product_province: list[int] = field(default_factory=list)
    product_producer: list[int] = field(default_factory=list)
    producer_province: list[int] = field(default_factory=list)
    producer_commune: list[int] = field(default_factory=list)
    producer_tax_code: list[str | None] = field(default_factory=list)
    provinces: list[int] = field(default_factory=list)
    province_names: dict[int, str] = field(default_factory=dict)
    communes_by_province: dict[int, list[int]] = field(default_factory=dict)
    commune_names: dict[int, str] = field(default_factory=dict)
    districts_by_province: dict[int, list[int]] = field(default_factory=dict)
    members_by_province: dict[int, list[int]] = field(default_factory=dict)
    certified: list[int] = field(default_factory=list)  # products with any certificate
    office_id: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def producers(self) -> int:
        return max(1, self.products // 2)

    def scaled(self, at_20k: int) -> int:
        """A count given for 20,000 products, scaled to this run's size."""
        return max(1, round(at_20k * self.products / 20_000))


def _province_shares(rng: random.Random, provinces: list[int]) -> dict[int, float]:
    others = [p for p in provinces if p != HANOI]
    weights = {p: rng.uniform(0.5, 1.5) for p in others}
    total = sum(weights.values())
    shares = {p: (1 - HANOI_SHARE) * w / total for p, w in weights.items()}
    shares[HANOI] = HANOI_SHARE
    return shares


def _allocate(total: int, shares: dict[int, float]) -> dict[int, int]:
    """`total` split by `shares` into whole numbers adding up to `total`."""
    counts = {k: int(total * s) for k, s in shares.items()}
    keys = sorted(shares, key=lambda k: -shares[k])
    for i in range(total - sum(counts.values())):
        counts[keys[i % len(keys)]] += 1
    return counts


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` items over `parts` holders, each at least one, skewed like real producers."""
    counts = [1] * parts
    for _ in range(total - parts):
        counts[min(int(rng.paretovariate(1.2)) - 1 + rng.randrange(parts), parts - 1)] += 1
    return counts


def load_places(world: World) -> None:
    world.provinces = list(Province.objects.order_by("code").values_list("code", flat=True))
    world.province_names = {p.code: p.short_name for p in Province.objects.all()}
    for code, province, name in Commune.objects.order_by("code").values_list(
        "code", "province_id", "name"
    ):
        world.communes_by_province.setdefault(province, []).append(code)
        world.commune_names[code] = name
    for code, province in (
        LegacyDistrict.objects.exclude(province=None)
        .order_by("code")
        .values_list("code", "province_id")
    ):
        world.districts_by_province.setdefault(province, []).append(code)


def build_users(world: World) -> None:
    """An office login for the dashboard, and council seats per province."""
    office = User(username="bench-office", role=Role.OFFICE, first_name="Văn phòng OCOP")
    office.set_unusable_password()
    office.save()
    world.office_id = office.pk
    users = []
    for province in world.provinces:
        for k in range(MEMBERS_PER_PROVINCE):
            role = Role.SECRETARY if k == MEMBERS_PER_PROVINCE - 1 else Role.MEMBER
            user = User(
                username=f"bench-{province}-{k}",
                role=role,
                first_name=names.person(world.rng),
            )
            user.set_unusable_password()  # nobody logs in as them
            users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    for user in (
        User.objects.filter(username__startswith="bench-").exclude(pk=office.pk).order_by("pk")
    ):
        province = int(user.username.split("-")[1])
        world.members_by_province.setdefault(province, []).append(user.pk)
    world.counts["users"] = len(users) + 1


def _lines(world: World, province: int) -> tuple[list[tuple[str, str]], str, str]:
    """A producer's product line: stems with their group codes, trade and place word."""
    rng = world.rng
    communes = world.communes_by_province[province]
    if province == HANOI and rng.random() < 0.65:
        village = rng.choices(names.VILLAGES, weights=[v.weight for v in names.VILLAGES])[0]
        return list(village.products), village.trade, village.name
    own = [
        s
        for p, stems in names.OTHER_PROVINCES
        if p == world.province_names[province]
        for s in stems
    ]
    main = rng.choice(names.GENERIC)
    related = [g for g in names.GENERIC if g[1][0] == main[1][0] and g != main]
    stems = [(main[0], main[1]), *((g[0], g[1]) for g in rng.sample(related, min(2, len(related))))]
    if own and rng.random() < 0.3:
        stems = list(own)
    place = names.place_word(world.commune_names[rng.choice(communes)])
    return stems, main[2], place


def build_registry(world: World) -> None:
    """Producers and products, inserted in bulk with ids 1..N."""
    rng = world.rng
    categories = dict(
        ProductCategory.objects.filter(taxonomy__code="148/2023").values_list("code", "pk")
    )
    group_of = {code: code.split(".")[0] for code in categories}
    hanoi_communes = dict(Commune.objects.filter(province_id=HANOI).values_list("name", "code"))
    hanoi_districts = dict(
        LegacyDistrict.objects.filter(province_id=HANOI).values_list("name", "code")
    )
    predecessors: dict[int, list[int]] = defaultdict(list)
    through = LegacyDistrict.successor_communes.through
    for commune, district in through.objects.order_by("pk").values_list(
        "commune_id", "legacydistrict_id"
    ):
        predecessors[commune].append(district)

    shares = _province_shares(rng, world.provinces)
    per_province = _allocate(world.producers, shares)
    producer_rows, product_rows = [], []
    plans: list[tuple[int, list[tuple[str, str]], str, int]] = []
    created = stamp(world.today - datetime.timedelta(days=400))
    used_codes: set[str] = set()
    for province in world.provinces:
        for _ in range(per_province[province]):
            pid = len(producer_rows) + 1
            kind = rng.choice(KINDS)
            stems, trade, place = _lines(world, province)
            if province == HANOI and any(v.name == place for v in names.VILLAGES):
                v = next(v for v in names.VILLAGES if v.name == place)
                commune = hanoi_communes[v.commune]
                district = hanoi_districts.get(v.legacy_district)
            else:
                commune = rng.choice(world.communes_by_province[province])
                before = predecessors.get(commune)
                district = rng.choice(before) if before else None
            founded = rng.randint(1985, 2025)
            code = _tax_code(rng, province, used_codes)
            name = names.producer_name(rng, kind, trade, place)[:255]
            household = kind == ProducerKind.HOUSEHOLD
            producer_rows.append(
                (
                    pid,
                    kind,
                    name,
                    None if household else code,
                    f"{province:02d}H{pid:08d}" if household else "",
                    f"Số {rng.randint(1, 250)}, thôn {place}",
                    place,
                    commune,
                    district if founded < 2025 else None,
                    names.person(rng),
                    f"09{rng.randint(10_000_000, 99_999_999)}",
                    f"lienhe{pid}@example.vn",
                    rng.random() < 0.35,
                    rng.random() < (0.3 if province in (4, 11, 12, 14, 15) else 0.03),
                    rng.randint(2, 120),
                    founded,
                    fold(name),
                    True,
                    created,
                    created,
                )
            )
            world.producer_province.append(province)
            world.producer_commune.append(commune)
            world.producer_tax_code.append(None if household else code)
            plans.append((pid, stems, place, province))
    per_producer = _split(world.products, len(plans), rng)
    for (pid, stems, place, province), count in zip(plans, per_producer, strict=True):
        taken: set[str] = set()
        producer_name = producer_rows[pid - 1][2]
        for _ in range(count):
            stem, code = rng.choice(stems)
            name = names.product_name(rng, stem, place, taken)[:255]
            product_id = len(product_rows) + 1
            product_rows.append(
                (
                    product_id,
                    name,
                    "",
                    pid,
                    categories[code],
                    f"{stem} do {producer_name} sản xuất tại {place}.",
                    f"Sản phẩm gắn với nghề truyền thống lâu đời của {place}.",
                    names.UNITS[group_of[code]],
                    rng.randint(3, 400) * 5_000,
                    rng.choice(
                        ["Nguyên liệu tại địa phương", "Vùng nguyên liệu liên kết", "Trong tỉnh"]
                    ),
                    province,
                    fold(name),
                    True,
                    created,
                    created,
                )
            )
            world.product_province.append(province)
            world.product_producer.append(pid)
    world.counts["producers"] = insert(
        Producer,
        (
            "id kind name tax_code business_registration_no address village commune_id "
            "legacy_district_id representative phone email women_led ethnic_minority_led "
            "workers founded_year name_folded is_sample created_at updated_at"
        ),
        producer_rows,
    )
    world.counts["products"] = insert(
        Product,
        (
            "id name name_en producer_id category_id description story unit reference_price "
            "raw_material_origin province_of_origin_id name_folded is_sample created_at "
            "updated_at"
        ),
        product_rows,
    )


def _tax_code(rng: random.Random, province: int, used: set[str]) -> str:
    while True:
        code = f"{province % 100:02d}{rng.randint(0, 99_999_999):08d}"
        if code not in used:
            used.add(code)
            return code
