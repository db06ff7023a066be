from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.audit.actions import verify_chain
from ocop.audit.models import Event


class Command(BaseCommand):
    help = "Check that no audit event was edited or deleted directly in the database."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_chain()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit log")
        self.stdout.write(f"Audit log intact: {Event.objects.count()} events checked.")
