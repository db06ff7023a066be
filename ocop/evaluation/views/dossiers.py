"""Producer, commune-officer and secretary screens of a dossier."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require, scope_dossiers, scope_products
from ocop.accounts.models import Role
from ocop.evaluation import actions
from ocop.evaluation.actions.rounds import is_seated
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.classification import certificate_stars
from ocop.evaluation.forms import (
    AssignCouncilForm,
    CheckForm,
    DossierCreateForm,
    DossierForm,
    EvidenceForm,
)
from ocop.evaluation.models import (
    SCORING_ROLES,
    Dossier,
    DossierStatus,
    EvidenceFile,
    Round,
    RoundStatus,
)
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate
from ocop.registry.models import Product

CHECKABLE = (DossierStatus.SUBMITTED, DossierStatus.RESUBMITTED)


def _dossier(request: AuthedRequest, pk: int, permission: str = "evaluation.view") -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "round__era", "product__producer__commune", "product__category__parent", "council"
        ),
        pk=pk,
    )
    require(request.user, "evaluation.view", dossier)
    require(request.user, permission, dossier)
    return dossier


def dossier_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "evaluation.view")
    dossiers = scope_dossiers(
        request.user, Dossier.objects.select_related("product__producer", "round")
    )
    status, q = request.GET.get("status", ""), request.GET.get("q", "")[:200].strip()
    if status == "to_check":
        dossiers = dossiers.filter(status__in=CHECKABLE)
    elif status in DossierStatus.values:
        dossiers = dossiers.filter(status=status)
    if q:
        dossiers = dossiers.filter(
            Q(product__name__icontains=q) | Q(product__producer__name__icontains=q)
        )
    page = paginate(request, dossiers.order_by("-round__year", "product__name", "pk"))
    context: dict[str, Any] = {"page": page, "status": status, "q": q}
    context["statuses"] = DossierStatus.choices
    context["can_add"] = can(request.user, "evaluation.add_dossier")
    if request.htmx:
        return render(request, "evaluation/dossier_list.html#results", context)
    return render(request, "evaluation/dossier_list.html", context)


def dossier_add(request: AuthedRequest) -> HttpResponse:
    require(request.user, "evaluation.add_dossier")
    products = scope_products(request.user, Product.objects.select_related("producer"))
    form = DossierCreateForm(request.POST or None, products=products, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        require(request.user, "evaluation.add_dossier", form.cleaned_data["product"])
        dossier = run_action(form, actions.dossier_create, actor=request.user, **form.cleaned_data)
        if dossier:
            messages.success(request, _("Dossier started. Fill in the form and upload evidence."))
            return redirect(dossier)
    no_round = not Round.objects.filter(status=RoundStatus.OPEN).exists()
    status = 422 if form.errors else 200
    return render(
        request, "evaluation/dossier_add.html", {"form": form, "no_round": no_round}, status=status
    )


def dossier_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    user = request.user
    evidence = list(dossier.evidence.select_related("uploaded_by", "copied_from__dossier__round"))
    checklist = [
        (item, [e for e in evidence if e.item == item.code])
        for item in checklist_for(dossier.product.category.group.code)
    ]
    can_edit = can(user, "evaluation.change_dossier", dossier) and dossier.producer_may_edit
    context: dict[str, Any] = {
        "dossier": dossier,
        "checklist": checklist,
        "comments": dossier.comments.select_related("author"),
        "can_edit": can_edit,
        "evidence_form": EvidenceForm(group_code=dossier.product.category.group.code),
        "can_check": can(user, "evaluation.check_dossier", dossier) and dossier.status in CHECKABLE,
        "check_form": CheckForm(),
        "can_withdraw": can(user, "evaluation.change_dossier", dossier)
        and dossier.can_move_to(DossierStatus.WITHDRAWN),
        "can_run": _runs_council(request, dossier),
        "can_score": dossier.status == DossierStatus.ACCEPTED
        and is_seated(dossier.council, user, SCORING_ROLES),
        "certificate_stars": certificate_stars(
            star_class=dossier.star_class, outcome=dossier.outcome
        ),
    }
    # The producer and the officer learn the result from the recognition decision, not before.
    context["show_result"] = dossier.status == DossierStatus.DECIDED or context["can_run"]
    if context["can_run"] and dossier.status == DossierStatus.ACCEPTED:
        context["assign_form"] = AssignCouncilForm(round=dossier.round)
    return render(request, "evaluation/dossier_detail.html", context)


def _runs_council(request: AuthedRequest, dossier: Dossier) -> bool:
    """The office, or the secretary of the dossier's council (of any council of its round
    while the dossier has none)."""
    user = request.user
    if not can(user, "evaluation.run_council"):
        return False
    if user.effective_role == Role.OFFICE:
        return True
    councils = [dossier.council] if dossier.council else list(dossier.round.councils.all())
    return any(can(user, "evaluation.run_council", c) for c in councils)


def dossier_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk, "evaluation.change_dossier")
    form = DossierForm(request.POST or None, instance=dossier)
    if not dossier.producer_may_edit:
        messages.error(request, _("This dossier can no longer be changed."))
        status = 409 if request.method == "POST" else 200
        return render(request, "evaluation/dossier_form.html", {"dossier": dossier}, status=status)
    if request.method == "POST" and form.is_valid():
        saved = run_action(form, actions.dossier_update, actor=request.user, dossier=dossier)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(dossier)
    status = 422 if form.errors else 200
    return render(
        request, "evaluation/dossier_form.html", {"form": form, "dossier": dossier}, status=status
    )


def _act(
    request: AuthedRequest, dossier: Dossier, action: Any, done: str, **kwargs: Any
) -> HttpResponse:
    """Run a POST action; its refusal is shown as a message and nothing is saved."""
    try:
        action(actor=request.user, dossier=dossier, **kwargs)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(dossier)


@require_POST
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk, "evaluation.change_dossier")
    form = EvidenceForm(request.POST, request.FILES, group_code=dossier.product.category.group.code)
    if not form.is_valid():
        messages.error(request, _("Choose a checklist item and a file to upload."))
        return redirect(dossier)
    item, upload = form.cleaned_data["item"], form.cleaned_data["file"]
    return _act(request, dossier, actions.evidence_add, _("File added."), item=item, upload=upload)


def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    """Evidence is private: only those who may see the dossier may open its files."""
    evidence = get_object_or_404(EvidenceFile.objects.select_related("dossier"), pk=pk)
    require(request.user, "evaluation.view", evidence)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=evidence.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = f'inline; filename="{evidence.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def evidence_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(EvidenceFile.objects.select_related("dossier"), pk=pk)
    require(request.user, "evaluation.change_dossier", evidence)
    try:
        actions.evidence_remove(actor=request.user, evidence=evidence)
        messages.success(request, _("File removed from the dossier."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(evidence.dossier)


@require_POST
def dossier_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk, "evaluation.change_dossier")
    return _act(request, dossier, actions.dossier_submit, _("Dossier sent to the commune."))


@require_POST
def dossier_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk, "evaluation.change_dossier")
    reason = request.POST.get("reason", "")[:500]
    return _act(request, dossier, actions.dossier_withdraw, _("Dossier withdrawn."), reason=reason)


@require_POST
def dossier_check(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk, "evaluation.check_dossier")
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or return."))
        return redirect(dossier)
    comment = form.cleaned_data["comment"]
    if form.cleaned_data["decision"] == "accept":
        return _act(
            request, dossier, actions.dossier_accept, _("Dossier accepted."), comment=comment
        )
    return _act(request, dossier, actions.dossier_return, _("Dossier returned."), comment=comment)


@require_POST
def dossier_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if not _runs_council(request, dossier):
        raise PermissionDenied
    form = AssignCouncilForm(request.POST, round=dossier.round)
    if not form.is_valid():
        messages.error(request, _("Choose a council of this round."))
        return redirect(dossier)
    council = form.cleaned_data["council"]
    return _act(
        request, dossier, actions.dossier_assign_council, _("Council assigned."), council=council
    )


@require_POST
def dossier_classify(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk, "evaluation.run_council")
    return _act(request, dossier, actions.dossier_classify, _("Dossier classified."))
