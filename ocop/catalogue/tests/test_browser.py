"""A shopper on a phone searches the catalogue, opens a product and checks its certificate."""

from typing import Any

import pytest

from ocop.catalogue.tests import factories as f
from ocop.places.models import Commune


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_shopper_searches_bat_trang_opens_a_product_and_verifies_it(browser_page: Any) -> None:
    vase = f.product("Bình gốm men rạn Bát Tràng", village="Bát Tràng")
    cert = f.certify(vase, stars=4)
    dong_da = Commune.objects.get(province_id=1, name="Phường Đống Đa")
    f.certify(f.product("Trà sen Tây Hồ", commune=dong_da, category="1.5"), stars=3)
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 812})

    page.goto("/products/")
    assert "2 certified products" in page.inner_text("#result-count")
    page.fill("#q", "bat trang")
    page.press("#q", "Enter")
    page.wait_for_selector("text=1 certified product")
    assert "Trà sen Tây Hồ" not in page.inner_text("#catalogue")
    assert no_sideways_scroll(page)

    page.click("text=Bình gốm men rạn Bát Tràng")
    page.wait_for_selector("h1:has-text('Bình gốm men rạn Bát Tràng')")
    assert "Sản phẩm OCOP Việt Nam" in page.inner_text(".ocop-label")
    assert page.locator(".qr svg").count() == 1
    assert no_sideways_scroll(page)

    page.click("a.button:has-text('Verify this certificate')")
    page.wait_for_selector(".verdict-valid")
    assert page.url.endswith(f"/verify/{cert.code}")
    assert "VALID" in page.inner_text(".verdict-word")
    assert "/verify/" in page.inner_text(".official-address")
    assert no_sideways_scroll(page)

    page.fill("#code", cert.code.lower().replace("-", " "))
    page.press("#code", "Enter")
    page.wait_for_url(f"**/verify/{cert.code}")
    assert "VALID" in page.inner_text(".verdict-word")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_choosing_a_filter_updates_the_results_in_place(browser_page: Any) -> None:
    f.certify(f.product("Bình gốm"), stars=4)
    f.certify(f.product("Lọ gốm"), stars=3)
    page = browser_page
    page.goto("/products/")
    assert not page.is_visible("button.apply")  # filters apply on change with JavaScript
    page.select_option("select[name=stars]", "3")
    page.wait_for_selector("text=1 certified product")
    assert "Lọ gốm" in page.inner_text("#catalogue")
    assert "stars=3" in page.url
    page.keyboard.press("Tab")  # the page stays usable from the keyboard after the swap
