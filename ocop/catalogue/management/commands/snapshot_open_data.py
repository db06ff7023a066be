from typing import Any

from django.core.management.base import BaseCommand

from ocop.catalogue.opendata import create_snapshot


class Command(BaseCommand):
    help = (
        "Keep today's list of certified products (CSV and JSON) as a dated open-data snapshot. "
        "Run it daily after rebuild-catalogue; running it again the same day replaces that day's."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        snapshot = create_snapshot()
        self.stdout.write(f"Open-data snapshot kept: {snapshot.row_count} products.")
        self.stdout.write(f"Date: {snapshot.date:%Y-%m-%d} (download with ?date=).")
