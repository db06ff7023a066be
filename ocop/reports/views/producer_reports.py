"""Producers' yearly reports (workers, revenue, jobs created): filed by the producer, their
commune officer or the office."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import can, require, scope_producers
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.registry.models import Producer
from ocop.reports import actions
from ocop.reports.forms import ProducerReportForm
from ocop.reports.models import ProducerReport


def report_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "reports.view_producer_reports")
    producers = scope_producers(request.user, Producer.objects.all())
    reports = ProducerReport.objects.filter(producer__in=producers).select_related("producer")
    year = request.GET.get("year", "")
    if year.isdigit():
        reports = reports.filter(year=int(year))
    page = paginate(request, reports.order_by("-year", "producer__name", "pk"))
    context = {
        "page": page,
        "year": year,
        "can_add": can(request.user, "reports.change_producer_report"),
    }
    return render(request, "reports/producer_report_list.html", context)


def report_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "reports.change_producer_report")
    report = get_object_or_404(ProducerReport, pk=pk) if pk else None
    if report:
        require(request.user, "reports.change_producer_report", report.producer)
    producers = scope_producers(request.user, Producer.objects.all())
    form = ProducerReportForm(request.POST or None, instance=report, producers=producers)
    if request.method == "POST" and form.is_valid():
        require(request.user, "reports.change_producer_report", form.instance.producer)
        action = actions.producer_report_update if report else actions.producer_report_create
        saved = run_action(form, action, actor=request.user, report=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect("reports:producer_reports")
    return render(request, "reports/producer_report_form.html", {"form": form, "report": report})
