"""Reads about certificates that several pages share (the public catalogue reuses
`product_timeline`)."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certification.models import Certificate, CertificateStatus, Inspection
from ocop.evaluation.models import Dossier, DossierStatus
from ocop.registry.models import Product


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    kind: str  # evaluation, decision, certificate, superseded, suspension, reinstatement,
    # inspection, revocation, expiry
    title: str
    detail: str = ""
    era: str = ""
    url: str = ""
    code: str = ""


def current_certificate(product: Product, day: datetime.date | None = None) -> Certificate | None:
    """The product's certificate valid on `day` (today by default), if any."""
    day = day or timezone.localdate()
    return Certificate.objects.filter(product=product).valid_on(day).order_by("-issued_on").first()


def _dossier_entries(dossier: Dossier, public: bool) -> list[TimelineEntry]:
    round, era = dossier.round, dossier.round.era.name
    day = timezone.localdate(dossier.submitted_at or dossier.created_at)
    result = ""
    if dossier.final_score is not None:
        result = _("score %(score)s, %(stars)s★") % {
            "score": dossier.final_score,
            "stars": dossier.star_class,
        }
    if dossier.outcome:
        result = f"{result} – {dossier.get_outcome_display()}" if result else ""
    detail = " · ".join(p for p in (dossier.get_kind_display(), result) if p)
    if not public:
        detail = f"{detail} · {dossier.get_status_display()}"
    entries = [
        TimelineEntry(day, "evaluation", _("Evaluation: %(round)s") % {"round": round}, detail, era)
    ]
    for decision in dossier.decisions.all():
        entries.append(
            TimelineEntry(
                decision.date,
                "decision",
                _("Decision %(number)s") % {"number": decision.number},
                dossier.get_outcome_display(),
                era,
            )
        )
    return entries


def _certificate_entries(cert: Certificate, today: datetime.date, public: bool) -> list:
    era, url, code = cert.decision.era.name, cert.get_absolute_url(), cert.code
    stars = cert.stars_label + (" " + _("(potential 5★)") if cert.potential_five else "")
    title = _("Certificate %(code)s issued") % {"code": code}
    detail = _("%(stars)s, decision %(decision)s, expires on %(day)s") % {
        "stars": stars,
        "decision": cert.decision.number,
        "day": f"{cert.expires_on:%d/%m/%Y}",
    }
    if cert.correction_reason:
        detail += " · " + _("correction: %(reason)s") % {"reason": cert.correction_reason}
    entries = [TimelineEntry(cert.issued_on, "certificate", title, detail, era, url, code)]
    for s in cert.suspensions.all():
        reason = "" if public else s.reason
        detail = " · ".join(p for p in (s.decision_ref, reason) if p)
        entries.append(
            TimelineEntry(
                s.starts_on,
                "suspension",
                _("%(code)s suspended") % {"code": code},
                detail,
                era,
                url,
                code,
            )
        )
        if s.ends_on:
            detail = " · ".join(p for p in (s.reinstate_decision_ref, s.reinstate_reason) if p)
            title = _("%(code)s reinstated") % {"code": code}
            entries.append(TimelineEntry(s.ends_on, "reinstatement", title, detail, era, url, code))
    for i in [] if public else cert.inspections.all():
        title = _("Inspection of %(code)s: %(outcome)s") % {
            "code": code,
            "outcome": i.get_outcome_display(),
        }
        detail = f"{i.inspector} · {i.findings}"
        entries.append(TimelineEntry(i.date, "inspection", title, detail, era, url, code))
    if cert.superseded_on and cert.superseded_by:
        title = _("%(code)s superseded by %(new)s") % {"code": code, "new": cert.superseded_by.code}
        entries.append(TimelineEntry(cert.superseded_on, "superseded", title, "", era, url, code))
    if cert.revoked_on:
        detail = " · ".join(p for p in (cert.revoke_decision_ref, cert.revoke_reason) if p)
        title = _("%(code)s revoked") % {"code": code}
        entries.append(TimelineEntry(cert.revoked_on, "revocation", title, detail, era, url, code))
    ended_early = min(d for d in (cert.revoked_on, cert.superseded_on, cert.expires_on) if d)
    if cert.expires_on <= today and ended_early == cert.expires_on:
        title = _("%(code)s expired") % {"code": code}
        entries.append(TimelineEntry(cert.expires_on, "expiry", title, "", era, url, code))
    return entries


