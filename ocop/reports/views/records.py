"""The records behind each figure: the rows a dashboard number counts, with the same filters."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import require
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.reports.indicators import Area
from ocop.reports.indicators.certificates import (
    expired_certificates,
    expiring_certificates,
    ocop_producers,
    valid_certificates,
)
from ocop.reports.indicators.evaluation import first_certificates, ranked_dossiers
from ocop.reports.indicators.producers import producer_reports
from ocop.reports.views.common import _int, parse_day, resolve_scope


@dataclass(frozen=True)
class Records:
    title: object
    template: str  # the partial that renders one kind of row
    query: Callable[[datetime.date, datetime.date, Area], QuerySet]


def _ranked(since: datetime.date, on: datetime.date, area: Area) -> QuerySet:
    return ranked_dossiers(since, on, area).select_related(
        "product__producer__commune", "product__category", "round"
    )


def _certificates(query: Callable[[datetime.date, Area], QuerySet]) -> Callable:
    def records(since: datetime.date, on: datetime.date, area: Area) -> QuerySet:
        return query(on, area).select_related("product__producer__commune", "decision")

    return records


KINDS: dict[str, Records] = {
    "ranked": Records(_("Products evaluated and ranked"), "dossiers", _ranked),
    "new_certified": Records(
        _("New 3★+ products (first certificate)"),
        "certificates",
        lambda since, on, area: first_certificates(since, on, area).select_related(
            "product__producer__commune", "decision"
        ),
    ),
    "valid": Records(_("Valid certificates"), "certificates", _certificates(valid_certificates)),
    "expiring": Records(
        _("Certificates expiring within 30 days"),
        "certificates",
        _certificates(expiring_certificates),
    ),
    "expired": Records(
        _("Expired certificates"), "certificates", _certificates(expired_certificates)
    ),
    "ocop_producers": Records(
        _("OCOP producers"),
        "producers",
        lambda since, on, area: ocop_producers(on, area).select_related("commune"),
    ),
    "reports": Records(
        _("Producers' yearly reports"),
        "reports",
        lambda since, on, area: producer_reports(
            list(range(since.year, on.year + 1)), area
        ).select_related("producer__commune"),
    ),
}


def _narrow(kind: str, queryset: QuerySet, request: AuthedRequest) -> QuerySet:
    """The extra filters a breakdown row adds (star class, group, year, type)."""
    get = request.GET
    stars, group, year = _int(get.get("stars")), _int(get.get("group")), _int(get.get("year"))
    if kind == "ranked":
        if stars is not None:
            queryset = queryset.filter(star_class=stars)
        if group is not None:
            queryset = queryset.filter(
                Q(product__category_id=group)
                | Q(product__category__parent_id=group)
                | Q(product__category__parent__parent_id=group)
            )
        if year is not None:
            queryset = queryset.filter(decided_on__year=year)
    elif kind == "reports" and year is not None:
        queryset = queryset.filter(year=year)
    elif kind in {"valid", "expiring", "expired", "new_certified"}:
        if stars is not None:
            queryset = queryset.filter(stars=stars)
        potential = _int(get.get("potential"))
        if potential is not None:
            queryset = queryset.filter(potential_five=bool(potential))
    elif kind == "ocop_producers" and get.get("kind"):
        queryset = queryset.filter(kind=get["kind"][:20])
    return queryset


def records(request: AuthedRequest, kind: str) -> HttpResponse:
    require(request.user, "reports.view")
    if kind not in KINDS:
        raise Http404
    spec = KINDS[kind]
    on, day_error = parse_day(request)
    since, since_error = parse_day(request, "since")
    if not request.GET.get("since") or since > on:
        since = datetime.date(on.year, 1, 1)
    scope = resolve_scope(request)
    queryset = _narrow(kind, spec.query(since, on, scope.area), request)
    page = paginate(request, queryset.order_by("-pk"))
    context = {
        "spec": spec,
        "kind": kind,
        "page": page,
        "on": on,
        "since": since,
        "scope": scope,
        "day_error": day_error or since_error,
        "period": kind in {"ranked", "new_certified", "reports"},
    }
    return render(request, "reports/records.html", context)
