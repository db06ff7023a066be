from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from PIL import Image

from conftest import CHROMIUM
from ocop.help.shots import SHOTS
from ocop.help.tests.tiny import tiny_demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_screenshot_command_takes_every_shot_at_low_resolution(
    live_server: Any, tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    tiny_demo()
    out = StringIO()
    call_command(
        "screenshots",
        "--low-res",
        "--lang",
        "en",
        "--output",
        str(tmp_path),
        "--base-url",
        live_server.url,
        stdout=out,
    )
    taken = sorted(p.stem for p in (tmp_path / "en").glob("*.png"))
    assert taken == sorted(s.name for s in SHOTS)
    for shot in SHOTS:
        with Image.open(tmp_path / "en" / f"{shot.name}.png") as image:
            assert image.width == (shot.width or 480), shot.name
