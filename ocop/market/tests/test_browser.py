import datetime
from typing import Any

import pytest
from django.utils import timezone

from conftest import browser_login
from ocop.accounts.models import Role, User
from ocop.market.models import ShowroomStatus
from ocop.market.tests import factories
from ocop.places.models import Commune, Province
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory

PASSWORD = "a-long-pass-2025"


def arrange() -> Any:
    hanoi = Province.objects.get(pk=1)
    bat_trang = Commune.objects.get(province=hanoi, name="Xã Bát Tràng")
    coop = Producer.objects.create(
        kind=ProducerKind.COOPERATIVE,
        name="HTX gốm Bát Tràng",
        tax_code="0101234567",
        commune=bat_trang,
    )
    category = ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2")
    vase = Product.objects.create(
        name="Bình gốm men rạn", producer=coop, category=category, province_of_origin=hanoi
    )
    plate = Product.objects.create(
        name="Đĩa gốm vẽ tay", producer=coop, category=category, province_of_origin=hanoi
    )
    today = timezone.localdate()
    cert = factories.certify(vase, issued_on=today - datetime.timedelta(days=400))
    factories.certify(
        plate,
        issued_on=today - datetime.timedelta(days=1200),
        revoked_on=today - datetime.timedelta(days=3),
    )
    operator = User(username="long", role=Role.OPERATOR)
    operator.set_password(PASSWORD)
    operator.save()
    room = factories.showroom(
        bat_trang,
        name="Điểm OCOP Bát Tràng",
        operators=[operator],
        latitude="20.975",
        longitude="105.912",
        status=ShowroomStatus.OPEN,
    )
    factories.listing(room, vase)
    factories.listing(room, plate)
    return cert


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_operator_opens_the_showroom_list_and_a_compliance_report(browser_page: Any) -> None:
    cert = arrange()
    browser_login(browser_page, "long", PASSWORD)
    browser_page.goto("/market/showrooms/")
    assert browser_page.locator("h1").inner_text() == "Showrooms and points of sale"
    browser_page.click("text=Điểm OCOP Bát Tràng")
    browser_page.click("text=Compliance report")
    browser_page.wait_for_selector("table.compliance")
    text = browser_page.locator("main").inner_text()
    assert "1 listing is not allowed" in text
    assert "was revoked on" in text
    assert f"Certificate {cert.code} (4★) valid until" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_map_lists_every_place_even_without_tiles(browser_page: Any) -> None:
    arrange()
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    browser_page.goto("/market/map/")
    browser_page.wait_for_selector(".leaflet-marker-icon")
    assert browser_page.locator(".place").count() == 1
    browser_page.wait_for_selector("#market-map-note:not([hidden])")
    assert "could not be loaded" in browser_page.locator("#market-map-note").inner_text()
    assert errors == []
