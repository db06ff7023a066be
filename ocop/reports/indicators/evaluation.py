"""Indicators from evaluation results: products evaluated and ranked, new 3★+ products."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import Certificate, Decision
from ocop.evaluation.models import Dossier, Outcome
from ocop.reports.indicators.base import Area, Indicator, Number, PlaceLevel, Year, register

PRODUCER = "product__producer__"


def decided_on() -> Coalesce:
    """The date of the decision that settled a dossier: recorded on the decision, or on the
    certificate it granted."""
    through = Decision.dossiers.through.objects.filter(dossier_id=OuterRef("pk"))
    # The earliest as an aggregate: cheaper per dossier than sorting and taking the first
    # (the type stubs do not see annotations on auto-created through models).
    earliest = through.values("dossier_id").annotate(first=Min("decision__date"))
    via_decision = earliest.values("first")  # type: ignore[misc]
    # A dossier has at most one certificate: no ordering needed.
    via_certificate = (
        Certificate.objects.filter(dossier_id=OuterRef("pk")).order_by().values("decision__date")
    )
    return Coalesce(Subquery(via_decision), Subquery(via_certificate))


def ranked_dossiers(since: datetime.date, on: datetime.date, area: Area) -> QuerySet[Dossier]:
    """Dossiers given a star class (1–5★, knock-outs excluded) by a decision in [since, on]."""
    return (
        Dossier.objects.filter(star_class__isnull=False)
        .exclude(outcome=Outcome.KNOCKED_OUT)
        .filter(area.producers(PRODUCER))
        .annotate(decided_on=decided_on())
        .filter(decided_on__gte=since, decided_on__lte=on)
        .order_by()
    )


def _ranked_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    if not years:
        return {}
    rows = (
        ranked_dossiers(datetime.date(years[0], 1, 1), on, area)
        .annotate(year=Year("decided_on"))
        .values("year")
        .annotate(n=Count("pk"))
    )
    found = {row["year"]: row["n"] for row in rows}
    return {y: found.get(y, 0) for y in years if y <= on.year}


def _ranked_by_place(
    level: PlaceLevel, since: datetime.date, on: datetime.date, area: Area
) -> dict[int, Number]:
    column = f"{PRODUCER}{level}_id"
    rows = ranked_dossiers(since, on, area).values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in rows if row[column] is not None}


PRODUCTS_RANKED = register(
    Indicator(
        key="products_ranked",
        label=_("Products evaluated and ranked"),
        description=_(
            "Dossiers given a star class (1★ to 5★) by a recognition decision dated in the "
            "period; knock-outs are not ranked. A product ranked again (renewal, upgrade) counts "
            "again."
        ),
        unit="count",
        period="plan",
        yearly=_ranked_yearly,
        by_place=_ranked_by_place,
        records="ranked",
    )
)


def first_certificates(since: datetime.date, on: datetime.date, area: Area) -> QuerySet:
    """Certificates that made their product an OCOP product (3★+) for the first time."""
    earlier = Certificate.objects.filter(product=OuterRef("product")).filter(
        Q(issued_on__lt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__lt=OuterRef("pk"))
    )
    return (
        Certificate.objects.filter(issued_on__gte=since, issued_on__lte=on)
        .filter(area.producers(PRODUCER))
        .exclude(Exists(earlier))
        .order_by()
    )


def _new_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    if not years:
        return {}
    rows = (
        first_certificates(datetime.date(years[0], 1, 1), on, area)
        .annotate(year=Year("issued_on"))
        .values("year")
        .annotate(n=Count("pk"))
    )
    found = {row["year"]: row["n"] for row in rows}
    return {y: found.get(y, 0) for y in years if y <= on.year}


def _new_by_place(
    level: PlaceLevel, since: datetime.date, on: datetime.date, area: Area
) -> dict[int, Number]:
    column = f"{PRODUCER}{level}_id"
    rows = first_certificates(since, on, area).values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in rows if row[column] is not None}


NEW_CERTIFIED = register(
    Indicator(
        key="new_certified",
        label=_("New 3★+ products in the year"),
        description=_(
            "Products certified 3★ or more for the first time in the calendar year (their "
            "earliest certificate was issued that year)."
        ),
        unit="count",
        period="year",
        yearly=_new_yearly,
        by_place=_new_by_place,
        records="new_certified",
    )
)
