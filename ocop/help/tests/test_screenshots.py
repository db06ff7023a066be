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


def test_each_shot_is_taken_in_every_language_before_the_next_shot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A shot's steps change the data (member-score declares "no conflict"), so the shot before
    # it (member-conflict) must already be taken in every language, or one language shows the
    # sheet where the guide shows the conflict question.
    import playwright.sync_api

    from ocop.help.management.commands.screenshots import Command
    from ocop.help.shots import Shot

    class Fake:
        def __getattr__(self, name: str) -> Any:
            return Fake()

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return Fake()

        def __enter__(self) -> Any:
            return Fake()

        def __exit__(self, *args: Any) -> None:
            return None

    taken: list[tuple[str, str]] = []
    monkeypatch.setattr(playwright.sync_api, "sync_playwright", Fake())
    monkeypatch.setattr(Command, "open_page", lambda self, *args: Fake())
    monkeypatch.setattr(
        Command,
        "shoot",
        lambda self, page, shot, url, folder, low: taken.append((shot.name, folder.name)),
    )
    shots = [
        Shot("member-conflict", "member", lambda: "/a/"),
        Shot("member-score", "member", lambda: "/a/", steps=lambda page: None),
    ]
    Command().take(shots, ["vi", "en"], "http://testserver", tmp_path, {"low_res": True})
    assert taken == [
        ("member-conflict", "vi"),
        ("member-conflict", "en"),
        ("member-score", "vi"),
        ("member-score", "en"),
    ]
