import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from ocop.reports import dashboard
from ocop.reports.exports import pdf_report
from ocop.reports.indicators import Area
from ocop.reports.models import Plan


class Command(BaseCommand):
    help = "Write the PDF report of a plan on a day (summary, progress, charts, tables)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--plan", required=True, help="the plan's id or exact name")
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--output", help="the PDF file to write (default: ocop-report-DATE.pdf)"
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self._plan(options["plan"])
        try:
            on = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from error
        on = on or timezone.localdate()
        output = Path(options["output"] or f"ocop-report-{on.isoformat()}.pdf")
        with translation.override(options["language"]):
            board = dashboard.build(plan, on, Area(plan.province_id or settings.OCOP_PROVINCE))
            output.write_bytes(pdf_report(board))
            for p in board.progress:
                value = "-" if p.value is None else p.value
                self.stdout.write(f"  {p.label}: {value} / {p.goal} ({p.status_label})")
        if not board.has_data:
            self.stdout.write("No data for this day: the figures are zero.")
        self.stdout.write(f"Report written to {output}")

    def _plan(self, key: str) -> Plan:
        plans = Plan.objects.all()
        plan = plans.filter(pk=int(key)).first() if key.isdigit() else None
        plan = plan or plans.filter(name=key).first()
        if plan is None:
            names = ", ".join(f"{p.pk}: {p.name}" for p in plans) or "none"
            raise CommandError(f"No plan {key!r}. Plans: {names}")
        return plan
