"""A tiny dataset with a page for every screenshot and every checked page: the base test
case's people (logging in with the demo password), a certified vase, a draft and a submitted
dossier in an open round, an accepted one in scoring, and a showroom."""

import datetime
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from ocop.accounts.models import User
from ocop.certification.tests.helpers import make_certificate
from ocop.evaluation.models import DossierStatus, RoundStatus
from ocop.evaluation.tests import helpers as evaluation
from ocop.help.shots import DEMO_PASSWORD
from ocop.market.tests.factories import access_fixture
from ocop.registry.models import Product
from ocop.test import BaseTestCase


def tiny_demo() -> Any:
    class People(BaseTestCase):
        pass

    People.setUpTestData()
    for user in User.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save()
    t: Any = People
    today = timezone.localdate()
    certificate = make_certificate(
        t.vase, code="HN-2025-00123", day=today - datetime.timedelta(days=30)
    )
    cup, plate = (
        Product.objects.create(
            name=name,
            producer=t.bat_trang_coop,
            category=t.ceramics,
            province_of_origin=t.hanoi,
        )
        for name in ("Chén men lam", "Đĩa gốm vẽ tay")
    )
    open_round = evaluation.make_round(status=RoundStatus.OPEN)
    draft = evaluation.make_dossier(open_round, cup)
    evaluation.make_dossier(
        open_round, plate, status=DossierStatus.SUBMITTED, submitted_at=timezone.now()
    )
    scene = evaluation.scene(t)
    access_fixture(t)
    return SimpleNamespace(people=t, certificate=certificate, draft=draft, scored=scene.dossier)
