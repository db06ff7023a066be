"""The showroom compliance audit: judge every listing, remember the outcome, and tell the
showroom's operators and the city office when a listing falls out of compliance."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.accounts.models import Notice, Role, User
from ocop.audit.actions import record
from ocop.market.compliance import Verdict, judge_showroom
from ocop.market.models import (
    ComplianceOutcome,
    Listing,
    ListingCompliance,
    Showroom,
    ShowroomStatus,
)
from ocop.market.selectors import certificates_by_product


@dataclass
class AuditSummary:
    day: datetime.date
    showrooms: int = 0
    listings: int = 0
    non_compliant: int = 0
    fell_out: int = 0
    came_back: int = 0
    notices: int = 0
    problem_showrooms: list[str] = field(default_factory=list)


@transaction.atomic
def audit_showrooms(
    *,
    actor: Any,
    day: datetime.date,
    showrooms: Iterable[Showroom] | None = None,
    send_email: bool = True,
) -> AuditSummary:
    """Judge the listings of every showroom not closed for good on `day`. Safe to run again:
    notices go out only for listings whose last known outcome was compliant (or unknown)."""
    summary = AuditSummary(day=day)
    if showrooms is None:
        showrooms = Showroom.objects.exclude(status=ShowroomStatus.CLOSED).order_by("pk")
    for showroom in showrooms:
        listings = list(
            Listing.objects.filter(showroom=showroom)
            .select_related("product", "compliance")
            .order_by("product__name", "pk")
        )
        certificates = certificates_by_product(listing.product_id for listing in listings)
        report = judge_showroom(showroom, listings, certificates, day)
        fell_out = _remember(actor, showroom, report.rows, day, summary)
        summary.showrooms += 1
        summary.listings += len(listings)
        summary.non_compliant += len(report.non_compliant)
        if not report.ok:
            summary.problem_showrooms.append(showroom.name)
        if fell_out:
            summary.notices += _notify(showroom, fell_out, day, send_email)
    record(
        actor=actor,
        action="market.audit_showrooms",
        object_type="market.showroom",
        object_repr=f"audit of {day.isoformat()}",
        after={
            "day": day,
            "showrooms": summary.showrooms,
            "listings": summary.listings,
            "non_compliant": summary.non_compliant,
            "fell_out": summary.fell_out,
            "came_back": summary.came_back,
        },
    )
    return summary


def _remember(
    actor: Any,
    showroom: Showroom,
    rows: list[tuple[Listing, Verdict]],
    day: datetime.date,
    summary: AuditSummary,
) -> list[tuple[Listing, Verdict]]:
    """Store each listing's outcome; return the listings that have just become non-compliant.
    One audit event per showroom names the listings that fell out or came back."""
    fell_out, came_back = [], []
    created, changed = [], []
    for listing, verdict in rows:
        state: ListingCompliance | None = getattr(listing, "compliance", None)
        before = state.outcome if state else None
        if state is None:
            state = ListingCompliance(listing=listing, changed_on=day)
            created.append(state)
        else:
            changed.append(state)
            if before != verdict.outcome:
                state.changed_on = day
        state.outcome, state.reasons, state.checked_on = verdict.outcome, verdict.codes, day
        now_bad = verdict.outcome == ComplianceOutcome.NON_COMPLIANT
        was_bad = before == ComplianceOutcome.NON_COMPLIANT
        if now_bad and not was_bad:
            fell_out.append((listing, verdict))
        elif was_bad and not now_bad:
            came_back.append((listing, verdict))
    ListingCompliance.objects.bulk_create(created, batch_size=500)
    ListingCompliance.objects.bulk_update(
        changed, ["outcome", "reasons", "checked_on", "changed_on"], batch_size=500
    )
    summary.fell_out += len(fell_out)
    summary.came_back += len(came_back)
    if fell_out or came_back:
        record(
            actor=actor,
            action="showroom.compliance_changed",
            obj=showroom,
            after={
                "day": day,
                "fell_out": {str(li.pk): v.codes for li, v in fell_out},
                "came_back": {str(li.pk): v.codes for li, v in came_back},
            },
        )
    return fell_out


def _recipients(showroom: Showroom) -> list[User]:
    operators = list(showroom.operators.filter(is_active=True))
    office = list(User.objects.filter(is_active=True, role=Role.OFFICE))
    return list({u.pk: u for u in [*operators, *office]}.values())


def _notify(
    showroom: Showroom,
    fell_out: list[tuple[Listing, Verdict]],
    day: datetime.date,
    send_email: bool,
) -> int:
    """One notice (and e-mail) per recipient for this showroom's newly non-compliant listings."""
    url = reverse("market:compliance", args=[showroom.pk])
    recipients = _recipients(showroom)
    title = _("%(count)s listing(s) at %(showroom)s fell out of compliance") % {
        "count": len(fell_out),
        "showroom": showroom.name,
    }
    lines = [
        f"- {listing.product.name}: {' '.join(f.message for f in verdict.findings)}"
        for listing, verdict in fell_out
    ]
    body = "\n".join(
        [
            _("Audit of %(day)s. Take these products off the shelf or renew them:")
            % {"day": day.strftime("%d/%m/%Y")},
            *lines,
        ]
    )
    Notice.objects.bulk_create(
        [Notice(user=u, title=title[:200], body=body, url=url) for u in recipients]
    )
    link = settings.OCOP_SITE_URL.rstrip("/") + url
    messages = [(title, f"{body}\n\n{link}", None, [u.email]) for u in recipients if u.email]
    if messages and send_email:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(recipients)
