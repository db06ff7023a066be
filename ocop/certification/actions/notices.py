"""Expiry warnings: 30 and again 7 days before a certificate expires, by email and in-app notice,
to the producer's users and the officers of the producer's commune. Each threshold is sent once
per certificate (an `ExpiryNotice` row records it), so running the command twice sends nothing
new."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.accounts.models import Notice, Role, User
from ocop.audit.actions import record
from ocop.certification.models import Certificate, ExpiryNotice

# Days before expiry at which a warning goes out; the nearest one that applies is sent.
THRESHOLDS = (30, 7)


@dataclass
class SentNotice:
    certificate: Certificate
    days_before: int
    recipients: list[User] = field(default_factory=list)
    emails: int = 0


def threshold_for(days_left: int) -> int | None:
    """The warning due for a certificate expiring in `days_left` days (None: none yet)."""
    due = [t for t in THRESHOLDS if 0 < days_left <= t]
    return min(due) if due else None


def recipients_for(certificate: Certificate) -> list[User]:
    """Active users acting for the producer, and the officers of the producer's commune."""
    producer = certificate.product.producer
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.PRODUCER, producer=producer)
        | Q(role=Role.OFFICER, communes=producer.commune_id)
    )
    return list(users.distinct().order_by("username"))


def _message(certificate: Certificate, days_left: int) -> tuple[str, str]:
    subject = _("OCOP certificate %(code)s expires in %(days)s days") % {
        "code": certificate.code,
        "days": days_left,
    }
    body = _(
        "The OCOP certificate %(code)s for %(product)s (%(producer)s, %(stars)s★) expires on "
        "%(day)s, in %(days)s days.\n\nTo keep the OCOP logo on the product, apply for "
        "re-recognition (renewal) before then. After that date the product may no longer use "
        "the logo.\n\n%(url)s"
    ) % {
        "code": certificate.code,
        "product": certificate.product.name,
        "producer": certificate.product.producer.name,
        "stars": certificate.stars,
        "day": f"{certificate.expires_on:%d/%m/%Y}",
        "days": days_left,
        "url": settings.OCOP_SITE_URL.rstrip("/") + certificate.get_absolute_url(),
    }
    return subject, body


@transaction.atomic
def expiry_notice_send(
    *, certificate: Certificate, today: datetime.date, actor: Any = "system"
) -> SentNotice | None:
    """Send the warning due today for one certificate, unless it was already sent."""
    days_left = certificate.days_left_on(today)
    threshold = threshold_for(days_left)
    if threshold is None:
        return None
    _notice, created = ExpiryNotice.objects.get_or_create(
        certificate=certificate, days_before=threshold
    )
    if not created:
        return None
    sent = SentNotice(certificate, threshold, recipients_for(certificate))
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(certificate, days_left)
    url = certificate.get_absolute_url()
    Notice.objects.bulk_create(
        [Notice(user=u, title=subject, body=body, url=url) for u in sent.recipients]
    )
    mails = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in sent.recipients
        if u.email
    ]
    # Raising here rolls the ExpiryNotice back, so the next run tries again.
    sent.emails = (get_connection().send_messages(mails) or 0) if mails else 0
    record(
        actor=actor,
        action="certificate.expiry_notice",
        obj=certificate,
        after={"days_before": threshold, "recipients": [u.username for u in sent.recipients]},
    )
    return sent


def expiry_notices_send(*, today: datetime.date, actor: Any = "system") -> list[SentNotice]:
    """Send every warning due on `today` (certificates valid today, expiring within 30 days)."""
    horizon = today + datetime.timedelta(days=max(THRESHOLDS))
    certificates = (
        Certificate.objects.valid_on(today)
        .filter(expires_on__lte=horizon)
        .select_related("product__producer")
        .order_by("expires_on", "code")
    )
    results = []
    for certificate in certificates:
        sent = expiry_notice_send(certificate=certificate, today=today, actor=actor)
        if sent:
            results.append(sent)
    return results
