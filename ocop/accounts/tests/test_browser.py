from typing import Any

import pytest

from conftest import browser_login
from ocop.accounts.models import Notice, Role, User


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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_producer_marks_a_notice_read_from_the_home_page(browser_page: Any) -> None:
    user = User(username="lan", role=Role.PRODUCER)
    user.set_password("a-long-pass-2025")
    user.save()
    notice = Notice.objects.create(user=user, title="Dossier returned for changes: vase")
    browser_login(browser_page, "lan", "a-long-pass-2025")
    browser_page.wait_for_selector("text=Dossier returned for changes: vase")
    browser_page.click(f"#notice-{notice.pk} button")
    # Answered in place by HTMX: a reloaded home page would list unread notices only.
    browser_page.wait_for_selector(f"#notice-{notice.pk} >> text=Read on")
    notice.refresh_from_db()
    assert notice.read_at is not None
