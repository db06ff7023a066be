import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.certification.actions import expiry_notices_send


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today must be a date like 2025-07-01, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Warn producers and commune officers of certificates expiring within 30 days, and again "
        "within 7 days (email + in-app notice). Safe to run daily: nothing is sent twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=parse_day, help="act as if today were this date")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = expiry_notices_send(today=today, actor="notify-expiring")
        for notice in sent:
            cert = notice.certificate
            who = ", ".join(u.username for u in notice.recipients) or "nobody (no users)"
            self.stdout.write(
                f"{cert.code} expires {cert.expires_on:%Y-%m-%d}: {notice.days_before}-day notice "
                f"to {who} ({notice.emails} emails)"
            )
        self.stdout.write(f"{len(sent)} notices sent for {today:%Y-%m-%d}.")
