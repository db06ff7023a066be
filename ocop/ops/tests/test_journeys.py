"""The whole OCOP cycle in a real browser (Debian's Chromium), one person at a time: a producer
submits a dossier with its evidence, the commune officer returns it and then accepts it, two
council members score it, the secretary classifies it and records the recognition decision,
the certificate PDF downloads, a shopper verifies its QR address, and a showroom operator lists
the product, which the compliance report allows.

The round, the council, the people and the showroom are arranged in the database; every step a
person takes goes through the pages. A screenshot is saved in test-results/ on failure."""

import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import browser_login
from ocop.accounts.models import Role, User
from ocop.evaluation.models import Round, RoundStatus
from ocop.evaluation.tests.helpers import make_council, make_round
from ocop.market.models import ShowroomStatus
from ocop.market.tests import factories
from ocop.places.models import Commune
from ocop.registry.models import Producer, ProducerKind, Product, ProductCategory
from ocop.security import signing

PASSWORD = "a-long-pass-2025"
PRODUCT = "Bình gốm men rạn"
REQUIRED_EVIDENCE = ("business_registration", "raw_material", "label", "photos")
DECISION = "245/QĐ-UBND"
CRITERIA = 15  # in the sample scoring sheet for handicrafts under 148/2023


def person(username: str, role: str, **fields: Any) -> User:
    user = User(username=username, role=role, first_name=username.title(), **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class Scene:
    round: Round
    showroom_name: str
    signing_cert: Path


def arrange(folder: Path, settings: Any, live_url: str) -> Scene:
    """A cooperative in Bát Tràng with one product, its commune officer, an open province
    round whose council has a secretary and two scorers, the office, and a showroom with its
    operator; certificates are signed with a key the office configured."""
    # A fast hasher: nine people sign in, and the real one takes half a second each time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    bat_trang = Commune.objects.get(province_id=1, name="Xã Bát Tràng")
    coop = Producer.objects.create(
        kind=ProducerKind.COOPERATIVE,
        name="HTX gốm Bát Tràng",
        tax_code="0101234567",
        commune=bat_trang,
    )
    Product.objects.create(
        name=PRODUCT,
        producer=coop,
        category=ProductCategory.objects.get(taxonomy__code="148/2023", code="4.2"),
        province_of_origin_id=1,
    )
    person("lan", Role.PRODUCER, producer=coop)
    person("binh", Role.OFFICER).communes.add(bat_trang)
    person("office", Role.OFFICE)
    today = timezone.localdate()
    round = make_round(
        status=RoundStatus.OPEN, year=today.year, opens_on=today - datetime.timedelta(days=20)
    )
    make_council(
        round,
        secretary=person("tam", Role.SECRETARY),
        scorers=[person("son", Role.MEMBER), person("hoa", Role.MEMBER)],
        quorum=2,
    )
    room = factories.showroom(
        bat_trang,
        name="Điểm OCOP Bát Tràng",
        operators=[person("long", Role.OPERATOR)],
        status=ShowroomStatus.OPEN,
    )

    key_pem, cert_pem = signing.make_self_signed(
        common_name="Văn phòng OCOP Hà Nội", organization="UBND Thành phố Hà Nội", days=30
    )
    (folder / "key.pem").write_bytes(key_pem)
    (folder / "cert.pem").write_bytes(cert_pem)
    settings.OCOP_SIGNING_KEY = str(folder / "key.pem")
    settings.OCOP_SIGNING_CERT = str(folder / "cert.pem")
    settings.VAR_DIR = folder / "var"
    settings.MEDIA_ROOT = folder / "media"
    settings.OCOP_SITE_URL = live_url  # so that the QR code leads to this test server
    return Scene(round=round, showroom_name=room.name, signing_cert=folder / "cert.pem")


def scan(folder: Path) -> Path:
    path = folder / "giay-to.png"
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 80, 40)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def sign_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username, PASSWORD)
    expect(page.locator("#id_username")).to_have_count(0)  # the login form is gone


