import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.accounts.actions import user_create
from ocop.accounts.models import Role
from ocop.places.models import Commune
from ocop.registry.models import Producer


class Command(BaseCommand):
    help = (
        "Create a user with a role. Examples: "
        "ocop createuser an --role officer --commune 'Bát Tràng'; "
        "ocop createuser binh --role producer --producer 0101234567"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--commune", action="append", default=[], help="name or code; repeat")
        parser.add_argument("--producer", help="tax code or business registration number")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--password", help="default: a random password, printed once")

    def handle(self, *args: Any, **opts: Any) -> None:
        communes = [self._commune(value) for value in opts["commune"]]
        if opts["role"] == Role.OFFICER and not communes:
            raise CommandError("A commune officer needs at least one --commune.")
        producer = None
        if opts["producer"]:
            producer = (
                Producer.objects.filter(tax_code=opts["producer"]).first()
                or Producer.objects.filter(business_registration_no=opts["producer"]).first()
            )
            if producer is None:
                raise CommandError(
                    f"No producer with tax code or registration {opts['producer']!r}."
                )
        elif opts["role"] == Role.PRODUCER:
            raise CommandError("A producer user needs --producer.")
        password = opts["password"] or secrets.token_urlsafe(12)
        try:
            user = user_create(
                actor="ocop createuser",
                username=opts["username"],
                role=opts["role"],
                password=password,
                email=opts["email"],
                full_name=opts["name"],
                communes=communes,
                producer=producer,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Created {user.username} ({Role(user.role).label}).")
        if not opts["password"]:
            self.stdout.write(f"Password: {password}")

    def _commune(self, value: str) -> Commune:
        if value.isdigit():
            commune = Commune.objects.filter(pk=int(value)).first()
            if commune:
                return commune
        matches = list(Commune.objects.matching(value).select_related("province")[:10])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise CommandError(f"No commune matches {value!r}.")
        names = ", ".join(f"{c.name} ({c.province.short_name}, {c.pk})" for c in matches)
        raise CommandError(f"{value!r} matches several communes: {names}. Give the code.")
