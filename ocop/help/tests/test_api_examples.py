"""Runs the ```http examples of the guides against the platform, Datasette-style.

A block holds a request (method and path, headers, a blank line, an optional JSON body), then
`HTTP/1.1 <status>` and the JSON answer. The test checks the status, that the answer has
exactly the keys the example shows (nested objects and the first item of lists too) and the
values of `status` and `code`. `$TOKEN` is a producer's API token, `$OFFICE_TOKEN` the office's.
"""

import datetime
import json
import re
from pathlib import Path
from typing import Any

from django.utils import timezone

from ocop.api.auth import token_create
from ocop.certification.tests.helpers import make_certificate, make_dossier, make_round
from ocop.evaluation.models import DossierStatus
from ocop.help.guides import GUIDE_DIR, LANGUAGES
from ocop.test import BaseTestCase

BLOCK = re.compile(r"```http\n(.*?)```", re.S)
CHECKED_VALUES = {"status", "code"}


def http_examples(path: Path) -> list[dict[str, Any]]:
    examples = []
    for block in BLOCK.findall(path.read_text(encoding="utf-8")):
        request, _, response = block.partition("\nHTTP/1.1 ")
        lines = request.strip("\n").split("\n")
        method, target = lines[0].split(" ", 1)
        headers, i = {}, 1
        while i < len(lines) and lines[i].strip():
            name, value = lines[i].split(":", 1)
            headers[name.strip()] = value.strip()
            i += 1
        status_line, _, answer = response.partition("\n")
        examples.append(
            {
                "method": method,
                "path": target,
                "headers": headers,
                "body": "\n".join(lines[i:]).strip(),
                "status": int(status_line.split()[0]),
                "answer": json.loads(answer) if answer.strip() else None,
            }
        )
    return examples


def differences(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Where the answer's shape (or its status and code values) differs from the example."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object"]
        found = [f"{where}.{k}: missing" for k in expected.keys() - actual.keys()]
        found += [f"{where}.{k}: not in the docs" for k in actual.keys() - expected.keys()]
        for key in expected.keys() & actual.keys():
            if key in CHECKED_VALUES and not isinstance(expected[key], dict | list):
                if expected[key] != actual[key]:
                    found.append(f"{where}.{key}: {actual[key]!r}, docs say {expected[key]!r}")
                continue
            found += differences(expected[key], actual[key], f"{where}.{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list"]
        if expected and not actual:
            return [f"{where}: empty, the docs show items"]
        return differences(expected[0], actual[0], f"{where}[0]") if expected else []
    return []


class ApiExamplesTestCase(BaseTestCase):
    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        issued = timezone.localdate() - datetime.timedelta(days=30)
        round_ = make_round(year=issued.year)
        make_dossier(round_, cls.vase, status=DossierStatus.DECIDED)
        make_certificate(cls.vase, code="HN-2025-00123", day=issued)
        cls.tokens = {
            "$OFFICE_TOKEN": token_create(user=cls.office, name="docs")[1],
            "$TOKEN": token_create(user=cls.producer, name="docs")[1],
        }

    def run_example(self, example: dict[str, Any]) -> Any:
        extra = {}
        for name, value in example["headers"].items():
            for placeholder, token in self.tokens.items():
                value = value.replace(placeholder, token)
            if name.lower() != "content-type":
                extra["HTTP_" + name.upper().replace("-", "_")] = value
        content_type = example["headers"].get("Content-Type", "application/json")
        return self.client.generic(
            example["method"],
            example["path"],
            data=example["body"].encode(),
            content_type=content_type,
            **extra,
        )

    def test_the_api_guides_have_examples(self) -> None:
        for lang in LANGUAGES:
            self.assertGreaterEqual(len(http_examples(GUIDE_DIR / lang / "api.md")), 6, lang)

    def test_every_api_example_answers_as_the_guide_shows(self) -> None:
        for path in sorted(GUIDE_DIR.rglob("*.md")):
            for example in http_examples(path):
                label = f"{path.parent.name}/{path.name}: {example['method']} {example['path']}"
                response = self.run_example(example)
                self.assertEqual(response.status_code, example["status"], label)
                if example["answer"] is not None:
                    self.assertEqual(differences(example["answer"], response.json()), [], label)

    def test_a_wrong_example_is_noticed(self) -> None:
        self.assertEqual(
            differences({"a": 1, "items": [{"b": 2}]}, {"a": 1, "items": [{"c": 2}]}),
            ["$.items[0].b: missing", "$.items[0].c: not in the docs"],
        )
