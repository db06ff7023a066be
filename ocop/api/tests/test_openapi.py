from django.test import SimpleTestCase

from ocop.api.schema import SCHEMA_PATH, schema_text


class OpenApiDriftTestCase(SimpleTestCase):
    def test_the_committed_schema_matches_the_code(self) -> None:
        committed = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        self.assertTrue(
            committed == schema_text(),
            "docs/openapi.json differs from the API: run `ocop export-openapi` and commit it.",
        )
