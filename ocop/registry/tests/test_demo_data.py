import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from ocop.accounts.models import User
from ocop.registry.models import Producer, Product

ROOT = Path(__file__).resolve().parents[3]


class DemoDataTestCase(TestCase):
    """The whole demo is built once for the class (it takes seconds, not milliseconds)."""

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo_data", stdout=StringIO())

    def test_it_builds_hanoi_sized_sample_data_marked_as_sample(self) -> None:
        self.assertEqual(Producer.objects.count(), 1000)
        self.assertEqual(Product.objects.count(), 3300)
        self.assertFalse(Producer.objects.filter(is_sample=False).exists())
        self.assertFalse(Product.objects.filter(is_sample=False).exists())
        self.assertTrue(
            Producer.objects.filter(village="Bát Tràng", commune__name="Xã Bát Tràng").exists()
        )
        self.assertTrue(
            Product.objects.filter(name__startswith="Khăn lụa tơ tằm Vạn Phúc").exists()
        )
        self.assertTrue(Product.objects.exclude(province_of_origin_id=1).exists())
        officer = User.objects.get(username="officer")
        self.assertTrue(officer.communes.filter(name="Xã Bát Tràng").exists())

    def test_it_is_deterministic(self) -> None:
        """Two fresh databases built with the same seed hold the same sample records."""
        with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
            runs = [_build_demo_in(Path(one)), _build_demo_in(Path(two))]
            fingerprints = [_fingerprint_of(run) for run in runs]
        self.assertEqual(fingerprints[0], fingerprints[1])
        self.assertIn("products=3300", fingerprints[0])

    def test_if_empty_leaves_existing_data_alone(self) -> None:
        out = StringIO()
        call_command("demo_data", "--if-empty", stdout=out)
        self.assertIn("already present", out.getvalue())
        self.assertEqual(Producer.objects.count(), 1000)

    def test_every_page_shows_the_sample_data_banner_in_vietnamese(self) -> None:
        response = self.client.get("/login/")
        self.assertContains(response, "DỮ LIỆU MẪU")
        self.assertContains(response, "ocop-demo-2025")


FINGERPRINT = """
import hashlib
from ocop.registry.models import Product
from ocop.certification.models import Certificate
rows = list(Product.objects.order_by("pk").values_list("name", "reference_price", "producer__name"))
certs = list(Certificate.objects.order_by("code").values_list("code", "stars", "expires_on"))
digest = hashlib.sha256(repr((rows, certs)).encode()).hexdigest()
print(f"products={len(rows)} certificates={len(certs)} {digest}")
"""


def _build_demo_in(var_dir: Path) -> subprocess.Popen[str]:
    """Start migrate + demo data into a fresh SQLite database under `var_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["OCOP_VAR_DIR"] = str(var_dir)
    script = (
        f"{sys.executable} manage.py migrate -v0 && {sys.executable} manage.py demo_data"
        f" > /dev/null && {sys.executable} manage.py shell -v0 -c '{FINGERPRINT}'"
    )
    return subprocess.Popen(  # noqa: S602 - fixed command line, no user input
        script, shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )


def _fingerprint_of(run: subprocess.Popen[str]) -> str:
    out, _ = run.communicate(timeout=600)
    assert run.returncode == 0, out
    return out.strip().splitlines()[-1]
