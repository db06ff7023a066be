"""Demo logins, one per role. All share one password, shown on the login page while sample
data is loaded."""

import random

from ocop.accounts.actions import user_create
from ocop.accounts.models import Role
from ocop.places.models import Commune
from ocop.registry.models import Producer

DEMO_PASSWORD = "ocop-demo-2025"  # noqa: S105 - public by design, sample data only


def build(rng: random.Random) -> int:
    bat_trang = Commune.objects.get(province_id=1, name="Xã Bát Tràng")
    producers = Producer.objects.filter(commune=bat_trang, is_sample=True).exclude(tax_code=None)
    first, second = producers.order_by("pk")[:2]
    users = [
        ("office", Role.OFFICE, "Lê Thu Hà", [], None),
        ("officer", Role.OFFICER, "Nguyễn Văn Bình", [bat_trang], None),
        ("producer", Role.PRODUCER, "Phạm Thị Lan", [], first),
        ("producer2", Role.PRODUCER, "Đỗ Quang Minh", [], second),
        ("secretary", Role.SECRETARY, "Trần Minh Tâm", [], None),
        ("member", Role.MEMBER, "Hoàng Ngọc Sơn", [], None),
        ("member2", Role.MEMBER, "Vũ Thị Yến", [], None),
        ("operator", Role.OPERATOR, "Bùi Đức Long", [], None),
    ]
    for username, role, name, communes, producer in users:
        user_create(
            actor="demo-data",
            username=username,
            role=role,
            password=DEMO_PASSWORD,
            email=f"{username}@example.vn",
            full_name=name,
            communes=communes,
            producer=producer,
            validate=False,
        )
    return len(users)
