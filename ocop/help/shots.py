"""The screenshots the guides show: which login opens which page, found in the data.

Each shot names a demo login (password `ocop-demo-2025`, None for a visitor) and a function
that finds its page in the database the screenshot server serves; `steps` act on the page
first (e.g. declare no conflict, so the scoring sheet shows). A shot whose page cannot be
found is reported, so a change in the data or the URLs shows up instead of a stale picture.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ocop.catalogue.models import CatalogueEntry
from ocop.certification.models import Certificate
from ocop.evaluation.models import CouncilMember, CouncilRole, Dossier, DossierStatus, RoundStatus
from ocop.market.models import Showroom
from ocop.registry.models import Producer

DEMO_PASSWORD = "ocop-demo-2025"  # noqa: S105 - the demo logins' published password


class NotFound(Exception):
    """The data a shot needs is not in the database."""


@dataclass(frozen=True)
class Shot:
    name: str
    user: str | None
    url: Callable[[], str]
    focus: str = ""  # scrolled to the top of the picture
    steps: Callable[[Any], None] | None = None
    width: int = 0  # 0: the command's width; e.g. 375 for a phone
    tags: tuple[str, ...] = field(default=())


def _first(queryset: Any, what: str) -> Any:
    found = queryset.first()
    if found is None:
        raise NotFound(what)
    return found


def _url(name: str, *args: Any) -> Callable[[], str]:
    return lambda: reverse(name, args=args)


def _certificate() -> Certificate:
    certificates = Certificate.objects.valid_on(timezone.localdate())
    with_photo = certificates.filter(product__catalogue_entry__photo__isnull=False)
    return (
        _first(with_photo.order_by("-stars", "pk"), "a valid certificate")
        if (with_photo.exists())
        else _first(certificates.order_by("-stars", "pk"), "a valid certificate")
    )


def _verify() -> str:
    return reverse("catalogue:verify", args=[_certificate().code])


def _catalogue_product() -> str:
    entry = _first(CatalogueEntry.objects.filter(certificate=_certificate()), "a catalogue entry")
    return str(entry.get_absolute_url())


def _own_producer() -> str:
    producer = _first(Producer.objects.filter(users__username="producer"), "the demo producer")
    return str(producer.get_absolute_url())


def _product_add() -> str:
    producer = _first(Producer.objects.filter(users__username="producer"), "the demo producer")
    return reverse("registry:product_add", args=[producer.pk])


def _producer_dossier(*statuses: str) -> Callable[[], str]:
    def url() -> str:
        dossiers = Dossier.objects.filter(
            product__producer__users__username="producer", status__in=statuses
        )
        return str(_first(dossiers.order_by("-pk"), f"a {statuses[0]} dossier").get_absolute_url())

    return url


def _dossier_to_check() -> str:
    dossiers = Dossier.objects.filter(
        status__in=[DossierStatus.SUBMITTED, DossierStatus.RESUBMITTED],
        product__producer__commune__officers__username="officer",
    )
    return str(_first(dossiers.order_by("-pk"), "a submitted dossier").get_absolute_url())


def _dossier_to_score() -> str:
    dossiers = Dossier.objects.filter(
        status=DossierStatus.ACCEPTED, council__members__user__username="member"
    ).exclude(Q(sheets__member__username="member", sheets__status="submitted"))
    return reverse("evaluation:score", args=[_first(dossiers.order_by("pk"), "a dossier").pk])


def _council() -> str:
    seat = _first(
        CouncilMember.objects.filter(
            user__username="secretary",
            role=CouncilRole.SECRETARY,
            council__round__status=RoundStatus.SCORING,
        ).select_related("council"),
        "a council in scoring",
    )
    return str(seat.council.get_absolute_url())


def _office_certificate() -> str:
    return str(_certificate().get_absolute_url())


def _showroom() -> Showroom:
    return _first(Showroom.objects.filter(operators__username="operator").order_by("pk"), "a room")


def _declare_no_conflict(page: Any) -> None:
    """On a scoring page: declare no conflict of interest, so the sheet itself shows."""
    if page.locator("input[name=has_conflict][value=no]").count():
        page.check("input[name=has_conflict][value=no]")
        page.click("form[action$='/conflict/'] button.primary")
        page.wait_for_selector("#sheet")


SHOTS: list[Shot] = [
    # visitors and shoppers
    Shot("public-catalogue", None, _url("catalogue:products")),
    Shot("public-product", None, _catalogue_product),
    Shot("public-verify", None, _verify, width=375),
    Shot("public-verify-form", None, _url("catalogue:verify_form")),
    Shot("public-open-data", None, _url("catalogue:open_data")),
    Shot("public-fairs", None, _url("market:fairs")),
    Shot("help-index", None, _url("help:index")),
    # producer
    Shot("producer-home", "producer", _url("home")),
    Shot("producer-record", "producer", _own_producer),
    Shot("producer-product-form", "producer", _product_add),
    Shot("producer-dossier-start", "producer", _url("evaluation:dossier_add")),
    Shot("producer-dossier", "producer", _producer_dossier(DossierStatus.DRAFT)),
    Shot(
        "producer-dossier-upload",
        "producer",
        _producer_dossier(DossierStatus.DRAFT),
        focus="form[enctype='multipart/form-data']",
    ),
    Shot("producer-dossier-submitted", "producer", _producer_dossier(DossierStatus.SUBMITTED)),
    Shot("producer-certificates", "producer", _url("certification:certificates")),
    Shot("api-tokens", "producer", _url("exchange:tokens")),
    # commune officer
    Shot("officer-home", "officer", _url("home")),
    Shot("officer-producer-form", "officer", _url("registry:producer_add")),
    Shot(
        "officer-dossiers", "officer", lambda: reverse("evaluation:dossiers") + "?status=to_check"
    ),
    Shot("officer-dossier-check", "officer", _dossier_to_check, focus="form[action$='/check/']"),
    # council member and secretary
    Shot("member-sheets", "member", _url("evaluation:sheets")),
    Shot("member-conflict", "member", _dossier_to_score),
    Shot("member-score", "member", _dossier_to_score, steps=_declare_no_conflict),
    Shot("secretary-council", "secretary", _council, focus="section.panel:has(table.grid)"),
    Shot("secretary-decision", "secretary", _url("certification:decision_add")),
    # city office
    Shot("office-home", "office", _url("home")),
    Shot("office-rounds", "office", _url("evaluation:rounds")),
    Shot("office-certificate", "office", _office_certificate),
    Shot("office-reports", "office", _url("reports:dashboard")),
    Shot("office-imports", "office", _url("exchange:imports")),
    # showroom operator
    Shot("operator-showroom", "operator", lambda: str(_showroom().get_absolute_url())),
    Shot(
        "operator-compliance",
        "operator",
        lambda: reverse("market:compliance", args=[_showroom().pk]),
    ),
]
