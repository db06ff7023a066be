"""The office imports producers in the browser: a file with an error, the preview naming it,
the corrected file, the apply, and the new producer in the registry."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from conftest import browser_login
from ocop.accounts.models import Role, User
from ocop.exchange.tests.base import IMMEDIATE, header

PASSWORD = "a-long-pass-2025"


def producers_csv(commune: str) -> dict[str, Any]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header("producers")[:6])
    writer.writerow(["0109999999", "", "Hợp tác xã mây tre Phú Vinh", "HTX", "", commune])
    data = ("\ufeff" + buffer.getvalue()).encode()
    return {"name": "producers.csv", "mimeType": "text/csv", "buffer": data}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_office_fixes_a_file_after_the_preview_and_applies_it(
    browser_page: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = IMMEDIATE  # the check and the apply run inside the requests
    settings.MEDIA_ROOT = str(tmp_path)
    user = User(username="lan", role=Role.OFFICE)
    user.set_password(PASSWORD)
    user.save()
    page = browser_page
    browser_login(page, "lan", PASSWORD)
    page.wait_for_selector("text=Log out")

    page.goto("/exchange/imports/")
    page.locator(".card", has_text="Producers").get_by_text("Upload a file").click()
    page.set_input_files("#id_file", files=[producers_csv("Phu Vinh x")])
    page.get_by_role("button", name="Check the file").click()

    page.wait_for_selector("text=Checked: has errors")
    error = page.locator("table.errors tbody tr")
    assert error.count() == 1
    cells = error.first.locator("td").all_inner_texts()
    assert cells[:2] == ["2", "Xã/phường"]
    assert "No commune is named “Phu Vinh x”" in cells[2]
    assert "Nothing was changed" in page.content()

    page.set_input_files("#id_file", files=[producers_csv("Phú Nghĩa")])
    page.get_by_role("button", name="Check the corrected file").click()
    page.wait_for_selector("text=Checked: ready to apply")
    assert page.locator("[data-count=new]").inner_text() == "1"

    page.get_by_role("button", name="Apply the import").click()
    page.wait_for_selector("text=Applied on")

    page.goto("/registry/producers/?q=phu+vinh")
    assert page.get_by_role("link", name="Hợp tác xã mây tre Phú Vinh").is_visible()
