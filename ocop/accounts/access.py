"""Who may do what, in one place.

`PERMISSIONS` says which roles may perform an action at all; `in_scope` says whether a user
may act on one particular record (own commune, own producer, own showroom, own council).
Views call `require`; list pages filter with the `scope_*` functions.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from ocop.accounts.models import Role

if TYPE_CHECKING:
    from ocop.certification.models import CertificateQuerySet
    from ocop.market.models.showrooms import ShowroomQuerySet
    from ocop.registry.models import ProducerQuerySet, ProductQuerySet

OFFICE, SECRETARY, MEMBER = Role.OFFICE, Role.SECRETARY, Role.MEMBER
OFFICER, PRODUCER, OPERATOR = Role.OFFICER, Role.PRODUCER, Role.OPERATOR

PERMISSIONS: dict[str, frozenset[str]] = {
    "registry.view": frozenset({OFFICE, SECRETARY, OFFICER, PRODUCER}),
    "registry.add_producer": frozenset({OFFICE, OFFICER}),
    "registry.change_producer": frozenset({OFFICE, OFFICER, PRODUCER}),
    "registry.delete_producer": frozenset({OFFICE}),
    "registry.add_product": frozenset({OFFICE, OFFICER, PRODUCER}),
    "registry.change_product": frozenset({OFFICE, OFFICER, PRODUCER}),
    "registry.delete_product": frozenset({OFFICE, OFFICER}),
    # evaluation: scoped to own products, own communes, own councils (see _in_evaluation_scope).
    "evaluation.view": frozenset({OFFICE, SECRETARY, MEMBER, OFFICER, PRODUCER}),
    "evaluation.add_dossier": frozenset({OFFICE, PRODUCER}),
    "evaluation.change_dossier": frozenset({OFFICE, PRODUCER}),
    "evaluation.check_dossier": frozenset({OFFICE, OFFICER}),
    "evaluation.score": frozenset({SECRETARY, MEMBER}),
    "evaluation.run_council": frozenset({OFFICE, SECRETARY}),
    "evaluation.manage_rounds": frozenset({OFFICE}),
    "audit.view": frozenset({OFFICE}),
    "certification.view": frozenset({OFFICE, SECRETARY, OFFICER, PRODUCER}),
    "certification.issue": frozenset({OFFICE, SECRETARY}),
    "certification.suspend": frozenset({OFFICE}),
    "certification.correct": frozenset({OFFICE}),
    "certification.inspect": frozenset({OFFICE, OFFICER}),
    "exchange.import": frozenset({OFFICE}),
    "exchange.export": frozenset({OFFICE, SECRETARY, OFFICER, PRODUCER, OPERATOR}),
    "exchange.api_tokens": frozenset({OFFICE, SECRETARY, MEMBER, OFFICER, PRODUCER, OPERATOR}),
    "accounts.manage_users": frozenset({OFFICE}),
    # Optional two-factor sign-in: for the office and council roles (see ocop.security).
    "security.two_factor": frozenset({OFFICE, SECRETARY, MEMBER}),
    # market: operators act only on their own showrooms, officers see their communes' ones.
    "market.view_showrooms": frozenset({OFFICE, SECRETARY, OFFICER, OPERATOR}),
    "market.add_showroom": frozenset({OFFICE}),
    "market.change_showroom": frozenset({OFFICE, OPERATOR}),
    "market.manage_listings": frozenset({OFFICE, OPERATOR}),
    "market.run_audit": frozenset({OFFICE}),
    "market.view_channels": frozenset({OFFICE, SECRETARY, OFFICER}),
    "market.manage_retailers": frozenset({OFFICE}),
    "market.manage_producer_channels": frozenset({OFFICE, OFFICER, PRODUCER}),
    "market.manage_fairs": frozenset({OFFICE}),
    "market.register_for_fair": frozenset({PRODUCER}),
    # reports: officers see their own communes' figures (see the Commune case in in_scope).
    "reports.view": frozenset({OFFICE, OFFICER}),
    "reports.manage_plans": frozenset({OFFICE}),
    "reports.view_producer_reports": frozenset({OFFICE, OFFICER, PRODUCER}),
    "reports.change_producer_report": frozenset({OFFICE, OFFICER, PRODUCER}),
}

# Roles that see every record of the registry rather than a scoped part of it.
SEES_ALL = frozenset({OFFICE, SECRETARY})


def can(user: Any, permission: str, obj: Model | None = None) -> bool:
    """True when `user` holds `permission`, and (given `obj`) `obj` is within their scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.effective_role not in PERMISSIONS[permission]:
        return False
    return obj is None or in_scope(user, obj)


def require(user: Any, permission: str, obj: Model | None = None) -> None:
    if not can(user, permission, obj):
        raise PermissionDenied


