"""The committed OpenAPI schema (docs/openapi.json) and how it is produced."""

import json
from pathlib import Path

from django.conf import settings

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def schema_text() -> str:
    """The API's OpenAPI schema as stable text: sorted keys, two-space indent, final newline."""
    from ocop.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
