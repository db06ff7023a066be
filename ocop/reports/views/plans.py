"""Plans and their targets: the office adds and edits them (every change audited)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import can, require
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.reports import actions
from ocop.reports.forms import PlanForm, TargetForm
from ocop.reports.indicators import INDICATORS
from ocop.reports.models import Plan, Target


def plan_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "reports.view")
    plans = Plan.objects.annotate(target_count=Count("targets")).order_by("-start_year", "name")
    context = {"plans": plans, "can_manage": can(request.user, "reports.manage_plans")}
    return render(request, "reports/plan_list.html", context)


def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.view")
    plan = get_object_or_404(Plan.objects.select_related("province"), pk=pk)
    targets = [(t, INDICATORS.get(t.indicator)) for t in plan.targets.all()]
    context = {
        "plan": plan,
        "targets": targets,
        "can_manage": can(request.user, "reports.manage_plans"),
    }
    return render(request, "reports/plan_detail.html", context)


def plan_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "reports.manage_plans")
    plan = get_object_or_404(Plan, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        action = actions.plan_update if plan else actions.plan_create
        saved = run_action(form, action, actor=request.user, plan=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(request, "reports/plan_form.html", {"form": form, "plan": plan})


def target_edit(
    request: AuthedRequest, plan_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    require(request.user, "reports.manage_plans")
    target = get_object_or_404(Target, pk=pk) if pk else None
    plan = target.plan if target else get_object_or_404(Plan, pk=plan_pk)
    form = TargetForm(request.POST or None, instance=target or Target(plan=plan))
    if request.method == "POST" and form.is_valid():
        action = actions.target_update if target else actions.target_create
        saved = run_action(form, action, actor=request.user, target=form.instance)
        if saved:
            messages.success(request, _("Saved."))
            return redirect(plan)
    context = {"form": form, "plan": plan, "target": target, "indicators": INDICATORS.values()}
    return render(request, "reports/target_form.html", context)


@require_POST
def target_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.manage_plans")
    target = get_object_or_404(Target.objects.select_related("plan"), pk=pk)
    actions.target_delete(actor=request.user, target=target)
    messages.success(request, _("Target removed."))
    return redirect(target.plan)
