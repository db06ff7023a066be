"""Council people for the demo: the demo logins plus sample members who cannot log in."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ocop.accounts.models import Role, User
from ocop.evaluation.models import Council, CouncilMember, CouncilRole, Round
from ocop.registry.demo import person

SAMPLE_MEMBERS = 14
SAMPLE_SECRETARIES = 3


@dataclass
class Pool:
    secretary: User  # the demo login `secretary`
    members: list[User]  # the demo logins `member`, `member2`
    sample_members: list[User]
    sample_secretaries: list[User]
    office: User | None


def council_pool(rng: random.Random) -> Pool:
    """The demo logins and sample council people (unusable passwords: they never log in)."""
    unusable = make_password(None)
    users = []
    for i in range(SAMPLE_MEMBERS + SAMPLE_SECRETARIES):
        first, _, last = person(rng).rpartition(" ")
        role = Role.MEMBER if i < SAMPLE_MEMBERS else Role.SECRETARY
        users.append(
            User(
                username=f"hoidong{i + 1:02d}",
                role=role,
                first_name=first,
                last_name=last,
                password=unusable,
                email=f"hoidong{i + 1:02d}@example.vn",
            )
        )
    User.objects.bulk_create(users)
    return Pool(
        secretary=User.objects.get(username="secretary"),
        members=list(User.objects.filter(username__in=["member", "member2"]).order_by("username")),
        sample_members=users[:SAMPLE_MEMBERS],
        sample_secretaries=users[SAMPLE_MEMBERS:],
        office=User.objects.filter(username="office").first(),
    )


def appoint(
    round: Round,
    name: str,
    decision_ref: str,
    day: datetime.date,
    secretary: User,
    scorers: list[User],
    quorum: int,
) -> Council:
    """A council with its seats: the first scorer chairs."""
    council = Council.objects.create(
        round=round, name=name, decision_ref=decision_ref, decision_date=day, quorum=quorum
    )
    seats = [CouncilMember(council=council, user=secretary, role=CouncilRole.SECRETARY)]
    seats += [
        CouncilMember(
            council=council, user=u, role=CouncilRole.CHAIR if i == 0 else CouncilRole.MEMBER
        )
        for i, u in enumerate(scorers)
    ]
    CouncilMember.objects.bulk_create(seats)
    return council
