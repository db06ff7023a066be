from typing import Any

import pytest

from conftest import browser_login
from ocop.accounts.models import Role, User


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_logs_in_and_finds_the_producer_registry(browser_page: Any) -> None:
    user = User(username="binh", role=Role.OFFICER)
    user.set_password("a-long-pass-2025")
    user.save()
    browser_login(browser_page, "binh", "a-long-pass-2025")
    browser_page.wait_for_selector("text=Commune officer")
    browser_page.click("text=Producers")
    assert browser_page.locator("h1").inner_text() == "Producers"
    assert "No producers yet" in browser_page.content()
