"""HTTP-level protections: the production settings pass `check --deploy`, and every page
carries a Content-Security-Policy without inline scripts."""

import os
import secrets
import subprocess
import sys
from http.cookies import Morsel
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from ocop.test import PASSWORD, BaseTestCase

ROOT = Path(__file__).resolve().parents[3]


def production_environment(var_dir: str) -> dict[str, str]:
    # A clean environment: nothing from the test run (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE...).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ocop.example.org",
        OCOP_SITE_URL="https://ocop.example.org",
        OCOP_HTTPS="1",
        OCOP_VAR_DIR=var_dir,
    )
    return env


class DeployCheckTestCase(BaseTestCase):
    def run_check(self, **overrides: str) -> subprocess.CompletedProcess[str]:
        env = production_environment(str(Path(settings.VAR_DIR) / "check-deploy"))
        env.update(overrides)
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_the_production_settings_pass_check_deploy_without_warnings(self) -> None:
        result = self.run_check()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_check_deploy_catches_a_missing_secret_key(self) -> None:
        result = self.run_check(SECRET_KEY="")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W009", result.stdout + result.stderr)


class ContentSecurityPolicyTestCase(BaseTestCase):
    def policy(self, url: str) -> dict[str, list[str]]:
        header = self.client.get(url)["Content-Security-Policy"]
        return {
            name: values
            for name, *values in (part.split() for part in header.split(";") if part.strip())
        }

    def test_pages_allow_scripts_and_styles_from_our_own_files_only(self) -> None:
        self.login(self.office)
        for url in [reverse("login"), reverse("home"), reverse("registry:producers")]:
            policy = self.policy(url)
            self.assertEqual(policy["script-src"], ["'self'"], url)
            self.assertEqual(policy["style-src"], ["'self'"], url)
            self.assertEqual(policy["default-src"], ["'self'"], url)
            self.assertEqual(policy["frame-ancestors"], ["'none'"], url)

    def test_images_may_come_from_the_map_tile_server(self) -> None:
        self.assertIn("https://tile.openstreetmap.org", self.policy(reverse("login"))["img-src"])

    def test_htmx_is_told_not_to_inject_its_own_styles(self) -> None:
        response = self.client.get(reverse("login"))
        self.assertContains(
            response, '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>'
        )

    def test_pages_carry_no_inline_script(self) -> None:
        self.login(self.office)
        for url in [reverse("login"), reverse("home"), reverse("account_security")]:
            html = self.client.get(url).content.decode()
            for tag in html.split("<script")[1:]:
                self.assertIn("src=", tag.split(">")[0], f"inline <script> on {url}")


class SessionCookieTestCase(BaseTestCase):
    def sign_in(self) -> Morsel[str]:
        response = self.client.post(reverse("login"), {"username": "office", "password": PASSWORD})
        return response.cookies[settings.SESSION_COOKIE_NAME]

    def test_a_session_lasts_eight_hours_and_its_cookie_is_hidden_from_scripts(self) -> None:
        cookie = self.sign_in()
        self.assertEqual(cookie["max-age"], 8 * 60 * 60)
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")

    @override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True)
    def test_sessions_can_be_set_to_end_when_the_browser_closes(self) -> None:
        cookie = self.sign_in()
        self.assertEqual((cookie["max-age"], cookie["expires"]), ("", ""))
