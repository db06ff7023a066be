"""The dashboard, the history of every indicator on a past day, and their exports."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ocop.accounts.access import can, require
from ocop.lib.http import AuthedRequest
from ocop.places.models import Commune, LegacyDistrict
from ocop.reports import dashboard as dashboards
from ocop.reports.exports import pdf_report, xlsx_table
from ocop.reports.forecast import __doc__ as FORECAST_METHOD
from ocop.reports.history import indicators_on
from ocop.reports.models import Plan
from ocop.reports.views.common import choose_plan, parse_day, resolve_scope


def _places(request: AuthedRequest) -> dict[str, object]:
    """The commune / district pickers: the office picks any, an officer their own."""
    if request.user.effective_role == "officer":
        return {"communes": request.user.communes.all(), "districts": []}
    return {
        "communes": Commune.objects.filter(province_id=settings.OCOP_PROVINCE).only("pk", "name"),
        "districts": LegacyDistrict.objects.filter(province_id=settings.OCOP_PROVINCE).only(
            "pk", "name"
        ),
    }


def _build(request: AuthedRequest) -> tuple[dict[str, object], dashboards.Dashboard | None]:
    require(request.user, "reports.view")
    on, day_error = parse_day(request)
    plan = choose_plan(request, on)
    scope = resolve_scope(request, plan.province_id if plan else None)
    context: dict[str, object] = {"on": on, "day_error": day_error, "plan": plan, "scope": scope}
    context["plans"] = Plan.objects.only("pk", "name")
    context["can_manage"] = can(request.user, "reports.manage_plans")
    if plan is None:
        return context, None
    board = dashboards.build(plan, on, scope.area, scope.params, scope.label)
    context.update(board=board, tables=board.tables, charts=board.charts)
    return context, board


def dashboard(request: AuthedRequest) -> HttpResponse:
    context, _board = _build(request)
    context.update(_places(request))
    context["method"] = FORECAST_METHOD
    context["export_query"] = request.GET.urlencode()
    return render(request, "reports/dashboard.html", context)


def export_table(request: AuthedRequest, table: str) -> HttpResponse:
    if table not in dashboards.TABLES:
        raise Http404
    _context, board = _build(request)
    if board is None:
        raise Http404
    content = xlsx_table(board.tables[table], board)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"ocop-{table}-{board.on.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_pdf(request: AuthedRequest) -> HttpResponse:
    _context, board = _build(request)
    if board is None:
        raise Http404
    response = HttpResponse(pdf_report(board), content_type="application/pdf")
    name = f"ocop-report-{board.on.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def history(request: AuthedRequest) -> HttpResponse:
    """Every indicator as it stood on a past day (computed from dated records)."""
    require(request.user, "reports.view")
    on, day_error = parse_day(request)
    plan = choose_plan(request, on)
    scope = resolve_scope(request, plan.province_id if plan else None)
    since = plan.starts_on if plan else datetime.date(on.year, 1, 1)
    rows = indicators_on(on, since, scope.area, scope.params)
    context = {
        "on": on,
        "since": since,
        "day_error": day_error,
        "plan": plan,
        "plans": Plan.objects.only("pk", "name"),
        "scope": scope,
        "rows": rows,
        "has_data": any(r.value for r in rows),
        "examples": [datetime.date(2022, 12, 31), datetime.date(2023, 12, 31)],
        "heading": _("Indicators on %(day)s") % {"day": on.strftime("%d/%m/%Y")},
    }
    context.update(_places(request))
    return render(request, "reports/history.html", context)
