import time
from typing import Any

from django.core.management.base import BaseCommand

from ocop.catalogue import index


class Command(BaseCommand):
    help = (
        "Recompute the public catalogue and its search index from products and certificates. "
        "Run it daily (certificates expire by date alone); --force empties the index first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="rebuild every row from scratch")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = index.rebuild(force=options["force"])
        self.stdout.write(f"Catalogue rebuilt: {result}.")
        self.stdout.write(f"Took {time.monotonic() - started:.1f}s.")
