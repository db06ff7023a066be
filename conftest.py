import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

# Browser tests drive a live server from a thread; Django refuses sync DB calls otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "test-results"


def pytest_configure(config: pytest.Config) -> None:
    """Tests see every change at once: public answers are not kept and every certificate check
    is written as it happens (tests about those caches turn them on)."""
    from django.conf import settings

    settings.OCOP_PAGE_CACHE_SECONDS = 0
    settings.OCOP_PAGE_CACHE_REVISION_SECONDS = 0
    settings.OCOP_VERIFICATION_WRITE_SECONDS = 0


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Tests read messages in English; tests about Vietnamese switch explicitly."""
    with translation.override("en"):
        yield


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser_page(request: pytest.FixtureRequest, live_server: Any) -> Iterator[Any]:
    """A Playwright page in Debian's Chromium; a screenshot is saved when the test fails.

    Use with @pytest.mark.browser and @pytest.mark.django_db(transaction=True,
    serialized_rollback=True) so the places and taxonomies loaded by migrations survive.
    """
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
            ],
        )
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
        context.close()
        browser.close()


def browser_login(page: Any, username: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")
