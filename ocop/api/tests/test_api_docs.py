"""Runs the ```http examples of docs/api.md, as ocop/help/tests/test_api_examples.py runs the
guides' (same format, same comparison: the status, the keys, and `status` and `code`)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ocop.api.auth import token_create
from ocop.help.tests.test_api_examples import differences, http_examples
from ocop.market.tests import factories
from ocop.registry.models import Product
from ocop.test import BaseTestCase

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"


class ApiDocExamplesTestCase(BaseTestCase):
    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The ids the examples name: showroom 12 (run by the operator) and product 2755.
        factories.showroom(cls.bat_trang, pk=12, operators=[cls.operator])
        Product.objects.filter(pk=cls.vase.pk).update(id=2755)
        vase = Product.objects.get(pk=2755)
        factories.certify(vase, issued_on=timezone.localdate() - datetime.timedelta(days=30))
        cls.tokens = {
            "$OPERATOR_TOKEN": token_create(user=cls.operator, name="docs")[1],
            "$OFFICE_TOKEN": token_create(user=cls.office, name="docs")[1],
            "$TOKEN": token_create(user=cls.producer, name="docs")[1],
        }

    def test_docs_api_has_examples(self) -> None:
        self.assertGreaterEqual(len(http_examples(DOC)), 3)

    def test_every_example_answers_as_the_doc_shows(self) -> None:
        for example in http_examples(DOC):
            label = f"docs/api.md: {example['method']} {example['path']}"
            headers = {}
            for name, value in example["headers"].items():
                for placeholder, token in self.tokens.items():
                    value = value.replace(placeholder, token)
                if name.lower() != "content-type":
                    headers[name] = value
            response = self.client.generic(
                example["method"],
                example["path"],
                data=example["body"].encode(),
                content_type=example["headers"].get("Content-Type", "application/json"),
                headers=headers,
            )
            self.assertEqual(response.status_code, example["status"], label)
            if example["answer"] is not None:
                self.assertEqual(differences(example["answer"], response.json()), [], label)
