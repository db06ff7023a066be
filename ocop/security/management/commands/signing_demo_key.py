from typing import Any

from django.core.management.base import BaseCommand

from ocop.security import signing


class Command(BaseCommand):
    help = (
        "Generate the DEMO key that signs sample certificates (var/signing/demo-signer.pem, "
        "never committed). Its certificate says DEMO: it is not the office's key."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--replace", action="store_true", help="replace an existing demo key with a new one"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = signing.demo_path()
        if path.exists() and not opts["replace"]:
            self.stdout.write(f"The demo key exists: {path} (--replace makes a new one)")
        else:
            signing.write_demo_key(path)
            self.stdout.write(f"Demo key written: {path}")
        identity = signing.demo_identity()
        self.stdout.write(f"Subject: {identity.subject}")
        self.stdout.write(f"SHA-256 fingerprint: {identity.fingerprint}")
