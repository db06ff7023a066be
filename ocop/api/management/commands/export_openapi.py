from typing import Any

from django.core.management.base import BaseCommand

from ocop.api.schema import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to docs/openapi.json (commit the result)."

    def handle(self, *args: Any, **options: Any) -> None:
        SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH.name}.")
