"""Certificate verification: what a QR code on a label opens.

Codes have the form XX-YYYY-NNNNN (province prefix, year, number). People type them in any
letter case, with spaces, dashes or nothing between the parts, so every lookup goes through
`normalize_code` first.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from ocop.catalogue.models import VerificationDay
from ocop.certification.models import Certificate, CertificateStatus
from ocop.lib.text import fold

MAX_CODE_CHARS = 60
CODE_SHAPE = re.compile(r"^([A-Z]{1,10})(\d{4})(\d{1,9})$")
NOT_CODE = re.compile(r"[^0-9A-Z]")


def normalize_code(raw: str) -> str:
    """The canonical form of a typed or scanned code: "hn 2025 00123", "HN202500123" and
    "hn-2025-123" all give "HN-2025-00123". Text of another shape is returned compacted."""
    compact = NOT_CODE.sub("", fold(raw[:MAX_CODE_CHARS]).upper())
    match = CODE_SHAPE.match(compact)
    if not match:
        return compact[:30]
    prefix, year, number = match.groups()
    return f"{prefix}-{year}-{int(number):05d}"


@dataclass(frozen=True)
class Verification:
    """The answer shown for one code on one day."""

    code: str
    certificate: Certificate | None
    status: str  # a CertificateStatus value, or "not_found"
    since: datetime.date | None = None  # when the current status began (for bad news)

    @property
    def found(self) -> bool:
        return self.certificate is not None


NOT_FOUND = "not_found"


def verify(raw_code: str, day: datetime.date) -> Verification:
    """Look `raw_code` up and say what it means on `day` (two queries whatever the data)."""
    code = normalize_code(raw_code)
    # Also the code as typed, for codes of another shape (NUL and such would upset PostgreSQL).
    typed = "".join(ch for ch in raw_code[:MAX_CODE_CHARS] if ch.isprintable()).strip().upper()
    candidates = {code, typed[:30]}
    cert = (
        Certificate.objects.filter(code__in=candidates)
        .select_related(
            "product__producer__commune__province",
            "product__category",
            "decision",
            "product__catalogue_entry",
            "superseded_by",
        )
        .prefetch_related("suspensions")
        .first()
    )
    if cert is None:
        return Verification(code=code, certificate=None, status=NOT_FOUND)
    status = cert.status_on(day)
    if status == CertificateStatus.NOT_YET_VALID:  # not public until it takes effect
        return Verification(code=code, certificate=None, status=NOT_FOUND)
    return Verification(
        code=cert.code, certificate=cert, status=status, since=_since(cert, status, day)
    )


def _since(cert: Certificate, status: str, day: datetime.date) -> datetime.date | None:
    if status == CertificateStatus.EXPIRED:
        return cert.expires_on
    if status == CertificateStatus.REVOKED:
        return cert.revoked_on
    if status == CertificateStatus.SUPERSEDED:
        return cert.superseded_on
    if status == CertificateStatus.SUSPENDED:
        return max((s.starts_on for s in cert.suspensions.all() if s.covers(day)), default=None)
    return None


def count_verification(cert: Certificate, day: datetime.date) -> None:
    """Count one check of `cert` (in total and for `day`); nothing about the visitor is kept."""
    Certificate.objects.filter(pk=cert.pk).update(verification_count=F("verification_count") + 1)
    days = VerificationDay.objects.filter(certificate=cert, day=day)
    if days.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            VerificationDay.objects.create(certificate=cert, day=day, count=1)
    except IntegrityError:  # another request created today's row first
        days.update(count=F("count") + 1)
