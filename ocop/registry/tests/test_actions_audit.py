"""Walks every public action of the registry and accounts apps: each one that changes data
writes an audit event naming the actor and the record."""

import inspect
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ocop.accounts import actions as account_actions
from ocop.accounts.models import Notice
from ocop.audit.models import Event
from ocop.registry import actions as registry_actions
from ocop.registry.models import Producer, ProducerKind, Product
from ocop.registry.tests.test_products import image_bytes
from ocop.test import BaseTestCase


def public_actions(module: Any) -> set[str]:
    return {
        name
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    }


class EveryActionIsAuditedTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.media = tempfile.mkdtemp()
        self.override = override_settings(MEDIA_ROOT=self.media)
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.media)

    def calls(self) -> dict[str, tuple[str, Callable[[], Any]]]:
        """action name -> (expected event action, a call that performs it)."""
        new_producer = Producer(
            kind=ProducerKind.HOUSEHOLD,
            name="Hộ kinh doanh Lê Văn Tâm",
            business_registration_no="01H8000999",
            commune=self.bat_trang,
        )
        new_product = Product(
            name="Lọ gốm",
            producer=self.bat_trang_coop,
            category=self.ceramics,
            province_of_origin=self.hanoi,
        )

        def rename_producer() -> None:
            self.van_phuc_silk.name = "Công ty lụa Vạn Phúc"
            registry_actions.producer_update(actor=self.office, producer=self.van_phuc_silk)

        def rename_product() -> None:
            self.scarf.name = "Khăn lụa"
            registry_actions.product_update(actor=self.office, product=self.scarf)

        def read_notice() -> None:
            notice = Notice.objects.create(user=self.office, title="Hồ sơ đã được nộp")
            account_actions.notice_mark_read(actor=self.office, notice=notice)

        def read_all_notices() -> None:
            Notice.objects.create(user=self.office, title="Giấy chứng nhận sắp hết hạn")
            account_actions.notices_mark_all_read(actor=self.office)

        def add_photo() -> None:
            upload = SimpleUploadedFile("a.png", image_bytes(), "image/png")
            registry_actions.photo_add(actor=self.office, product=self.vase, upload=upload)

        return {
            "producer_create": (
                "producer.create",
                lambda: registry_actions.producer_create(actor=self.office, producer=new_producer),
            ),
            "producer_update": ("producer.update", rename_producer),
            "product_create": (
                "product.create",
                lambda: registry_actions.product_create(actor=self.office, product=new_product),
            ),
            "product_update": ("product.update", rename_product),
            "photo_add": ("product.photo_add", add_photo),
            "photo_delete": (
                "product.photo_delete",
                lambda: registry_actions.photo_delete(
                    actor=self.office, photo=self.vase.photos.get()
                ),
            ),
            "product_delete": (
                "product.delete",
                lambda: registry_actions.product_delete(actor=self.office, product=new_product),
            ),
            "producer_delete": (
                "producer.delete",
                lambda: registry_actions.producer_delete(actor=self.office, producer=new_producer),
            ),
            "notice_mark_read": ("notice.read", read_notice),
            "notices_mark_all_read": ("notice.read", read_all_notices),
            "user_create": (
                "user.create",
                lambda: account_actions.user_create(
                    actor=self.office,
                    username="tam",
                    role="officer",
                    password="x",
                    communes=[self.bat_trang],
                    validate=False,
                ),
            ),
        }

    def test_the_walk_covers_every_action(self) -> None:
        names = public_actions(registry_actions) | public_actions(account_actions)
        self.assertEqual(names, set(self.calls()))

    def test_every_action_writes_an_event_with_its_actor(self) -> None:
        for name, (action, call) in self.calls().items():
            before = Event.objects.count()
            call()
            event = Event.objects.order_by("-id").first()
            self.assertEqual(Event.objects.count(), before + 1, name)
            assert event is not None
            self.assertEqual((event.action, event.actor), (action, self.office), name)
            self.assertTrue(event.object_id, name)
