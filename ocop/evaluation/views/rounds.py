"""Rounds and councils: the office runs them, secretaries follow their councils."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require
from ocop.accounts.models import Role
from ocop.evaluation import actions, selectors
from ocop.evaluation.consistency import OUTLIER_POINTS, deviation_bars
from ocop.evaluation.forms import CouncilForm, KnockoutForm, ReasonForm, RoundForm, SeatForm
from ocop.evaluation.models import (
    ROUND_TRANSITIONS,
    Council,
    CouncilMember,
    CouncilRole,
    DossierStatus,
    KnockoutReview,
    KnockoutVerdict,
    Round,
    RoundStatus,
)
from ocop.evaluation.views import post_action
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate


def home(request: AuthedRequest) -> HttpResponse:
    """Where each role starts: its lists, and the rounds open for dossiers."""
    require(request.user, "evaluation.view")
    open_rounds = Round.objects.filter(status=RoundStatus.OPEN).select_related("era")
    context = {
        "open_rounds": open_rounds,
        "role": request.user.effective_role,
        "can_add": can(request.user, "evaluation.add_dossier"),
        "can_score": can(request.user, "evaluation.score"),
        "can_run": can(request.user, "evaluation.run_council"),
    }
    return render(request, "evaluation/home.html", context)


def round_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "evaluation.view")
    rounds = Round.objects.select_related("era").annotate(
        dossier_count=Count("dossiers", filter=~Q(dossiers__status=DossierStatus.WITHDRAWN))
    )
    page = paginate(request, rounds.order_by("-year", "-opens_on", "pk"))
    context = {"page": page, "can_manage": can(request.user, "evaluation.manage_rounds")}
    return render(request, "evaluation/round_list.html", context)


def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(Round.objects.select_related("era", "province"), pk=pk)
    require(request.user, "evaluation.view", round)
    counts = dict(
        round.dossiers.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    statuses = [(label, counts.get(value, 0)) for value, label in DossierStatus.choices]
    context = {
        "round": round,
        "councils": round.councils.annotate(seats=Count("members")),
        "statuses": statuses,
        "next_statuses": [RoundStatus(s) for s in sorted(ROUND_TRANSITIONS[round.status])],
        "can_manage": can(request.user, "evaluation.manage_rounds"),
        "can_run": can(request.user, "evaluation.run_council"),
    }
    return render(request, "evaluation/round_detail.html", context)


def round_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    round = get_object_or_404(Round, pk=pk) if pk else None
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        action = actions.round_update if round else actions.round_create
        saved = run_action(form, action, actor=request.user, round=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    status = 422 if form.errors else 200
    return render(
        request, "evaluation/round_form.html", {"form": form, "round": round}, status=status
    )


@require_POST
def round_status(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    round = get_object_or_404(Round, pk=pk)
    to = request.POST.get("to", "")
    try:
        if to not in RoundStatus.values:
            raise ValidationError(_("Choose a status."))
        actions.round_transition(actor=request.user, round=round, to=to)
        messages.success(request, _("Round is now “%(s)s”.") % {"s": round.get_status_display()})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(round)


@require_POST
def round_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    round = get_object_or_404(Round, pk=pk)
    try:
        actions.round_delete(actor=request.user, round=round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(round)
    messages.success(request, _("Round %(name)s deleted.") % {"name": round.name})
    return redirect("evaluation:rounds")


def council_list(request: AuthedRequest) -> HttpResponse:
    """The office sees every council; a secretary the councils they are secretary of."""
    require(request.user, "evaluation.run_council")
    councils = Council.objects.select_related("round").annotate(
        dossier_count=Count("dossiers", distinct=True)
    )
    if request.user.effective_role != Role.OFFICE:
        councils = councils.filter(members__user=request.user, members__role=CouncilRole.SECRETARY)
    page = paginate(request, councils.order_by("-round__year", "name", "pk"))
    return render(request, "evaluation/council_list.html", {"page": page})


def council_edit(
    request: AuthedRequest, round_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    council = get_object_or_404(Council, pk=pk) if pk else None
    round = council.round if council else get_object_or_404(Round, pk=round_pk)
    form = CouncilForm(request.POST or None, instance=council or Council(round=round))
    if request.method == "POST" and form.is_valid():
        action = actions.council_update if council else actions.council_create
        saved = run_action(form, action, actor=request.user, council=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    context = {"form": form, "council": council, "round": round}
    status = 422 if form.errors else 200
    return render(request, "evaluation/council_form.html", context, status=status)


def council_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretary's overview: who has scored what, knock-outs waiting, sheets to reopen."""
    council = get_object_or_404(Council.objects.select_related("round__era"), pk=pk)
    require(request.user, "evaluation.run_council", council)
    seats, rows = selectors.council_progress(council)
    context = {
        "council": council,
        "all_seats": council.members.select_related("user").order_by("role", "user__username"),
        "seats": seats,
        "rows": rows,
        "pending": _pending_knockouts(council),
        "seat_form": SeatForm(),
        "reason_form": ReasonForm(),
        "knockout_form": KnockoutForm(),
        "can_manage": can(request.user, "evaluation.manage_rounds"),
    }
    return render(request, "evaluation/council_detail.html", context)


def _pending_knockouts(council: Council) -> list[KnockoutReview]:
    return list(
        KnockoutReview.objects.filter(dossier__council=council, verdict=KnockoutVerdict.PENDING)
        .select_related("dossier__product", "criterion", "flagged_by")
        .order_by("created_at")
    )


@require_POST
def council_seat(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    council = get_object_or_404(Council, pk=pk)
    form = SeatForm(request.POST)
    post_action(
        request, form, actions.council_seat, _("Seat added."), actor=request.user, council=council
    )
    return redirect(council)


@require_POST
def council_unseat(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    seat = get_object_or_404(CouncilMember.objects.select_related("council", "user"), pk=pk)
    try:
        actions.council_unseat(actor=request.user, seat=seat)
        messages.success(request, _("Seat removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(seat.council)


def round_consistency(request: AuthedRequest, pk: int) -> HttpResponse:
    """Council consistency: spreads per dossier, outliers, member deviations, agreement."""
    require(request.user, "evaluation.run_council")
    round = get_object_or_404(Round, pk=pk)
    councils = round.councils.order_by("name")
    if request.user.effective_role != Role.OFFICE:
        councils = councils.filter(members__user=request.user, members__role=CouncilRole.SECRETARY)
    sections = []
    for council, result in selectors.round_consistency(round, list(councils)):
        bars = deviation_bars(result.members)
        sections.append(
            {"council": council, "result": result, "bars": bars, "height": 16 + 26 * len(bars)}
        )
    context = {"round": round, "sections": sections, "outlier_points": OUTLIER_POINTS}
    return render(request, "evaluation/consistency.html", context)
