"""Trade fairs: schedule them, take registrations, assign booths, record results."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.audit.actions import diff, record, snapshot
from ocop.market.actions.common import check_in_province, create, update
from ocop.market.models import (
    REGISTRATION_TRANSITIONS,
    Fair,
    FairRegistration,
    RegistrationStatus,
)
from ocop.places.models import Province
from ocop.registry.models import Producer, Product

RESULT_FIELDS = ["reported_sales", "visitors", "deals", "results_note"]


@transaction.atomic
def fair_create(*, actor: Any, fair: Fair, provinces: Iterable[Province] = ()) -> Fair:
    """Schedule a fair. Overlaps with other fairs at the same venue are allowed (the caller
    warns with `Fair.objects.overlapping`); dates in the wrong order are refused."""
    check_in_province(fair, "commune", "legacy_district")
    create(actor, fair, "fair.create")
    fair.provinces.set(provinces)
    return fair


@transaction.atomic
def fair_update(*, actor: Any, fair: Fair, provinces: Iterable[Province] | None = None) -> Fair:
    check_in_province(fair, "commune", "legacy_district")
    update(actor, fair, "fair.update")
    if provinces is not None:
        before = sorted(fair.provinces.values_list("pk", flat=True))
        chosen = list(provinces)
        if before != sorted(p.pk for p in chosen):
            fair.provinces.set(chosen)
            record(
                actor=actor,
                action="fair.provinces",
                obj=fair,
                before={"provinces": before},
                after={"provinces": sorted(p.pk for p in chosen)},
            )
    return fair


@transaction.atomic
def fair_record_results(
    *,
    actor: Any,
    fair: Fair,
    today: datetime.date,
    reported_sales: int | None,
    visitors: int | None,
    deals: int | None,
    results_note: str = "",
) -> Fair:
    """Record what the fair achieved; only from its last day on."""
    if today < fair.ends_on:
        raise ValidationError(
            _("Results can be recorded from the fair's last day (%(day)s).")
            % {"day": fair.ends_on.strftime("%d/%m/%Y")},
            code="too_early",
        )
    for name, value in [("reported_sales", reported_sales), ("visitors", visitors)]:
        if value is not None and value < 0:
            raise ValidationError({name: _("This cannot be negative.")})
    if deals is not None and deals < 0:
        raise ValidationError({"deals": _("This cannot be negative.")})
    stored = Fair.objects.select_for_update().get(pk=fair.pk)
    before = snapshot(stored, fields=RESULT_FIELDS)
    fair.reported_sales, fair.visitors, fair.deals = reported_sales, visitors, deals
    fair.results_note = results_note
    fair.full_clean()
    fair.save(update_fields=[*RESULT_FIELDS, "updated_at"])
    old, new = diff(before, snapshot(fair, fields=RESULT_FIELDS))
    if new:
        record(actor=actor, action="fair.results", obj=fair, before=old, after=new)
    return fair


@transaction.atomic
def fair_register(
    *,
    actor: Any,
    fair: Fair,
    producer: Producer,
    products: Iterable[Product],
    today: datetime.date,
    note: str = "",
) -> FairRegistration:
    """A producer asks to exhibit `products` at `fair` (before it starts)."""
    chosen = list(products)
    if today >= fair.starts_on:
        raise ValidationError(_("Registration has closed: this fair has already started."))
    if not chosen:
        raise ValidationError({"products": _("Choose at least one product to exhibit.")})
    if any(p.producer_id != producer.pk for p in chosen):
        raise ValidationError({"products": _("Choose only your own products.")})
    if FairRegistration.objects.filter(fair=fair, producer=producer).exists():
        raise ValidationError(
            _("%(producer)s is already registered for this fair.") % {"producer": producer.name},
            code="duplicate",
        )
    registration = FairRegistration(fair=fair, producer=producer, note=note)
    registration.registered_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.full_clean(exclude=["registered_by"])
    registration.save()
    registration.products.set(chosen)
    after = snapshot(registration)
    after["products"] = sorted(p.pk for p in chosen)
    record(actor=actor, action="fair.register", obj=registration, after=after)
    return registration


@transaction.atomic
def registration_decide(
    *, actor: Any, registration: FairRegistration, status: str, booth: str = ""
) -> FairRegistration:
    """Accept (with a booth), reject or withdraw, as REGISTRATION_TRANSITIONS allows."""
    registration = FairRegistration.objects.select_for_update().get(pk=registration.pk)
    current = registration.status
    before = {"status": current, "booth": registration.booth}
    if status not in REGISTRATION_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A registration that is %(current)s cannot become %(new)s.")
            % {
                "current": RegistrationStatus(current).label.lower(),
                "new": RegistrationStatus(status).label.lower()
                if status in RegistrationStatus.values
                else status,
            },
            code="transition",
        )
    booth = booth.strip()
    if status == RegistrationStatus.ACCEPTED:
        _check_booth(registration, booth)
        registration.booth = booth
    elif status in (RegistrationStatus.REJECTED, RegistrationStatus.WITHDRAWN):
        registration.booth = ""
    registration.status = status
    registration.clean_fields(exclude=["registered_by"])  # the booth's length and characters
    registration.save(update_fields=["status", "booth"])
    after = {"status": status, "booth": registration.booth}
    record(actor=actor, action="fair.registration", obj=registration, before=before, after=after)
    return registration


def _check_booth(registration: FairRegistration, booth: str) -> None:
    fair = Fair.objects.select_for_update().get(pk=registration.fair_id)
    if not booth:
        raise ValidationError({"booth": _("Assign a booth to accept this registration.")})
    taken = fair.registrations.filter(booth=booth).exclude(pk=registration.pk)
    if taken.exists():
        raise ValidationError(
            {"booth": _("Booth %(booth)s is already assigned.") % {"booth": booth}}
        )
    accepted = fair.registrations.filter(status=RegistrationStatus.ACCEPTED).count()
    if fair.booths and accepted >= fair.booths:
        raise ValidationError(
            {"booth": _("All %(n)s booths of this fair are assigned.") % {"n": fair.booths}}
        )
