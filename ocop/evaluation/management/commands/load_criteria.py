from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ocop.evaluation.loading import CRITERIA_DIR, load_criteria, load_eras


class Command(BaseCommand):
    help = (
        "Load the rules eras and the scoring sheets (ocop/evaluation/criteria/*.toml). "
        "Idempotent; a frozen sheet whose file changed is refused (raise its version)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", default=str(CRITERIA_DIR), help="folder of criteria files")

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        with transaction.atomic():
            eras = load_eras(apps)
            report = load_criteria(apps, Path(options["dir"]))
        self.stdout.write(f"{eras} eras; criteria sets: {report}")
        for label in report.refused:
            self.stderr.write(
                f"refused {label}: the set is frozen (used in a round) and its file changed; "
                "raise `version` in the file to record the change as a new version"
            )
        if report.refused:
            raise CommandError(f"{len(report.refused)} frozen set(s) not changed")