def product_timeline(
    product: Product, *, public: bool = False, today: datetime.date | None = None
) -> list[TimelineEntry]:
    """The product's certification history across eras, oldest first: evaluations, decisions,
    certificates, suspensions, inspections, supersessions, revocations and expiries.

    `public=True` leaves out dossiers not yet decided, inspections and suspension reasons.
    Runs a fixed number of queries whatever the length of the history.
    """
    today = today or timezone.localdate()
    dossiers = (
        Dossier.objects.filter(product=product)
        .select_related("round__era")
        .prefetch_related("decisions")
    )
    if public:
        dossiers = dossiers.filter(status=DossierStatus.DECIDED)
    certificates = (
        Certificate.objects.filter(product=product)
        .select_related("decision__era", "superseded_by")
        .prefetch_related(
            "suspensions", Prefetch("inspections", Inspection.objects.order_by("date"))
        )
    )
    entries: list[TimelineEntry] = []
    for dossier in dossiers:
        entries += _dossier_entries(dossier, public)
    for cert in certificates:
        entries += _certificate_entries(cert, today, public)
    order = [
        "evaluation",
        "decision",
        "certificate",
        "superseded",
        "inspection",
        "suspension",
        "reinstatement",
        "revocation",
        "expiry",
    ]
    return sorted(entries, key=lambda e: (e.day, order.index(e.kind)))


def status_explanation(cert: Certificate, day: datetime.date) -> str:
    """One sentence saying why a certificate has its status on `day`."""
    status = cert.status_on(day)
    if status == CertificateStatus.REVOKED:
        return _("Revoked on %(day)s (%(ref)s): %(reason)s") % {
            "day": f"{cert.revoked_on:%d/%m/%Y}",
            "ref": cert.revoke_decision_ref,
            "reason": cert.revoke_reason,
        }
    if status == CertificateStatus.SUPERSEDED and cert.superseded_by:
        return _("Superseded on %(day)s by certificate %(code)s.") % {
            "day": f"{cert.superseded_on:%d/%m/%Y}",
            "code": cert.superseded_by.code,
        }
    if status == CertificateStatus.SUSPENDED:
        s = next(s for s in cert.suspensions.all() if s.covers(day))
        return _("Suspended since %(day)s (%(ref)s): %(reason)s") % {
            "day": f"{s.starts_on:%d/%m/%Y}",
            "ref": s.decision_ref,
            "reason": s.reason,
        }
    if status == CertificateStatus.EXPIRED:
        return _("Expired on %(day)s.") % {"day": f"{cert.expires_on:%d/%m/%Y}"}
    if status == CertificateStatus.NOT_YET_VALID:
        return _("Valid from %(day)s.") % {"day": f"{cert.issued_on:%d/%m/%Y}"}
    return _("Valid; expires on %(day)s (%(days)s days left).") % {
        "day": f"{cert.expires_on:%d/%m/%Y}",
        "days": cert.days_left_on(day),
    }


@dataclass(frozen=True)
class Checks:
    """How often shoppers checked a certificate on its public page (QR scans, typed codes)."""

    total: int
    last_30_days: int
    last_day: datetime.date | None


def verification_checks(cert: Certificate, today: datetime.date) -> Checks:
    """Counts as written so far (the public pages write them every few seconds)."""
    recent = cert.verification_days.filter(day__gt=today - datetime.timedelta(days=30))
    figures = recent.aggregate(checks=Sum("count"))
    last = cert.verification_days.aggregate(day=Max("day"))["day"]
    return Checks(cert.verification_count, figures["checks"] or 0, last)
