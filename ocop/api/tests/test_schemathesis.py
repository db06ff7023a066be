"""Schemathesis drives every API operation through the WSGI app with generated requests:
no server error, and every response (errors included) matches the committed schema."""

import datetime
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ocop.api.auth import token_create
from ocop.api.schema import schema_text

schema = schemathesis.openapi.from_dict(__import__("json").loads(schema_text()))
schema.app = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """The real WSGI handler closes "old" connections around each request; inside a test's
    transaction that would close it (PostgreSQL). Django's test client disconnects the same
    handlers; do likewise while schemathesis calls the app."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def office_token(db: None) -> str:
    """An office user's token, and a few records for the reads and writes to find."""
    from ocop.certification.models import Certificate, Decision
    from ocop.evaluation.models import Era
    from ocop.test import BaseTestCase

    BaseTestCase.setUpTestData()
    era = Era.objects.get_or_create(
        code="148/2023",
        defaults={
            "name": "148/2023",
            "decision": "148/QĐ-TTg",
            "valid_from": datetime.date(2023, 2, 24),
            "taxonomy": BaseTestCase.ceramics.taxonomy,
        },
    )[0]
    decision = Decision.objects.create(number="9/QĐ", date=datetime.date(2024, 3, 1), era=era)
    Certificate.objects.create(
        code="HN-2024-0009",
        product=BaseTestCase.vase,
        decision=decision,
        stars=4,
        issued_on=decision.date,
        expires_on=datetime.date(2027, 3, 1),
    )
    return token_create(user=BaseTestCase.office, name="schemathesis")[1]


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["*"])
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_within_its_schema(
    case: schemathesis.Case, office_token: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {office_token}"}, checks=CHECKS)
