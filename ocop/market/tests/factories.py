"""Small factories for market tests. Certificates are created directly (the evaluation and
certification workflows are tested in their own apps)."""

import datetime
import itertools
from typing import Any

from ocop.certification.models import Certificate, Decision, Suspension
from ocop.evaluation.models import Era
from ocop.market.models import Listing, Showroom, ShowroomKind, ShowroomStatus
from ocop.places.models import Commune
from ocop.registry.models import Product, Taxonomy

_codes = itertools.count(1)


def era() -> Era:
    found, _ = Era.objects.get_or_create(
        code="148/2023",
        defaults={
            "name": "Decision 148/QĐ-TTg",
            "decision": "148/QĐ-TTg",
            "valid_from": datetime.date(2023, 2, 24),
            "taxonomy": Taxonomy.objects.get(code="148/2023"),
        },
    )
    return found


def certify(
    product: Product,
    *,
    issued_on: datetime.date,
    stars: int = 4,
    expires_on: datetime.date | None = None,
    **fields: Any,
) -> Certificate:
    """A certificate for `product` from `issued_on`, valid 36 months unless told otherwise."""
    decision, _ = Decision.objects.get_or_create(
        number=f"{issued_on.year}/QĐ-UBND", date=issued_on, defaults={"era": era()}
    )
    if expires_on is None:
        expires_on = issued_on.replace(year=issued_on.year + 3)
    return Certificate.objects.create(
        code=f"HN-{issued_on.year}-{next(_codes):05d}",
        product=product,
        decision=decision,
        stars=stars,
        issued_on=issued_on,
        expires_on=expires_on,
        **fields,
    )


def suspend(
    certificate: Certificate, starts_on: datetime.date, ends_on: datetime.date | None = None
) -> Suspension:
    return Suspension.objects.create(
        certificate=certificate, starts_on=starts_on, ends_on=ends_on, reason="Label violation"
    )


def showroom(commune: Commune, **fields: Any) -> Showroom:
    values: dict[str, Any] = {
        "name": "Điểm OCOP Hồ Tùng Mậu",
        "kind": ShowroomKind.SHOWROOM,
        "status": ShowroomStatus.OPEN,
        "address": "202 Hồ Tùng Mậu",
        "opened_on": datetime.date(2021, 1, 1),
        "commune": commune,
    }
    values.update(fields)
    operators = values.pop("operators", [])
    room = Showroom.objects.create(**values)
    room.operators.set(operators)
    return room


def listing(room: Showroom, product: Product, **fields: Any) -> Listing:
    values: dict[str, Any] = {"since": datetime.date(2024, 1, 1)}
    values.update(fields)
    return Listing.objects.create(showroom=room, product=product, **values)


def product(producer: Any, name: str, category: Any, province: Any) -> Product:
    return Product.objects.create(
        name=name, producer=producer, category=category, province_of_origin=province
    )


def access_fixture(t: Any) -> Any:
    """Market records for the access matrix: a showroom in Bát Tràng run by `t.operator`,
    listing the vase; a mall carrying it; a fair a month ahead; a producer channel."""
    from types import SimpleNamespace

    from django.utils import timezone

    from ocop.market.models import (
        Carriage,
        Channel,
        Fair,
        FairRegistration,
        ProducerChannel,
        Retailer,
        RetailerKind,
    )

    cached = getattr(t, "_market_fixture", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    room = showroom(t.bat_trang, operators=[t.operator])
    mall = Retailer.objects.create(name="AEON Mall Long Biên", kind=RetailerKind.MALL)
    fair = Fair.objects.create(
        name="Hội chợ OCOP",
        venue="Cung Văn hóa Hữu nghị",
        address="91 Trần Hưng Đạo",
        organiser="Sở Nông nghiệp",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=32),
        booths=10,
    )
    t._market_fixture = SimpleNamespace(
        showroom=room,
        listing=listing(room, t.vase),
        retailer=mall,
        carriage=Carriage.objects.create(
            retailer=mall, producer=t.bat_trang_coop, product=t.vase, since=today
        ),
        channel=ProducerChannel.objects.create(
            producer=t.bat_trang_coop, channel=Channel.ECOMMERCE, since=today
        ),
        fair=fair,
        registration=FairRegistration.objects.create(fair=fair, producer=t.bat_trang_coop),
    )
    return t._market_fixture
