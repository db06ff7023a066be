"""Every change to plans, targets and producers' yearly reports goes through these functions,
which validate, save and write the audit event in one transaction."""

from typing import Any

from django.db import transaction

from ocop.audit.actions import create_recorded, delete_recorded, update_recorded
from ocop.reports.models import Plan, ProducerReport, Target


@transaction.atomic
def plan_create(*, actor: Any, plan: Plan) -> Plan:
    create_recorded(actor=actor, obj=plan, action="plan.create")
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan) -> Plan:
    update_recorded(actor=actor, obj=plan, action="plan.update")
    return plan


@transaction.atomic
def target_create(*, actor: Any, target: Target) -> Target:
    create_recorded(actor=actor, obj=target, action="target.create")
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target) -> Target:
    update_recorded(actor=actor, obj=target, action="target.update")
    return target


@transaction.atomic
def target_delete(*, actor: Any, target: Target) -> None:
    delete_recorded(actor=actor, obj=target, action="target.delete")


@transaction.atomic
def producer_report_create(*, actor: Any, report: ProducerReport) -> ProducerReport:
    create_recorded(actor=actor, obj=report, action="producer_report.create")
    return report


@transaction.atomic
def producer_report_update(*, actor: Any, report: ProducerReport) -> ProducerReport:
    update_recorded(actor=actor, obj=report, action="producer_report.update")
    return report
