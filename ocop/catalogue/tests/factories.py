"""Certificates made directly in the database, for tests that need certified products
without running an evaluation round."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from ocop.certification.models import Certificate, Decision, Suspension
from ocop.evaluation.models import Era
from ocop.places.models import Commune
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory, Taxonomy

_numbers = itertools.count(1)


def era() -> Era:
    taxonomy = Taxonomy.objects.get(code="148/2023")
    found, _ = Era.objects.get_or_create(
        code="148/2023",
        defaults={
            "name": "Decision 148/QĐ-TTg",
            "decision": "148/QĐ-TTg",
            "valid_from": datetime.date(2023, 2, 24),
            "taxonomy": taxonomy,
        },
    )
    return found


def decision(day: datetime.date) -> Decision:
    found, _ = Decision.objects.get_or_create(
        number=f"{day:%Y%m%d}/QĐ-UBND", date=day, defaults={"era": era(), "signer": "Test"}
    )
    return found


def certify(
    product: Product,
    *,
    stars: int = 4,
    issued_on: datetime.date | None = None,
    months: int = 36,
    potential_five: bool = False,
    code: str | None = None,
) -> Certificate:
    """A certificate for `product`, valid from `issued_on` (default: a year ago)."""
    issued = issued_on or timezone.localdate() - datetime.timedelta(days=365)
    number = next(_numbers)
    return Certificate.objects.create(
        code=code or f"HN-{issued.year}-{number:05d}",
        product=product,
        decision=decision(issued),
        stars=stars,
        potential_five=potential_five,
        score=Decimal("75.00") if stars == 4 else Decimal(str(50 + stars * 8)),
        issued_on=issued,
        expires_on=issued + datetime.timedelta(days=months * 30 + months // 2),
    )


def expire(cert: Certificate, days_ago: int = 10) -> Certificate:
    cert.expires_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    cert.issued_on = cert.expires_on - datetime.timedelta(days=3 * 365)
    cert.save()
    return cert


def suspend(cert: Certificate, days_ago: int = 3) -> Suspension:
    return Suspension.objects.create(
        certificate=cert,
        starts_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        reason="Quality violation found at inspection",
    )


def revoke(cert: Certificate, days_ago: int = 2) -> Certificate:
    cert.revoked_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    cert.revoke_reason = "Label misuse"
    cert.save()
    return cert


def supersede(cert: Certificate, *, stars: int = 5) -> Certificate:
    """A newer certificate for the same product that replaces `cert` today."""
    newer = certify(cert.product, stars=stars, issued_on=timezone.localdate())
    cert.superseded_by = newer
    cert.superseded_on = timezone.localdate()
    cert.save()
    return newer


def product(
    name: str,
    *,
    producer: Producer | None = None,
    commune: Commune | None = None,
    category: str = "4.2",
    village: str = "",
) -> Product:
    """A product (and, unless given, a cooperative producing it) in `commune`."""
    if producer is None:
        number = next(_numbers)
        producer = Producer.objects.create(
            kind=ProducerKind.COOPERATIVE,
            name=f"Hợp tác xã số {number}",
            tax_code=f"02{number:08d}",
            commune=commune or Commune.objects.get(province_id=1, name="Xã Bát Tràng"),
            village=village,
            phone="0912345678",
        )
    return Product.objects.create(
        name=name,
        producer=producer,
        category=ProductCategory.objects.get(taxonomy__code="148/2023", code=category),
        province_of_origin=producer.commune.province,
    )
