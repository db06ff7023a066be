"""Whole answers of the public pages, kept for a while so that a QR scan or a popular search
costs one cache look-up instead of queries and template rendering.

An answer is kept per (page, address, language, day, catalogue revision, HTMX or not):

- the catalogue revision (`Revision`) grows with every refresh of the catalogue index, which
  every edit, suspension or revocation goes through, so a change shows at once in every
  server process (each reads the number at most once per `OCOP_PAGE_CACHE_REVISION_SECONDS`);
- the day is part of the key because validity changes at midnight without any row changing;
- only visitors who are not signed in get kept answers (signed-in people see their own menus
  and messages), and only for GET and HEAD;
- `OCOP_PAGE_CACHE_SECONDS` bounds how long an answer is kept whatever happens; 0 turns the
  cache off (the test suite's default: tests about caching turn it on).

Answers live in a bounded in-memory cache per process ("pages") and, when REDIS_URL is set,
also in Redis ("pages-shared"), so one worker's answer serves the others.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from ocop.catalogue.models import Revision

# Headers a view sets itself that belong to the answer (middleware adds the rest each time).
KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Disposition")
# Cookies that make an answer personal: a session (signed in, or messages waiting) or messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


@dataclass(frozen=True)
class Answer:
    """A page's answer as kept: enough to build the same response again."""

    status: int
    content: bytes
    headers: dict[str, str]
    # What the answer is about, for the view's bookkeeping on every visit (e.g. counting).
    subject_id: int | None = None

    @classmethod
    def of(cls, response: HttpResponse, subject_id: int | None = None) -> "Answer":
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return cls(response.status_code, response.content, headers, subject_id)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


@dataclass
class _Memo:
    number: int = 0
    read_at: float = field(default=-1e9)


_memo = _Memo()


def revision() -> int:
    """The catalogue revision, read from the database at most once per
    OCOP_PAGE_CACHE_REVISION_SECONDS in this process."""
    now = time.monotonic()
    if now - _memo.read_at >= settings.OCOP_PAGE_CACHE_REVISION_SECONDS:
        number = Revision.objects.filter(pk=1).values_list("number", flat=True).first()
        _memo.number, _memo.read_at = number or 0, now
    return _memo.number


def bump() -> None:
    """Count one change to what the public pages show (call inside the changing transaction)."""
    changed = Revision.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not changed:  # the row is made by a migration; a flushed test database lacks it
        Revision.objects.update_or_create(
            pk=1, defaults={"number": 1, "changed_at": timezone.now()}
        )
    _memo.read_at = -1e9  # this process reads the new number on its next request


def _usable(request: HttpRequest, personal: bool) -> bool:
    if settings.OCOP_PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if not personal:
        return True
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return False
    return not request.user.is_authenticated


def _key(request: HttpRequest, page: str) -> str:
    headers = request.headers
    htmx = f"{int('HX-Request' in headers)}{int('HX-History-Restore-Request' in headers)}"
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    day = timezone.localdate().isoformat()
    return f"{page}:{revision()}:{day}:{get_language()}:{htmx}:{address}"


def _tiers() -> list[BaseCache]:
    """This process's memory first, then the cache the workers share (Redis), if any. A key
    names its revision and day, so a copy in memory is exactly as current as the shared one."""
    tiers = [caches["pages"]]
    if "pages-shared" in settings.CACHES:
        tiers.append(caches["pages-shared"])
    return tiers


def answer(
    request: HttpRequest,
    page: str,
    build: Callable[[], Answer],
    *,
    personal: bool = True,
) -> Answer:
    """The kept answer for this request, or `build()`'s (kept for the next visitors when it
    can be). `personal=False` for answers that never depend on who asks (the JSON API)."""
    if not _usable(request, personal):
        return build()
    key, tiers = _key(request, page), _tiers()
    for depth, tier in enumerate(tiers):
        kept = tier.get(key)
        if kept is not None:
            for nearer in tiers[:depth]:
                nearer.set(key, kept, settings.OCOP_PAGE_CACHE_SECONDS)
            return kept
    kept = build()
    for tier in tiers:
        tier.set(key, kept, settings.OCOP_PAGE_CACHE_SECONDS)
    return kept


def clear() -> None:
    """Forget every kept answer (tests; a deployer never needs it: revisions do this)."""
    for tier in _tiers():
        tier.clear()
