"""Council members' screens (their sheets, the scoring page) and the secretary's POST actions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import require
from ocop.evaluation import actions
from ocop.evaluation.actions.rounds import is_seated
from ocop.evaluation.actions.rules import scoring_criteria
from ocop.evaluation.forms import ConflictForm, KnockoutForm, ReasonForm, parse_scores
from ocop.evaluation.models import (
    SCORING_ROLES,
    ConflictDeclaration,
    Dossier,
    KnockoutReview,
    Score,
    ScoreSheet,
)
from ocop.evaluation.selectors import member_dossiers, with_own_sheets
from ocop.evaluation.views import post_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate


def my_sheets(request: AuthedRequest) -> HttpResponse:
    require(request.user, "evaluation.score")
    page = paginate(request, member_dossiers(request.user))
    rows = with_own_sheets(request.user, list(page.object_list))
    return render(request, "evaluation/my_sheets.html", {"page": page, "rows": rows})


def _scoring_dossier(request: AuthedRequest, pk: int) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "round__era", "product__producer", "product__category", "council", "criteria_set"
        ),
        pk=pk,
    )
    require(request.user, "evaluation.score", dossier)
    if not is_seated(dossier.council, request.user, SCORING_ROLES):
        raise PermissionDenied
    return dossier


def _sheet_context(request: AuthedRequest, dossier: Dossier) -> dict[str, Any]:
    """Everything the scoring page shows, in a fixed number of queries."""
    user = request.user
    sheet = ScoreSheet.objects.filter(dossier=dossier, member=user).first()
    chosen: dict[int, Score] = {}
    if sheet:
        chosen = {s.criterion_id: s for s in Score.objects.filter(sheet=sheet)}
    criteria = scoring_criteria(dossier.criteria_set) if dossier.criteria_set else []
    parts: list[dict[str, Any]] = []
    for criterion in criteria:
        if not parts or parts[-1]["part"].pk != criterion.part_id:
            parts.append({"part": criterion.part, "rows": []})
        score = chosen.get(criterion.pk)
        parts[-1]["rows"].append({"criterion": criterion, "score": score})
    flagged = KnockoutReview.objects.filter(dossier=dossier, flagged_by=user).select_related(
        "criterion"
    )
    return {
        "dossier": dossier,
        "sheet": sheet,
        "parts": parts,
        "scored": len(chosen),
        "criteria_count": len(criteria),
        "declaration": ConflictDeclaration.objects.filter(dossier=dossier, member=user).first(),
        "conflict_form": ConflictForm(),
        "knockouts": list(flagged),
    }


def score_page(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _scoring_dossier(request, pk)
    return render(request, "evaluation/score.html", _sheet_context(request, dossier))


@require_POST
def score_save(request: AuthedRequest, pk: int) -> HttpResponse:
    """Partial save: HTMX posts on every change; without JavaScript the Save button does."""
    dossier = _scoring_dossier(request, pk)
    choices, notes = parse_scores(request.POST)
    error = ""
    try:
        actions.score_save(actor=request.user, dossier=dossier, choices=choices, notes=notes)
    except ValidationError as refused:
        error = " ".join(refused.messages)
    if request.htmx:
        context = _sheet_context(request, dossier) | {"error": error}
        return render(
            request, "evaluation/score.html#status", context, status=422 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Scores saved."))
    return redirect("evaluation:score", pk=dossier.pk)


@require_POST
def sheet_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _scoring_dossier(request, pk)
    try:
        actions.sheet_submit(actor=request.user, dossier=dossier)
        messages.success(request, _("Sheet submitted and locked."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation:score", pk=dossier.pk)


@require_POST
def conflict_declare(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _scoring_dossier(request, pk)
    form = ConflictForm(request.POST)
    post_action(
        request,
        form,
        actions.conflict_declare,
        _("Declaration recorded."),
        actor=request.user,
        dossier=dossier,
    )
    return redirect("evaluation:score", pk=dossier.pk)


@require_POST
def sheet_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(ScoreSheet.objects.select_related("dossier__council"), pk=pk)
    require(request.user, "evaluation.run_council", sheet)
    form = ReasonForm(request.POST)
    done = _("Sheet reopened; the member can change it again.")
    post_action(request, form, actions.sheet_reopen, done, actor=request.user, sheet=sheet)
    return redirect(sheet.dossier)


@require_POST
def knockout_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(KnockoutReview.objects.select_related("dossier__council"), pk=pk)
    require(request.user, "evaluation.run_council", review)
    form = KnockoutForm(request.POST)
    done = _("The council's decision on the knock-out is recorded.")
    post_action(request, form, actions.knockout_decide, done, actor=request.user, review=review)
    return redirect(review.dossier)