def in_scope(user: Any, obj: Model) -> bool:
    """Whether `obj` lies within the part of the data `user` looks after."""
    from ocop.certification.models import Certificate, Inspection, Suspension
    from ocop.places.models import Commune
    from ocop.registry.models import Producer, Product, ProductPhoto

    if obj._meta.app_label == "evaluation":
        return _in_evaluation_scope(user, obj)
    role = user.effective_role
    if role in SEES_ALL:
        return True
    if obj._meta.app_label == "market":
        obj = _market_scope_owner(obj)
        if obj._meta.app_label == "market":
            return _in_showroom_scope(user, obj)
    if isinstance(obj, Suspension | Inspection):
        obj = obj.certificate
    if isinstance(obj, Certificate):
        obj = obj.product
    if isinstance(obj, Commune):
        return role == OFFICER and user.communes.filter(pk=obj.pk).exists()
    if isinstance(obj, ProductPhoto):
        obj = obj.product
    if isinstance(obj, Product):
        obj = obj.producer
    if isinstance(obj, Producer):
        if role == OFFICER:
            return user.communes.filter(pk=obj.commune_id).exists()
        if role == PRODUCER:
            return user.producer_id is not None and user.producer_id == obj.pk
    return False


def _market_scope_owner(obj: Model) -> Model:
    """The record that decides scope for a market record: its showroom or its producer."""
    from ocop.market.models import Listing, ShowroomPhoto

    if isinstance(obj, (Listing, ShowroomPhoto)):
        return obj.showroom
    producer = getattr(obj, "producer", None)
    return producer if producer is not None else obj


def _in_showroom_scope(user: Any, showroom: Model) -> bool:
    from ocop.market.models import Showroom

    if not isinstance(showroom, Showroom):
        return False  # retailers and fairs: office only
    if user.effective_role == OPERATOR:
        return showroom.operators.filter(pk=user.pk).exists()
    if user.effective_role == OFFICER:
        return user.communes.filter(pk=showroom.commune_id).exists()
    return False


def scope_showrooms(user: Any, queryset: "ShowroomQuerySet") -> "ShowroomQuerySet":
    """The showrooms in `queryset` that `user` may see (operators: their own)."""
    role = user.effective_role
    if role in SEES_ALL:
        return queryset
    if role == OPERATOR:
        return queryset.filter(operators=user)
    if role == OFFICER:
        return queryset.filter(commune__in=user.communes.all())
    return queryset.none()


def scope_producers(user: Any, queryset: "ProducerQuerySet") -> "ProducerQuerySet":
    """The producers in `queryset` that `user` may see."""
    role = user.effective_role
    if role in SEES_ALL:
        return queryset
    if role == OFFICER:
        return queryset.filter(commune__in=user.communes.all())
    if role == PRODUCER and user.producer_id:
        return queryset.filter(pk=user.producer_id)
    return queryset.none()


def scope_products(user: Any, queryset: "ProductQuerySet") -> "ProductQuerySet":
    role = user.effective_role
    if role in SEES_ALL:
        return queryset
    if role == OFFICER:
        return queryset.filter(producer__commune__in=user.communes.all())
    if role == PRODUCER and user.producer_id:
        return queryset.filter(producer_id=user.producer_id)
    return queryset.none()


def scope_certificates(user: Any, queryset: "CertificateQuerySet") -> "CertificateQuerySet":
    role = user.effective_role
    if role in SEES_ALL:
        return queryset
    if role == OFFICER:
        return queryset.filter(product__producer__commune__in=user.communes.all())
    if role == PRODUCER and user.producer_id:
        return queryset.filter(product__producer_id=user.producer_id)
    return queryset.none()


def _in_evaluation_scope(user: Any, obj: Model) -> bool:
    """Dossiers: the producer's own, the officer's communes (once submitted), the councils of
    the dossier's round (once accepted). Councils, sheets and knock-outs: their seats."""
    from ocop.evaluation.models import (
        Council,
        CouncilRole,
        Dossier,
        DossierComment,
        EvidenceFile,
        KnockoutReview,
        Round,
        ScoreSheet,
    )

    role = user.effective_role
    if role == OFFICE or isinstance(obj, Round):
        return True
    if isinstance(obj, ScoreSheet):
        if obj.member_id == user.pk:
            return True
        obj = obj.dossier.council or obj.dossier  # a secretary reopens sheets of their council
    if isinstance(obj, KnockoutReview):
        obj = obj.dossier.council or obj.dossier
    if isinstance(obj, Council):
        seats = obj.members.filter(user=user)
        if role == SECRETARY:
            seats = seats.filter(role=CouncilRole.SECRETARY)
        return role in (SECRETARY, MEMBER) and seats.exists()
    if isinstance(obj, EvidenceFile | DossierComment):
        obj = obj.dossier
    if isinstance(obj, Dossier):
        return scope_dossiers(user, Dossier.objects.filter(pk=obj.pk)).exists()
    return False


def scope_dossiers(user: Any, queryset: Any) -> Any:
    """The dossiers in `queryset` that `user` may see (drafts stay with their producer)."""
    from ocop.evaluation.models import DossierStatus

    role = user.effective_role
    if role == OFFICE:
        return queryset
    if role == PRODUCER and user.producer_id:
        return queryset.filter(product__producer_id=user.producer_id)
    if role == OFFICER:
        return queryset.filter(product__producer__commune__in=user.communes.all()).exclude(
            status=DossierStatus.DRAFT
        )
    if role in (SECRETARY, MEMBER):
        return queryset.filter(
            round__councils__members__user=user,
            status__in=[DossierStatus.ACCEPTED, DossierStatus.SCORED, DossierStatus.DECIDED],
        ).distinct()
    return queryset.none()
