import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.market.actions import audit_showrooms


class Command(BaseCommand):
    help = (
        "Check every showroom's listings against the OCOP rules on a day (default today); "
        "notify operators and the office of listings that fell out of compliance. "
        "Safe to run again: a listing is reported once until it changes."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", help="day to judge, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError:
            raise CommandError("--on must be a date written YYYY-MM-DD.") from None
        summary = audit_showrooms(actor="audit-showrooms", day=day or timezone.localdate())
        self.stdout.write(
            f"Audit of {summary.day:%d/%m/%Y}: {summary.showrooms} showrooms, "
            f"{summary.listings} listings, {summary.non_compliant} not allowed "
            f"({summary.fell_out} newly, {summary.came_back} back in compliance); "
            f"{summary.notices} notices sent."
        )
        for name in summary.problem_showrooms:
            self.stdout.write(f"  needs attention: {name}")
