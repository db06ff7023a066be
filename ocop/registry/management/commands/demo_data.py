import random
import time
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ocop.accounts import demo as accounts_demo
from ocop.audit.actions import record
from ocop.catalogue import demo as catalogue_demo
from ocop.evaluation import demo as evaluation_demo
from ocop.market import demo as market_demo
from ocop.registry import demo as registry_demo
from ocop.registry.models import Producer
from ocop.reports import demo as reports_demo

# Each app that has sample data adds its builder here, in dependency order.
BUILDERS = [
    ("producers and products", registry_demo.build),
    ("demo users", accounts_demo.build),
    # Rounds 2019–2026, councils, scored dossiers, decisions and certificates in every state.
    ("evaluation rounds, dossiers and certificates", evaluation_demo.build),
    # After the certificates' builder: reads certificates to judge what showrooms list.
    ("showrooms, retailers, channels and fairs", market_demo.build),
    # After every builder that creates certificates or photos (bulk creation sends no signals).
    ("public catalogue index", catalogue_demo.build),
    # Keep last: plans and producers' reports sit on top of everything above.
    ("plans, targets and producers' yearly reports", reports_demo.build),
]


class Command(BaseCommand):
    help = "Load deterministic SAMPLE data (Hanoi, mid-2025 shape) into an empty database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args: Any, **options: Any) -> None:
        if Producer.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Data already present: demo data not loaded again.")
                return
            raise CommandError("The database already has producers; demo data needs an empty one.")
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with transaction.atomic():
            for label, build in BUILDERS:
                result = build(rng)
                self.stdout.write(f"  {label}: {result}")
            record(
                actor="demo-data", action="demo.load", object_type="demo", object_repr="sample data"
            )
        cache.delete("ocop:platform")
        self.stdout.write(f"SAMPLE data loaded in {time.monotonic() - started:.1f}s.")
