"""`ocop screenshots`: the guides' pictures, taken with Playwright in Debian's Chromium.

By default it serves a temporary copy of the (SQLite) demo database on a local port, so
logging in and the few clicks it makes never touch the real one; `--base-url` uses a server
that is already running on the same database (the test suite's live server).
"""

import io
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.testcases import LiveServerThread

from ocop.catalogue.verification import write_verification_counts
from ocop.help.shots import DEMO_PASSWORD, SHOTS, NotFound, Shot

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
LOCALES = {"vi": "vi-VN", "en": "en-US"}


class Command(BaseCommand):
    help = "Take the guides' screenshots from the demo data (docs/screenshots/<lang>/*.png)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(settings.BASE_DIR / "docs" / "screenshots"))
        parser.add_argument("--low-res", action="store_true", help="small and fast (for tests)")
        parser.add_argument("--lang", default="vi,en", help="languages, e.g. vi or vi,en")
        parser.add_argument("--only", default="", help="comma-separated shot names")
        parser.add_argument("--base-url", default="", help="a server already serving the data")
        parser.add_argument("--database", default="", help="SQLite file to copy (default: ours)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not CHROMIUM.exists():
            raise CommandError(f"Debian's chromium is needed at {CHROMIUM}.")
        langs = [code for code in options["lang"].split(",") if code]
        if not langs or any(code not in LOCALES for code in langs):
            raise CommandError("--lang takes vi, en or vi,en.")
        wanted = {n for n in options["only"].split(",") if n}
        shots = [s for s in SHOTS if not wanted or s.name in wanted]
        if wanted - {s.name for s in shots}:
            raise CommandError(
                f"unknown shots: {', '.join(sorted(wanted - {s.name for s in SHOTS}))}"
            )
        server = None
        base_url = options["base_url"].rstrip("/")
        with tempfile.TemporaryDirectory() as scratch:
            if not base_url:
                server = serve_copy(options["database"], Path(scratch))
                base_url = f"http://127.0.0.1:{server.port}"
            try:
                missing = self.take(shots, langs, base_url, Path(options["output"]), options)
            finally:
                if server is not None:
                    server.terminate()
                    # The verify page counts checks in memory and writes them at exit, when
                    # the copy is gone: write them into the copy while it is still there.
                    write_verification_counts()
        if missing:
            raise CommandError("no data for: " + "; ".join(missing))

    def take(
        self, shots: list[Shot], langs: list[str], base_url: str, out: Path, options: Any
    ) -> list[str]:
        """Take every shot in every language; returns the shots whose data is missing."""
        urls: dict[str, str] = {}
        missing: list[str] = []
        for shot in shots:  # every query before the browser starts (its loop is not for the ORM)
            try:
                urls[shot.name] = shot.url()
            except NotFound as error:
                missing.append(f"{shot.name} ({error})")
        by_user: dict[str | None, list[Shot]] = defaultdict(list)
        for shot in shots:
            if shot.name in urls:
                by_user[shot.user].append(shot)
        width = 480 if options["low_res"] else 1000
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            for lang in langs:
                (out / lang).mkdir(parents=True, exist_ok=True)
            for user, group in by_user.items():
                pages = {
                    lang: self.open_page(browser, base_url, lang, width, user) for lang in langs
                }
                # Shot by shot, each in every language: a shot's steps (declaring no conflict)
                # change the data, and must not change what an earlier shot shows in the
                # next language.
                for shot in group:
                    size = shot.width or width
                    for lang, page in pages.items():
                        page.set_viewport_size(
                            {"width": size, "height": int(max(size, 1000) * 0.7)}
                        )
                        self.shoot(page, shot, urls[shot.name], out / lang, options["low_res"])
                for page in pages.values():
                    page.context.close()
            browser.close()
        return missing

    def open_page(
        self, browser: Any, base_url: str, lang: str, width: int, user: str | None
    ) -> Any:
        """A page in its own browser context (cookies, language), logged in as `user`."""
        context = browser.new_context(
            base_url=base_url,
            locale=LOCALES[lang],
            viewport={"width": width, "height": int(width * 0.7)},
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        if user:
            log_in(page, user)
        return page

    def shoot(self, page: Any, shot: Shot, url: str, folder: Path, low_res: bool) -> None:
        response = page.goto(url)
        if response is None or response.status >= 400:
            status = response.status if response else "no answer"
            raise CommandError(f"{shot.name}: {url} answered {status}")
        if shot.steps:
            shot.steps(page)
        if shot.focus:
            page.eval_on_selector(shot.focus, "el => el.scrollIntoView({block: 'start'})")
        png = page.screenshot(animations="disabled", caret="hide")
        path = folder / f"{shot.name}.png"
        path.write_bytes(png if low_res else shrink(png))
        self.stdout.write(f"{path}")


def log_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    if "/login/" in page.url:
        raise CommandError(f"could not log in as {username} with the demo password")


def shrink(png: bytes) -> bytes:
    """A palette PNG: screens are flat colours and text, so 128 colours keep them readable
    at a fraction of the size."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def serve_copy(database: str, scratch: Path) -> LiveServerThread:
    """A live server (Django's test machinery) on a copy of the SQLite database."""
    current = settings.DATABASES["default"]
    if not database and current["ENGINE"] != "django.db.backends.sqlite3":
        raise CommandError("Give --database (a SQLite file) or --base-url of a running server.")
    source = Path(database or current["NAME"])
    if not source.is_file():
        raise CommandError(f"no database at {source}: load the demo first (ocop demo-data).")
    copy = scratch / "screenshots.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)  # consistent even while the demo server writes (WAL)
    connections.close_all()
    if current["ENGINE"] != "django.db.backends.sqlite3":
        current.update({"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}})
    current["NAME"] = str(copy)
    server = LiveServerThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise CommandError(f"the screenshot server did not start: {server.error}")
    return server
