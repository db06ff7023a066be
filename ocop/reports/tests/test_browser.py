import datetime
from typing import Any

import pytest

from conftest import browser_login
from ocop.accounts.models import Role, User
from ocop.places.models import Commune
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory
from ocop.reports.tests.helpers import add_target, decide, make_plan


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_office_opens_the_dashboard_and_sees_the_charts(browser_page: Any) -> None:
    producer = Producer.objects.create(
        kind=ProducerKind.COOPERATIVE,
        name="Hợp tác xã gốm Bát Tràng",
        tax_code="0101234567",
        commune=Commune.objects.get(province_id=1, name="Xã Bát Tràng"),
    )
    category = ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2")
    for i, year in enumerate([2021, 2022, 2023]):
        product = Product.objects.create(
            name=f"Bình gốm {i}", producer=producer, category=category, province_of_origin_id=1
        )
        decide(product, datetime.date(year, 6, 1), 4, code=f"HN-{year}-0000{i}")
    plan = make_plan()
    add_target(plan, "products_ranked", 2000, label="Ít nhất 2.000 sản phẩm")
    user = User(username="an", role=Role.OFFICE)
    user.set_password("a-long-pass-2025")
    user.save()
    browser_login(browser_page, "an", "a-long-pass-2025")
    browser_page.goto("/reports/?on=2024-12-31")
    browser_page.wait_for_selector("canvas[data-chart='years'][data-drawn='true']")
    assert browser_page.locator("canvas[data-drawn='true']").count() == 4
    box = browser_page.locator("canvas[data-chart='years']").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert "Ít nhất 2.000 sản phẩm" in browser_page.content()