def flash(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


def producer_submits(page: Page, round: Round, upload: Path) -> str:
    sign_in(page, "lan")
    page.goto("/evaluation/dossiers/new/")
    page.select_option("#id_product", label=PRODUCT)
    page.select_option("#id_round", value=str(round.pk))
    page.click("button:text-is('Start')")
    flash(page, "Dossier started")
    for done, item in enumerate(REQUIRED_EVIDENCE, start=1):
        page.select_option("#id_item", value=item)
        page.set_input_files("#id_file", str(upload))
        page.click("button:text-is('Upload')")
        expect(page.locator(".fingerprint")).to_have_count(done)
    page.click("button:text-is('Submit the dossier')")
    flash(page, "Dossier sent to the commune.")
    return page.url


def officer_checks(page: Page, dossier_url: str, decision: str, comment: str = "") -> None:
    sign_in(page, "binh")
    page.goto(dossier_url)
    page.get_by_label(decision).check()
    if comment:
        page.fill("#id_comment", comment)
    page.click("button:text-is('Record the check')")


def member_scores(page: Page, dossier_url: str, username: str, level_from_top: int) -> None:
    """Declare no conflict, choose a level on every criterion (0 = the top level), submit."""
    sign_in(page, username)
    page.goto(dossier_url)
    page.click("text=Score this dossier")
    page.check("text=I have no conflict of interest")
    page.click("button:text-is('Declare')")
    flash(page, "Declaration recorded.")
    criteria = page.locator("fieldset.criterion")
    expect(criteria).to_have_count(CRITERIA)
    for i in range(CRITERIA):
        levels = criteria.nth(i).locator("input[type=radio]")
        levels.nth(levels.count() - 1 - level_from_top).check()
    status = page.locator("#sheet-status")
    expect(status).to_contain_text(f"{CRITERIA} of {CRITERIA} criteria scored")
    page.reload()  # every choice was saved as it was made: the page now offers to submit
    page.click("button:text-is('Submit and lock my sheet')")
    flash(page, "Sheet submitted and locked.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_product_goes_from_dossier_to_verified_certificate_to_showroom_shelf(
    browser_page: Page, tmp_path: Path, settings: Any, live_server: Any
) -> None:
    scene = arrange(tmp_path, settings, live_server.url)
    page = browser_page

    # The producer starts the dossier, uploads the required evidence and submits it.
    dossier_url = producer_submits(page, scene.round, scan(tmp_path))

    # The commune officer returns it with a comment; the producer reads it and resubmits.
    officer_checks(page, dossier_url, "Return to the producer", "Ảnh nhãn bị mờ, xin gửi lại.")
    flash(page, "Dossier returned.")
    sign_in(page, "lan")
    page.goto(dossier_url)
    expect(page.locator("body")).to_contain_text("Ảnh nhãn bị mờ, xin gửi lại.")
    page.click("button:text-is('Resubmit the dossier')")
    flash(page, "Dossier sent to the commune.")

    # The officer accepts it; the office closes the round and starts the scoring.
    officer_checks(page, dossier_url, "Accept for scoring")
    flash(page, "Dossier accepted.")
    sign_in(page, "office")
    page.goto(f"/evaluation/rounds/{scene.round.pk}/")
    page.click("button:has-text('Closed to new dossiers')")
    flash(page, "Round is now “Closed to new dossiers”.")
    page.click("button:has-text('Scoring')")
    flash(page, "Round is now “Scoring”.")

    # Two members score on their own sheets: all top levels (100), all middle levels (60).
    member_scores(page, dossier_url, "son", level_from_top=0)
    member_scores(page, dossier_url, "hoa", level_from_top=1)

    # The secretary classifies (mean 80.00: 4★) and records the recognition decision.
    sign_in(page, "tam")
    page.goto(dossier_url)
    page.click("button:text-is('Classify')")
    flash(page, "Dossier classified.")
    expect(page.locator("body")).to_contain_text("80.00 / 100")
    page.goto("/certificates/decisions/new/")
    page.select_option("#id_round", value=str(scene.round.pk))
    expect(page.get_by_label(PRODUCT)).to_be_checked()
    page.fill("#id_number", DECISION)
    page.fill("#id_signer", "Phó Chủ tịch UBND Thành phố")
    page.click("button:text-is('Record decision and issue certificates')")
    flash(page, f"Decision {DECISION} recorded; 1 certificates issued.")

    # The certificate page: its PDF downloads, and it prints the QR verification address.
    page.get_by_role("link", name=re.compile(r"^HN-")).click()
    verify_url = page.locator("dt:text-is('Verification address') + dd code").inner_text()
    assert verify_url.startswith(f"{live_server.url}/verify/HN-{scene.round.year}-")
    pdf_link = page.get_by_role("link", name="Printable certificate (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_link}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    pdf_text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert verify_url in pdf_text.replace("\n", "")

    # A shopper, not signed in, opens the QR address: VALID, and the signed PDF.
    page.context.clear_cookies()
    page.goto(verify_url)
    expect(page.locator(".verdict-word")).to_have_text("✔ VALID")
    expect(page.locator(".verify-product h1")).to_have_text(PRODUCT)
    with page.expect_download() as download:
        page.click("text=Download the signed certificate (PDF)")
    signed = Path(download.value.path()).read_bytes()
    trusted = signing.load_certificate(scene.signing_cert.read_bytes())
    check = signing.check_signature(signed, trusted)
    assert check.intact and check.trusted and check.covers_whole_file

    # The showroom operator lists the product; the compliance report allows it.
    sign_in(page, "long")
    page.goto("/market/showrooms/")
    page.click(f"text={scene.showroom_name}")
    page.click("text=Add products")
    page.fill("input[type=search]", "gom men ran")
    page.get_by_label(PRODUCT).check()
    page.fill("#id_shelf_price", "350000")
    page.click("button:text-is('List the ticked products')")
    flash(page, "1 product(s) listed.")
    page.click("text=Compliance report")
    expect(page.locator(".summary")).to_contain_text("All listings are allowed on")
    row = page.locator("table.compliance tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_have_class("ocop")
    code = verify_url.rsplit("/", 1)[-1]
    expect(row).to_contain_text(f"Certificate {code} (4★) valid until")
