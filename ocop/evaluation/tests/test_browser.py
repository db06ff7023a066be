"""A person follows a dossier through the browser: the producer submits it, the commune
officer accepts it, a council member scores it with the keyboard."""

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import browser_login
from ocop.accounts.models import Role, User
from ocop.evaluation.models import Dossier, DossierStatus, Round, RoundStatus, Score
from ocop.evaluation.tests.helpers import make_council, make_round
from ocop.places.models import Commune
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory

PASSWORD = "a-long-pass-2025"


def user(username: str, role: str, **fields: Any) -> User:
    person = User(username=username, role=role, **fields)
    person.set_password(PASSWORD)
    person.save()
    return person


def png(folder: Path) -> Path:
    path = folder / "giay-to.png"
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 80, 40)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dossier_goes_from_the_producer_to_a_members_sheet(
    browser_page: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    bat_trang = Commune.objects.get(province_id=1, name="Xã Bát Tràng")
    coop = Producer.objects.create(
        kind=ProducerKind.COOPERATIVE,
        name="HTX gốm Bát Tràng",
        tax_code="0101234567",
        commune=bat_trang,
    )
    Product.objects.create(
        name="Bình gốm men rạn",
        producer=coop,
        category=ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2"),
        province_of_origin_id=1,
    )
    user("lan", Role.PRODUCER, producer=coop)
    user("binh", Role.OFFICER).communes.add(bat_trang)
    member = user("son", Role.MEMBER)
    round = make_round(status=RoundStatus.OPEN)
    make_council(round, secretary=user("tam", Role.SECRETARY), scorers=[member], quorum=1)
    page = browser_page

    browser_login(page, "lan", PASSWORD)
    page.goto("/evaluation/dossiers/new/")
    page.select_option("#id_product", label="Bình gốm men rạn")
    page.select_option("#id_round", value=str(round.pk))
    page.click("button.primary")
    page.wait_for_selector("text=Dossier started")
    upload = png(tmp_path)
    for item in ("business_registration", "raw_material", "label", "photos"):
        page.select_option("#id_item", value=item)
        page.set_input_files("#id_file", str(upload))
        page.click("button:text-is('Upload')")
        page.wait_for_selector("text=File added.")
    assert page.locator(".fingerprint").count() == 4
    page.click("text=Submit the dossier")
    page.wait_for_selector("text=Dossier sent to the commune.")
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.SUBMITTED

    page.context.clear_cookies()
    browser_login(page, "binh", PASSWORD)
    page.goto(f"/evaluation/dossiers/{dossier.pk}/")
    page.check("text=Accept for scoring")
    page.click("text=Record the check")
    page.wait_for_selector("text=Dossier accepted.")
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.SCORING)

    page.context.clear_cookies()
    browser_login(page, "son", PASSWORD)
    page.goto(f"/evaluation/dossiers/{dossier.pk}/score/")
    page.check("text=I have no conflict of interest")
    page.click("button:text-is('Declare')")
    first = page.locator("fieldset.criterion").first.locator("input[type=radio]").first
    first.focus()
    page.keyboard.press("ArrowDown")  # the next level of A1, chosen with the keyboard alone
    page.wait_for_selector("#sheet-status >> text=1 of 15 criteria scored")
    score = Score.objects.get()
    assert (score.criterion.code, score.points) == ("A1", 2)
