"""Behind nginx: the client's own address is used, and logs can be JSON lines."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings
from django.urls import reverse

from ocop.audit.models import Event
from ocop.test import BaseTestCase

ROOT = Path(__file__).resolve().parents[3]


class ClientAddressTestCase(BaseTestCase):
    def failed_sign_in_from(self, real_ip: str) -> str | None:
        self.client.post(
            reverse("login"),
            {"username": "office", "password": "not-the-password"},
            HTTP_X_REAL_IP=real_ip,
        )
        return Event.objects.get(action="auth.login_failed").ip

    @override_settings(OCOP_BEHIND_PROXY=True)
    def test_behind_nginx_the_address_nginx_saw_is_recorded(self) -> None:
        self.assertEqual(self.failed_sign_in_from("203.0.113.7"), "203.0.113.7")

    @override_settings(OCOP_BEHIND_PROXY=False)
    def test_without_a_proxy_a_forged_header_is_ignored(self) -> None:
        self.assertEqual(self.failed_sign_in_from("203.0.113.7"), "127.0.0.1")


class JsonLogsTestCase(BaseTestCase):
    def test_log_format_json_writes_one_json_object_per_line(self) -> None:
        env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
        env.update(LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="ocop.settings")
        code = (
            "import django, logging; django.setup(); "
            "logging.getLogger('ocop').warning('disk %s', 'full')"
        )
        result = subprocess.run(  # noqa: S603 (our own interpreter)
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        line = json.loads(result.stderr.strip().splitlines()[-1])
        self.assertEqual(
            {k: line[k] for k in ("level", "logger", "message")},
            {"level": "WARNING", "logger": "ocop", "message": "disk full"},
        )
