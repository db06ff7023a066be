from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.market import actions
from ocop.market.actions.fairs import RESULT_FIELDS
from ocop.market.forms import (
    FairForm,
    FairRegistrationForm,
    FairResultsForm,
    RegistrationDecisionForm,
)
from ocop.market.maps import directions_url
from ocop.market.models import Fair, FairRegistration, RegistrationStatus


@login_not_required
def fair_calendar(request: HttpRequest) -> HttpResponse:
    """Public: fairs coming up (and running), then past fairs with their results."""
    today = timezone.localdate()
    fairs = Fair.objects.select_related("commune").prefetch_related("provinces")
    context = {
        "today": today,
        "upcoming": fairs.upcoming(today),
        "page": paginate(request, fairs.past(today), per_page=20),
        "can_manage": can(request.user, "market.manage_fairs"),
    }
    return render(request, "market/fair_calendar.html", context)


@login_not_required
def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a fair, who exhibits where, and (once over) its results."""
    fair = get_object_or_404(Fair.objects.select_related("commune", "legacy_district"), pk=pk)
    today = timezone.localdate()
    exhibitors = (
        fair.registrations.filter(status=RegistrationStatus.ACCEPTED)
        .select_related("producer")
        .prefetch_related("products")
        .order_by("booth", "producer__name")
    )
    user = request.user
    producer_id = getattr(user, "producer_id", None)
    mine = None
    if producer_id is not None and can(user, "market.register_for_fair"):
        mine = fair.registrations.filter(producer_id=producer_id).first()
    context = {
        "fair": fair,
        "today": today,
        "over": fair.is_over(today),
        "exhibitors": exhibitors,
        "provinces": fair.provinces.order_by("name"),
        "mine": mine,
        "can_register": can(user, "market.register_for_fair") and today < fair.starts_on,
        "can_manage": can(user, "market.manage_fairs"),
        "directions_url": directions_url(fair.latitude, fair.longitude, fair.address),
    }
    return render(request, "market/fair_detail.html", context)


def fair_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    fair = get_object_or_404(Fair, pk=pk) if pk else None
    require(request.user, "market.manage_fairs")
    form = FairForm(request.POST or None, instance=fair)
    if request.method == "POST" and form.is_valid():
        action = actions.fair_update if fair else actions.fair_create
        provinces = form.cleaned_data["provinces"]
        saved = run_action(
            form, action, actor=request.user, fair=form.instance, provinces=provinces
        )
        if saved:
            messages.success(request, _("Saved."))
            for other in Fair.objects.overlapping(saved):
                messages.warning(
                    request,
                    _("Check the dates: %(name)s is at the same venue from %(start)s to %(end)s.")
                    % {
                        "name": other.name,
                        "start": date_format(other.starts_on, "d/m/Y"),
                        "end": date_format(other.ends_on, "d/m/Y"),
                    },
                )
            return redirect(saved)
    status = 400 if form.errors else 200
    return render(request, "market/fair_form.html", {"form": form, "fair": fair}, status=status)


def fair_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """The organiser's view: every registration, to accept with a booth or not."""
    fair = get_object_or_404(Fair, pk=pk)
    require(request.user, "market.manage_fairs")
    registrations = fair.registrations.select_related("producer").prefetch_related("products")
    context = {
        "fair": fair,
        "registrations": registrations.order_by("status", "booth", "producer__name"),
        "decision_form": RegistrationDecisionForm(),
        "accepted": registrations.filter(status=RegistrationStatus.ACCEPTED).count(),
    }
    return render(request, "market/fair_manage.html", context)


@require_POST
def registration_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(FairRegistration.objects.select_related("fair"), pk=pk)
    require(request.user, "market.manage_fairs")
    form = RegistrationDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.registration_decide(
                actor=request.user,
                registration=registration,
                status=form.cleaned_data["status"],
                booth=form.cleaned_data["booth"],
            )
            messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose what to do with this registration."))
    return redirect("market:fair_manage", pk=registration.fair_id)


def fair_register(request: AuthedRequest, pk: int) -> HttpResponse:
    """A producer registers products for a fair (before it starts)."""
    fair = get_object_or_404(Fair, pk=pk)
    require(request.user, "market.register_for_fair")
    producer = request.user.producer
    if producer is None:
        raise PermissionDenied
    form = FairRegistrationForm(request.POST or None, producer=producer)
    if request.method == "POST" and form.is_valid():
        saved = run_action(
            form,
            actions.fair_register,
            actor=request.user,
            fair=fair,
            producer=producer,
            products=form.cleaned_data["products"],
            today=timezone.localdate(),
            note=form.cleaned_data["note"],
        )
        if saved:
            messages.success(request, _("Registered. The organiser will confirm your booth."))
            return redirect(fair)
    status = 400 if form.errors else 200
    return render(request, "market/fair_register.html", {"fair": fair, "form": form}, status=status)


def fair_results(request: AuthedRequest, pk: int) -> HttpResponse:
    fair = get_object_or_404(Fair, pk=pk)
    require(request.user, "market.manage_fairs")
    initial = {f: getattr(fair, f) for f in RESULT_FIELDS}
    form = FairResultsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_action(
            form,
            actions.fair_record_results,
            actor=request.user,
            fair=fair,
            today=timezone.localdate(),
            **form.cleaned_data,
        )
        if saved:
            messages.success(request, _("Results saved."))
            return redirect(fair)
    status = 400 if form.errors else 200
    return render(request, "market/fair_results.html", {"fair": fair, "form": form}, status=status)
