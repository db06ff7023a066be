"""The first-login checklist on the home page: a few steps per role, each ticked from the
records themselves (a product exists, a sheet was submitted), never from a "seen" flag."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.audit.models import Event
from ocop.certification.models import Decision
from ocop.evaluation.models import (
    ConflictDeclaration,
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    Round,
    ScoreSheet,
    SheetStatus,
)
from ocop.market.models import ComplianceOutcome, Listing, Showroom
from ocop.registry.models import Producer, ProductPhoto


@dataclass(frozen=True)
class Step:
    label: str | Promise
    done: bool
    url: str
    guide: str  # "<guide>#<anchor>": the guide section that explains the step


def first_steps(user: User) -> list[Step]:
    """The steps for `user`'s role, in order; empty for a role without steps."""
    builder = BUILDERS.get(user.effective_role)
    return builder(user) if builder else []


def _did(user: User, *actions: str) -> bool:
    return Event.objects.filter(actor=user, action__in=actions).exists()


def _two_factor(user: User) -> Step:
    from ocop.security.actions import confirmed_device

    return Step(
        _("Turn on two-factor sign-in"),
        confirmed_device(user) is not None,
        reverse("account_security"),
        "member#two-factor",
    )


def _producer(user: User) -> list[Step]:
    producer: Producer | None = user.producer
    if producer is None:
        return []
    products = producer.products.all()
    dossiers = Dossier.objects.filter(product__producer=producer)
    first = products.order_by("pk").first()
    return [
        Step(
            _("Complete your producer record (address, representative, phone)"),
            bool(producer.address and producer.representative and producer.phone),
            reverse("registry:producer_edit", args=[producer.pk]),
            "producer#complete-record",
        ),
        Step(
            _("Add your products"),
            products.exists(),
            reverse("registry:product_add", args=[producer.pk]),
            "producer#add-product",
        ),
        Step(
            _("Add a photo of a product"),
            ProductPhoto.objects.filter(product__producer=producer).exists(),
            first.get_absolute_url() if first else producer.get_absolute_url(),
            "producer#add-product",
        ),
        Step(
            _("Start a dossier for a product"),
            dossiers.exists(),
            reverse("evaluation:dossier_add"),
            "producer#start-dossier",
        ),
        Step(
            _("Submit a dossier to your commune"),
            dossiers.exclude(submitted_at=None).exists(),
            reverse("evaluation:dossiers"),
            "producer#submit-dossier",
        ),
    ]


def _officer(user: User) -> list[Step]:
    communes = user.communes.all()
    return [
        Step(
            _("Have your communes assigned by the city office"),
            communes.exists(),
            "",
            "officer#communes",
        ),
        Step(
            _("Register the producers of your communes"),
            Producer.objects.filter(commune__in=communes).exists(),
            reverse("registry:producer_add"),
            "officer#register-producer",
        ),
        Step(
            _("Check a submitted dossier (accept it or return it)"),
            _did(user, "dossier.accept", "dossier.return"),
            reverse("evaluation:dossiers") + "?status=to_check",
            "officer#check-dossier",
        ),
    ]


def _member(user: User) -> list[Step]:
    return [
        _two_factor(user),
        Step(
            _("Declare any conflict of interest for a dossier"),
            ConflictDeclaration.objects.filter(member=user).exists(),
            reverse("evaluation:sheets"),
            "member#declare-conflict",
        ),
        Step(
            _("Score a dossier and submit your sheet"),
            ScoreSheet.objects.filter(member=user, status=SheetStatus.SUBMITTED).exists(),
            reverse("evaluation:sheets"),
            "member#score-dossier",
        ),
    ]


def _secretary(user: User) -> list[Step]:
    seated = CouncilMember.objects.filter(user=user, role=CouncilRole.SECRETARY)
    return [
        _two_factor(user),
        Step(
            _("Be seated as secretary of a council"),
            seated.exists(),
            reverse("evaluation:councils"),
            "secretary#follow-council",
        ),
        Step(
            _("Classify a dossier once the members have scored it"),
            _did(user, "dossier.classify"),
            reverse("evaluation:councils"),
            "secretary#classify",
        ),
        Step(
            _("Record a recognition decision"),
            _did(user, "decision.record"),
            reverse("certification:decision_add"),
            "secretary#record-decision",
        ),
    ]


def _office(user: User) -> list[Step]:
    return [
        _two_factor(user),
        Step(
            _("Open a round for dossiers"),
            Round.objects.exists(),
            reverse("evaluation:rounds"),
            "office#open-round",
        ),
        Step(
            _("Appoint a council for the round"),
            Council.objects.exists(),
            reverse("evaluation:rounds"),
            "office#appoint-council",
        ),
        Step(
            _("Record a recognition decision"),
            Decision.objects.exists(),
            reverse("certification:decisions"),
            "office#record-decision",
        ),
    ]


def _operator(user: User) -> list[Step]:
    showrooms = Showroom.objects.filter(operators=user)
    listings = Listing.objects.filter(showroom__in=showrooms)
    first = showrooms.order_by("pk").first()
    showroom_url = first.get_absolute_url() if first else reverse("market:showrooms")
    return [
        Step(
            _("Have your showroom assigned to you by the city office"),
            showrooms.exists(),
            reverse("market:showrooms"),
            "operator#your-showrooms",
        ),
        Step(
            _("List the products on your shelves"),
            listings.exists(),
            showroom_url,
            "operator#add-listing",
        ),
        Step(
            _("Take off the shelves what may not be displayed"),
            listings.exists()
            and not listings.filter(compliance__outcome=ComplianceOutcome.NON_COMPLIANT).exists(),
            reverse("market:compliance", args=[first.pk]) if first else showroom_url,
            "operator#compliance",
        ),
    ]


BUILDERS: dict[str, Callable[[Any], list[Step]]] = {
    Role.PRODUCER: _producer,
    Role.OFFICER: _officer,
    Role.MEMBER: _member,
    Role.SECRETARY: _secretary,
    Role.OFFICE: _office,
    Role.OPERATOR: _operator,
}
