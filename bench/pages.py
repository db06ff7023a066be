"""The pages the benchmark measures, and the helpers to reach them in-process."""

import statistics
import time
from typing import Any

from django.test import Client
from django.utils import timezone

SEARCH_TEXT = "bat trang"
SEARCH = f"/products/?q={SEARCH_TEXT.replace(' ', '+')}&stars=4&province=1"
SEARCH_JSON = f"/api/v1/products?q={SEARCH_TEXT.replace(' ', '+')}&stars=4&province=1"
STATES = ("valid", "expired", "suspended", "revoked", "superseded")


def office_client() -> Client:
    from ocop.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench-office"))
    return client


def dashboard_path() -> str:
    from ocop.reports.models import Plan

    today = timezone.localdate()
    plans = Plan.objects.filter(start_year__lte=today.year).order_by("start_year")
    plan = plans.first()
    return f"/reports/?plan={plan.pk}" if plan else "/reports/"


def codes(per_state: int = 10) -> list[str]:
    """Certificate codes in every public state, the same ones on every run."""
    from ocop.certification.models import Certificate

    today = timezone.localdate()
    found = []
    for state in STATES:
        found += (
            Certificate.objects.with_status_on(state, today)
            .order_by("code")
            .values_list("code", flat=True)[:per_state]
        )
    return found


def median_ms(call: Any, repeat: int) -> float:
    call()  # warm: templates, imports, statement caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
