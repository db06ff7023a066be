"""Accessibility and phones: axe-core (vendored from the npm registry, injected by Playwright)
finds no serious or critical violation on the public pages and on the producer's and the
council's main pages, at desktop width and at 375 px, where nothing scrolls sideways; and the
scoring sheet works with the keyboard alone."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from conftest import CHROMIUM, SCREENSHOTS
from ocop.evaluation.models import ScoreSheet, SheetStatus
from ocop.help.management.commands.screenshots import CHROMIUM_FLAGS, log_in
from ocop.help.tests.tiny import tiny_demo

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 375)
# The element that sticks out furthest on the right, to say what to fix.
WIDEST = """() => {
  let worst = null, right = window.innerWidth;
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right) { worst = el; right = r.right; }
  }
  return worst ? `${worst.tagName.toLowerCase()}.${worst.className} "${
    (worst.textContent || worst.outerHTML).trim().slice(0, 50)}"` : "";
}"""


@pytest.fixture
def browser(live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A Chromium context that lets Playwright add axe's script despite the CSP."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = chromium.new_context(base_url=live_server.url, locale="en-US", bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
        context.close()
        chromium.close()


def problems(page: Any, url: str) -> list[str]:
    """Serious and critical axe violations, and sideways scrolling, at each width."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in v["nodes"][:3]]
                found.append(f"{url} @{width}px: {v['id']} ({v['impact']}) {targets}")
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if width == 375 and wide > 0:
            found.append(f"{url} @375px scrolls sideways by {wide}px: {page.evaluate(WIDEST)}")
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_pass_the_accessibility_check_on_desktop_and_phone(browser: Any) -> None:
    data = tiny_demo()
    entry = data.certificate.product.catalogue_entry
    urls = [
        reverse("catalogue:products"),
        entry.get_absolute_url(),
        reverse("catalogue:verify_form"),
        reverse("catalogue:verify", args=[data.certificate.code]),
        reverse("catalogue:open_data"),
        reverse("market:fairs"),
        reverse("help:index"),
        reverse("help:guide", args=["en", "public"]),
        reverse("help:guide", args=["vi", "procedure"]),
    ]
    found = [p for url in urls for p in problems(browser, url)]
    assert not found, "\n".join(found)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_producer_pages_pass_the_accessibility_check(browser: Any) -> None:
    data = tiny_demo()
    log_in(browser, "producer")
    urls = [
        reverse("home"),
        reverse("evaluation:dossier_add"),
        reverse("evaluation:dossier_edit", args=[data.draft.pk]),
        reverse("evaluation:dossier", args=[data.draft.pk]),
        reverse("help:guide", args=["en", "producer"]),
    ]
    found = [p for url in urls for p in problems(browser, url)]
    assert not found, "\n".join(found)


def declare_no_conflict_with_the_keyboard(page: Any) -> None:
    tab_to(page, "document.activeElement.name === 'has_conflict'")
    page.keyboard.press("Space")  # the first answer: no conflict
    tab_to(page, "document.activeElement.textContent.trim() === 'Declare'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#sheet")


def tab_to(page: Any, condition: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    raise AssertionError(f"Tab never reached: {condition}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scoring_page_passes_the_accessibility_check(browser: Any) -> None:
    data = tiny_demo()
    log_in(browser, "member")
    url = reverse("evaluation:score", args=[data.scored.pk])
    browser.goto(url)
    declare_no_conflict_with_the_keyboard(browser)
    found = problems(browser, url)
    assert not found, "\n".join(found)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_scores_and_submits_a_sheet_with_the_keyboard_alone(browser: Any) -> None:
    data = tiny_demo()
    log_in(browser, "member")
    browser.goto(reverse("evaluation:score", args=[data.scored.pk]))
    declare_no_conflict_with_the_keyboard(browser)
    criteria = browser.locator("fieldset.criterion").count()
    tab_to(browser, "document.activeElement.type === 'radio'")
    for _ in range(criteria):
        browser.keyboard.press("ArrowDown")  # the second level of this criterion
        browser.wait_for_load_state("networkidle")
        browser.keyboard.press("Tab")  # its "evidence seen" box
        browser.keyboard.press("Tab")  # the next criterion (or the Save button)
    browser.wait_for_selector(f"text={criteria} of {criteria} criteria scored")
    assert browser.evaluate("document.activeElement.textContent.trim()") == "Save"
    browser.keyboard.press("Enter")  # the page comes back with the sheet's submit button
    browser.wait_for_selector("text=Scores saved.")
    tab_to(browser, "document.activeElement.textContent.trim() === 'Submit and lock my sheet'")
    browser.keyboard.press("Enter")
    browser.wait_for_selector("text=Submitted (locked)")
    sheet = ScoreSheet.objects.get(dossier=data.scored, member__username="member")
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.scores.count() == criteria
