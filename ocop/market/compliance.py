"""What a showroom may display, judged on a given day. Pure rules: no database queries.

Hanoi's rule: goods displayed at OCOP showrooms must be recognised OCOP products (a valid
certificate of 3★ or more; potential 5★ products hold one too), plus typical craft-village goods.
Decision 6385/QĐ-UBND (14 Dec 2023): at a creative design and sales centre at least 60% of the
goods must be OCOP or craft-village goods (the share is the setting OCOP_MIN_OCOP_SHARE).

A listing is judged from its product's certificates (with their suspensions prefetched):
- a valid 3★+ certificate on the day → OCOP; a warning when cover ends within 30 days and no
  re-recognition follows on;
- otherwise the latest certificate issued by the day says why not (expired, superseded,
  suspended, revoked, not yet valid), or there is none (not OCOP at all);
- a listing marked as craft-village goods is still accepted, unless the product's certificate
  is revoked or suspended (a violation was found: it must come off the shelf).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.certification.models import CertificateStatus
from ocop.market.models.showrooms import DESIGN_CENTRE_MIN_AREA_M2, ComplianceOutcome

if TYPE_CHECKING:
    from ocop.certification.models import Certificate

LOOK_AHEAD_DAYS = 30
MIN_STARS = 3


class Reason(models.TextChoices):
    VALID = "valid", gettext_lazy("Valid certificate")
    POTENTIAL_FIVE = "potential_five", gettext_lazy("Potential 5★ product")
    EXPIRES_SOON = "expires_soon", gettext_lazy("Certificate expires soon")
    EXPIRED = "expired", gettext_lazy("Certificate expired")
    SUPERSEDED = "superseded", gettext_lazy("Certificate superseded")
    SUSPENDED = "suspended", gettext_lazy("Certificate suspended")
    REVOKED = "revoked", gettext_lazy("Certificate revoked")
    NOT_YET_VALID = "not_yet_valid", gettext_lazy("Certificate not yet valid")
    NOT_OCOP = "not_ocop", gettext_lazy("Not an OCOP product")
    CRAFT_VILLAGE = "craft_village", gettext_lazy("Craft-village goods")


class Level(models.TextChoices):
    OK = "ok", gettext_lazy("OK")
    INFO = "info", gettext_lazy("Note")
    WARNING = "warning", gettext_lazy("Warning")
    PROBLEM = "problem", gettext_lazy("Problem")


# Certificate statuses that rule a product off the shelf even as craft-village goods.
BLOCKING_STATUSES = frozenset({CertificateStatus.REVOKED, CertificateStatus.SUSPENDED})


@dataclass(frozen=True)
class Finding:
    code: str
    level: str
    message: str


@dataclass(frozen=True)
class Verdict:
    """How one listing stands on one day, with the exact reasons."""

    outcome: str
    findings: tuple[Finding, ...]
    certificate: "Certificate | None" = None

    @property
    def compliant(self) -> bool:
        return self.outcome != ComplianceOutcome.NON_COMPLIANT

    @property
    def is_ocop(self) -> bool:
        return self.outcome == ComplianceOutcome.OCOP

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    @property
    def has_warning(self) -> bool:
        return any(f.level == Level.WARNING for f in self.findings)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def judge_listing(
    certificates: Iterable["Certificate"],
    day: datetime.date,
    *,
    craft_village: bool = False,
    look_ahead_days: int = LOOK_AHEAD_DAYS,
) -> Verdict:
    """Judge a product with these certificates (suspensions prefetched) as displayed on `day`."""
    certs = [c for c in certificates if c.stars >= MIN_STARS]
    statuses = {c.pk: c.status_on(day) for c in certs}
    valid = [c for c in certs if statuses[c.pk] == CertificateStatus.VALID]
    if valid:
        return _valid_verdict(valid, certs, statuses, day, look_ahead_days)
    finding, decisive = _why_not(certs, statuses, day)
    if craft_village and (decisive is None or statuses[decisive.pk] not in BLOCKING_STATUSES):
        accepted = Finding(
            Reason.CRAFT_VILLAGE,
            Level.INFO,
            _("Accepted as craft-village goods; it must not carry the OCOP logo."),
        )
        info = Finding(finding.code, Level.INFO, finding.message)
        return Verdict(ComplianceOutcome.CRAFT_VILLAGE, (info, accepted), decisive)
    return Verdict(ComplianceOutcome.NON_COMPLIANT, (finding,), decisive)


def _valid_verdict(
    valid: list["Certificate"],
    certs: list["Certificate"],
    statuses: dict[Any, str],
    day: datetime.date,
    look_ahead_days: int,
) -> Verdict:
    best = max(valid, key=lambda c: (c.stars, c.expires_on))
    findings = [
        Finding(
            Reason.VALID,
            Level.OK,
            _("Certificate %(code)s (%(stars)s★) valid until %(date)s.")
            % {"code": best.code, "stars": best.stars, "date": _d(best.expires_on)},
        )
    ]
    if best.potential_five:
        findings.append(
            Finding(Reason.POTENTIAL_FIVE, Level.OK, _("Recognised as a potential 5★ product."))
        )
    cover_ends = _cover_ends(valid, certs, statuses)
    days_left = (cover_ends - day).days
    if days_left <= look_ahead_days:
        findings.append(
            Finding(
                Reason.EXPIRES_SOON,
                Level.WARNING,
                _(
                    "The certificate expires on %(date)s (in %(days)s days) and no "
                    "re-recognition follows it yet."
                )
                % {"date": _d(cover_ends), "days": days_left},
            )
        )
    return Verdict(ComplianceOutcome.OCOP, tuple(findings), best)


def _cover_ends(
    valid: list["Certificate"], certs: list["Certificate"], statuses: dict[Any, str]
) -> datetime.date:
    """The first day without a valid certificate, following re-recognitions issued in time."""
    end = max(c.expires_on for c in valid)
    upcoming = [c for c in certs if statuses[c.pk] == CertificateStatus.NOT_YET_VALID]
    extended = True
    while extended:
        extended = False
        for c in upcoming:
            if c.issued_on <= end < c.expires_on:
                end, extended = c.expires_on, True
    return end


def _why_not(
    certs: list["Certificate"], statuses: dict[Any, str], day: datetime.date
) -> tuple[Finding, "Certificate | None"]:
    """The finding that explains why a product has no valid certificate on `day`."""
    if not certs:
        return (
            Finding(
                Reason.NOT_OCOP,
                Level.PROBLEM,
                _("Not an OCOP product: no certificate of 3★ or more."),
            ),
            None,
        )
    issued = [c for c in certs if c.issued_on <= day]
    if not issued:
        first = min(certs, key=lambda c: c.issued_on)
        message = _("Certificate %(code)s is valid only from %(date)s.") % {
            "code": first.code,
            "date": _d(first.issued_on),
        }
        return Finding(Reason.NOT_YET_VALID, Level.PROBLEM, message), first
    latest = max(issued, key=lambda c: (c.issued_on, c.pk or 0))
    status = statuses[latest.pk]
    return Finding(status, Level.PROBLEM, _status_message(latest, status, day)), latest


def _status_message(cert: "Certificate", status: str, day: datetime.date) -> str:
    facts = {"code": cert.code, "stars": cert.stars}
    if status == CertificateStatus.REVOKED:
        return _("Certificate %(code)s (%(stars)s★) was revoked on %(date)s.") % {
            **facts,
            "date": _d(cert.revoked_on or day),
        }
    if status == CertificateStatus.SUPERSEDED:
        return _(
            "Certificate %(code)s (%(stars)s★) was superseded on %(date)s and its "
            "replacement is not valid."
        ) % {**facts, "date": _d(cert.superseded_on or day)}
    if status == CertificateStatus.SUSPENDED:
        since = max(s.starts_on for s in cert.suspensions.all() if s.covers(day))
        return _("Certificate %(code)s (%(stars)s★) is suspended since %(date)s.") % {
            **facts,
            "date": _d(since),
        }
    return _("Certificate %(code)s (%(stars)s★) expired on %(date)s.") % {
        **facts,
        "date": _d(cert.expires_on),
    }


def min_ocop_share() -> Fraction:
    """The share of OCOP or craft-village goods required at design and sales centres."""
    value = Fraction(str(getattr(settings, "OCOP_MIN_OCOP_SHARE", 0.6)))
    if not 0 <= value <= 1:
        raise ImproperlyConfigured("OCOP_MIN_OCOP_SHARE must be between 0 and 1.")
    return value


@dataclass(frozen=True)
class ShareCheck:
    """OCOP or craft-village goods among all listings at a centre, against the required share."""

    qualifying: int
    total: int
    required: Fraction

    @property
    def share(self) -> Fraction:
        return Fraction(self.qualifying, self.total) if self.total else Fraction(0)

    @property
    def ok(self) -> bool:
        return self.total == 0 or self.share >= self.required

    @property
    def percent(self) -> int:
        return int(self.share * 100)

    @property
    def required_percent(self) -> int:
        return int(self.required * 100)


def judge_share(verdicts: Sequence[Verdict], required: Fraction | None = None) -> ShareCheck:
    qualifying = sum(1 for v in verdicts if v.compliant)
    return ShareCheck(qualifying, len(verdicts), min_ocop_share() if required is None else required)


@dataclass
class ShowroomReport:
    """A showroom's compliance on one day: each listing's verdict and the showroom-wide checks."""

    day: datetime.date
    rows: list[tuple[Any, Verdict]]
    share: ShareCheck | None = None
    notes: list[Finding] = field(default_factory=list)

    @property
    def non_compliant(self) -> list[tuple[Any, Verdict]]:
        return [(listing, v) for listing, v in self.rows if not v.compliant]

    @property
    def warnings(self) -> list[tuple[Any, Verdict]]:
        return [(listing, v) for listing, v in self.rows if v.compliant and v.has_warning]

    @property
    def ok(self) -> bool:
        return not self.non_compliant and (self.share is None or self.share.ok)


def judge_showroom(
    showroom: Any,
    listings: Sequence[Any],
    certificates: dict[int, list["Certificate"]],
    day: datetime.date,
) -> ShowroomReport:
    """Judge every listing (`certificates` maps product id → its certificates) and, at a design
    and sales centre, the share of OCOP or craft-village goods and the floor area."""
    rows = [
        (
            listing,
            judge_listing(
                certificates.get(listing.product_id, []), day, craft_village=listing.craft_village
            ),
        )
        for listing in listings
    ]
    report = ShowroomReport(day=day, rows=rows)
    if showroom.is_design_centre:
        report.share = judge_share([v for _, v in rows])
        if not report.share.ok:
            report.notes.append(
                Finding(
                    "share",
                    Level.PROBLEM,
                    _(
                        "Only %(share)s%% of the goods are OCOP or craft-village goods "
                        "(%(ok)s of %(total)s); Decision 6385/2023 requires at least %(min)s%%."
                    )
                    % {
                        "share": report.share.percent,
                        "ok": report.share.qualifying,
                        "total": report.share.total,
                        "min": report.share.required_percent,
                    },
                )
            )
        if showroom.area_m2 is not None and showroom.area_m2 < DESIGN_CENTRE_MIN_AREA_M2:
            report.notes.append(
                Finding(
                    "area",
                    Level.WARNING,
                    _("The floor area is %(area)s m²; a design and sales centre needs %(min)s m².")
                    % {"area": showroom.area_m2, "min": DESIGN_CENTRE_MIN_AREA_M2},
                )
            )
    return report
