"""Certificate verification: what a QR code on a label opens.

Codes have the form XX-YYYY-NNNNN (province prefix, year, number). People type them in any
letter case, with spaces, dashes or nothing between the parts, so every lookup goes through
`normalize_code` first.
"""

import atexit
import datetime
import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from ocop.catalogue.models import VerificationDay
from ocop.certification.models import Certificate, CertificateStatus
from ocop.lib.text import fold

MAX_CODE_CHARS = 60
CODE_SHAPE = re.compile(r"^([A-Z]{1,10})(\d{4})(\d{1,9})$")
NOT_CODE = re.compile(r"[^0-9A-Z]")
logger = logging.getLogger(__name__)


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


class _Tally:
    """Checks counted in this process and not yet written."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: Counter[tuple[int, datetime.date]] = Counter()
        self.written_at = time.monotonic()


_tally = _Tally()


def count_verification(certificate_id: int, day: datetime.date) -> None:
    """Count one check of a certificate (in total and for `day`); nothing about the visitor is
    kept. Counts are held in memory and written together at most every
    OCOP_VERIFICATION_WRITE_SECONDS, so a check does not take the database's write lock."""
    with _tally.lock:
        _tally.pending[(certificate_id, day)] += 1
        due = time.monotonic() - _tally.written_at >= settings.OCOP_VERIFICATION_WRITE_SECONDS
    if due:
        write_verification_counts()


def write_verification_counts() -> int:
    """Write the counts held in memory (also run when the process exits); returns how many
    checks were written. On a database error they stay in memory for the next try."""
    with _tally.lock:
        batch = dict(_tally.pending)
        _tally.pending.clear()
        _tally.written_at = time.monotonic()
    if not batch:
        return 0
    try:
        _write(batch)
    except DatabaseError:
        logger.warning("Verification counts not written; kept for the next try", exc_info=True)
        with _tally.lock:
            _tally.pending.update(batch)
        return 0
    return sum(batch.values())


@transaction.atomic
def _write(batch: dict[tuple[int, datetime.date], int]) -> None:
    ids = {certificate_id for certificate_id, _ in batch}
    existing = set(Certificate.objects.filter(pk__in=ids).values_list("pk", flat=True))
    per_certificate: Counter[int] = Counter()
    for (certificate_id, day), checks in sorted(batch.items()):
        if certificate_id not in existing:  # deleted since: nothing to count against
            continue
        per_certificate[certificate_id] += checks
        days = VerificationDay.objects.filter(certificate_id=certificate_id, day=day)
        if days.update(count=F("count") + checks):
            continue
        try:
            with transaction.atomic():
                VerificationDay.objects.create(certificate_id=certificate_id, day=day, count=checks)
        except IntegrityError:  # another process created the day's row first
            days.update(count=F("count") + checks)
    for certificate_id, checks in per_certificate.items():
        Certificate.objects.filter(pk=certificate_id).update(
            verification_count=F("verification_count") + checks
        )


atexit.register(write_verification_counts)
