"""The life of an issued certificate: suspension, reinstatement, revocation and
post-recognition inspections (hậu kiểm). Statuses follow from these records and dates; what
each status allows is the CERTIFICATE_ACTIONS table in models.py."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.audit.actions import record, snapshot
from ocop.certification.actions.common import not_allowed, required
from ocop.certification.models import Certificate, CertificateAction, Inspection, Suspension


def _lock(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _decision_and_reason(
    errors: dict[str, str], decision_ref: str, reason: str, doing: str
) -> tuple[str, str]:
    decision_ref = required(
        errors,
        "decision_ref",
        decision_ref,
        _("Give the number of the decision to %(doing)s.") % {"doing": doing},
    )
    reason = required(errors, "reason", reason, _("Give the reason."))
    return decision_ref, reason


@transaction.atomic
def certificate_suspend(
    *,
    certificate: Certificate,
    starts_on: datetime.date,
    reason: str,
    decision_ref: str,
    actor: Any,
    inspection: Inspection | None = None,
) -> Suspension:
    """Suspend a valid certificate from `starts_on` until it is reinstated."""
    cert = _lock(certificate)
    errors: dict[str, str] = {}
    decision_ref, reason = _decision_and_reason(errors, decision_ref, reason, _("suspend"))
    if cert.suspensions.filter(ends_on__isnull=True).exists():
        errors["starts_on"] = _("This certificate is already suspended.")
    elif problem := not_allowed(cert, CertificateAction.SUSPEND, starts_on):
        errors["starts_on"] = problem
    if errors:
        raise ValidationError(errors)
    suspension = Suspension.objects.create(
        certificate=cert,
        starts_on=starts_on,
        reason=reason,
        decision_ref=decision_ref,
        inspection=inspection,
    )
    record(actor=actor, action="certificate.suspend", obj=cert, after=snapshot(suspension))
    return suspension


@transaction.atomic
def certificate_reinstate(
    *,
    certificate: Certificate,
    ends_on: datetime.date,
    reason: str,
    decision_ref: str,
    actor: Any,
) -> Suspension:
    """End the open suspension of a certificate: it is valid again from `ends_on`."""
    cert = _lock(certificate)
    suspension = cert.suspensions.select_for_update().filter(ends_on__isnull=True).first()
    errors: dict[str, str] = {}
    decision_ref, reason = _decision_and_reason(errors, decision_ref, reason, _("reinstate"))
    if suspension is None:
        errors["__all__"] = _("This certificate is not suspended.")
    elif ends_on < suspension.starts_on:
        errors["ends_on"] = _("The reinstatement cannot come before the suspension (%(day)s).") % {
            "day": f"{suspension.starts_on:%d/%m/%Y}"
        }
    elif problem := not_allowed(cert, CertificateAction.REINSTATE, ends_on):
        errors["ends_on"] = problem
    if errors or suspension is None:
        raise ValidationError(errors)
    before = snapshot(suspension)
    suspension.ends_on = ends_on
    suspension.reinstate_reason = reason
    suspension.reinstate_decision_ref = decision_ref
    suspension.save(update_fields=["ends_on", "reinstate_reason", "reinstate_decision_ref"])
    after = snapshot(suspension)
    record(actor=actor, action="certificate.reinstate", obj=cert, before=before, after=after)
    return suspension


@transaction.atomic
def certificate_revoke(
    *,
    certificate: Certificate,
    revoked_on: datetime.date,
    reason: str,
    decision_ref: str,
    actor: Any,
) -> Certificate:
    """Revoke a certificate from `revoked_on` (final: a revoked certificate stays revoked)."""
    cert = _lock(certificate)
    errors: dict[str, str] = {}
    decision_ref, reason = _decision_and_reason(errors, decision_ref, reason, _("revoke"))
    if cert.revoked_on:
        errors["__all__"] = _("This certificate is already revoked.")
    elif problem := not_allowed(cert, CertificateAction.REVOKE, revoked_on):
        errors["revoked_on"] = problem
    if errors:
        raise ValidationError(errors)
    fields = ["revoked_on", "revoke_reason", "revoke_decision_ref"]
    before = snapshot(cert, fields)
    cert.revoked_on, cert.revoke_reason, cert.revoke_decision_ref = revoked_on, reason, decision_ref
    cert.save(update_fields=fields)
    after = snapshot(cert, fields)
    record(actor=actor, action="certificate.revoke", obj=cert, before=before, after=after)
    return cert


@transaction.atomic
def inspection_record(
    *,
    certificate: Certificate,
    date: datetime.date,
    inspector: str,
    findings: str,
    outcome: str,
    actor: Any,
    suspend: bool = False,
    decision_ref: str = "",
) -> Inspection:
    """Record a post-recognition inspection (hậu kiểm); a violation may suspend the
    certificate from the inspection date in the same step (all or nothing)."""
    cert = _lock(certificate)
    errors: dict[str, str] = {}
    inspector = required(errors, "inspector", inspector, _("Name the inspector or team."))
    findings = required(errors, "findings", findings, _("Describe what the inspection found."))
    if outcome not in Inspection.Outcome.values:
        errors["outcome"] = _("Choose the outcome of the inspection.")
    if date > timezone.localdate():
        errors["date"] = _("An inspection cannot be recorded before it happens.")
    elif problem := not_allowed(cert, CertificateAction.INSPECT, date):
        errors["date"] = problem
    if suspend and outcome != Inspection.Outcome.VIOLATION:
        errors["suspend"] = _("Only an inspection that found a violation can suspend.")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        certificate=cert,
        date=date,
        inspector=inspector,
        findings=findings,
        outcome=outcome,
        recorded_by=actor,
    )
    record(actor=actor, action="certificate.inspect", obj=cert, after=snapshot(inspection))
    if suspend:
        certificate_suspend(
            certificate=cert,
            starts_on=date,
            reason=findings,
            decision_ref=decision_ref,
            actor=actor,
            inspection=inspection,
        )
    return inspection
