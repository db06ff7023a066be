"""A producer's dossier from draft to acceptance: form, evidence, submission, commune check."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Notice, Role, User
from ocop.audit.actions import diff, record, snapshot
from ocop.evaluation.actions.rules import criteria_set_freeze, sheet_for
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.models import (
    DOSSIER_TRANSITIONS,
    Dossier,
    DossierComment,
    DossierKind,
    DossierStatus,
    EvidenceFile,
    Round,
    RoundStatus,
)
from ocop.evaluation.uploads import check_evidence
from ocop.registry.models import Product

FORM_FIELDS = [
    "applicant_name",
    "producer_description",
    "business_plan",
    "description",
    "samples_count",
]


@transaction.atomic
def dossier_move(
    *, actor: Any, dossier: Dossier, to: str, action: str, note: dict[str, Any] | None = None
) -> Dossier:
    """The one place that moves a dossier along DOSSIER_TRANSITIONS and logs the move.

    The workflow actions (submit, return, accept, classify, withdraw, and the recognition
    decision in certification) make their own checks first, then call this.
    """
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    check_move(locked, to)
    before = locked.status
    dossier.status = to
    Dossier.objects.filter(pk=dossier.pk).update(status=to, updated_at=timezone.now())
    record(
        actor=actor,
        action=action,
        obj=dossier,
        before={"status": before},
        after={"status": to, **(note or {})},
    )
    return dossier


def check_move(dossier: Dossier, to: str) -> None:
    if to not in DOSSIER_TRANSITIONS[dossier.status]:
        raise ValidationError(
            {
                "status": _("A dossier cannot go from “%(from)s” to “%(to)s”.")
                % {"from": dossier.get_status_display(), "to": DossierStatus(to).label}
            }
        )


def previous_dossier(product: Product, round: Round) -> Dossier | None:
    """The product's latest decided dossier from an earlier round (what a renewal copies)."""
    return (
        Dossier.objects.filter(product=product, status=DossierStatus.DECIDED)
        .exclude(round=round)
        .order_by("-round__year", "-created_at")
        .first()
    )


@transaction.atomic
def dossier_create(*, actor: Any, round: Round, product: Product, kind: str) -> Dossier:
    """Start a dossier for `product` in an open round; a renewal or upgrade starts as a copy
    of the product's previous dossier (form and evidence), which the producer then updates."""
    if round.status != RoundStatus.OPEN:
        raise ValidationError({"round": _("This round is not open for dossiers.")})
    live = Dossier.objects.filter(round=round, product=product)
    if live.exclude(status=DossierStatus.WITHDRAWN).exists():
        raise ValidationError({"product": _("This product already has a dossier in this round.")})
    dossier = Dossier(
        round=round,
        product=product,
        kind=kind,
        applicant_name=product.producer.name,
        description=product.description,
        criteria_set=sheet_for(product=product, era=round.era),
    )
    previous = None
    if kind in (DossierKind.RENEWAL, DossierKind.UPGRADE):
        previous = previous_dossier(product, round)
        if previous is None:
            raise ValidationError(
                {"kind": _("This product has no earlier decided dossier to renew or upgrade.")}
            )
        dossier.previous = previous
        for name in FORM_FIELDS:
            setattr(dossier, name, getattr(previous, name))
    dossier.full_clean()
    dossier.save()
    if previous is not None:
        EvidenceFile.objects.bulk_create(
            EvidenceFile(
                dossier=dossier,
                item=e.item,
                file=e.file.name,
                original_name=e.original_name,
                sha256=e.sha256,
                size=e.size,
                uploaded_by=e.uploaded_by,
                content_type=e.content_type,
                copied_from=e,
            )
            for e in previous.evidence.all()
        )
    after = snapshot(dossier)
    after["evidence_copied"] = previous.evidence.count() if previous else 0
    record(actor=actor, action="dossier.create", obj=dossier, after=after)
    return dossier


def _editable(dossier: Dossier) -> None:
    if not dossier.producer_may_edit:
        raise ValidationError(
            _("This dossier is “%(status)s”: it can be changed only as a draft or when returned.")
            % {"status": dossier.get_status_display()}
        )


@transaction.atomic
def dossier_update(*, actor: Any, dossier: Dossier) -> Dossier:
    stored = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _editable(stored)
    dossier.full_clean()
    before, after = diff(snapshot(stored, FORM_FIELDS), snapshot(dossier, FORM_FIELDS))
    dossier.save(update_fields=[*FORM_FIELDS, "updated_at"])
    if after:
        record(actor=actor, action="dossier.update", obj=dossier, before=before, after=after)
    return dossier


@transaction.atomic
def evidence_add(*, actor: Any, dossier: Dossier, item: str, upload: Any) -> EvidenceFile:
    """Store an evidence file after checking its content; its SHA-256 and size are kept."""
    _editable(Dossier.objects.select_for_update().get(pk=dossier.pk))
    items = {i.code for i in checklist_for(dossier.product.category.group.code)}
    if item not in items:
        raise ValidationError({"item": _("Choose an item of this dossier's checklist.")})
    checked = check_evidence(upload)
    evidence = EvidenceFile(
        dossier=dossier,
        item=item,
        original_name=str(upload.name)[:255],
        sha256=checked.sha256,
        size=checked.size,
        uploaded_by=actor,
        content_type=checked.content_type,
    )
    evidence.file.save(f"{checked.name}.{checked.extension}", upload, save=False)
    evidence.save()
    record(
        actor=actor,
        action="dossier.evidence_add",
        obj=dossier,
        after={"item": item, "file": evidence.original_name, "sha256": evidence.sha256},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: EvidenceFile) -> None:
    """Remove a file from a dossier; the stored file stays while another dossier uses it."""
    _editable(Dossier.objects.select_for_update().get(pk=evidence.dossier_id))
    storage, name = evidence.file.storage, evidence.file.name
    record(
        actor=actor,
        action="dossier.evidence_remove",
        obj=evidence.dossier,
        before={"item": evidence.item, "file": evidence.original_name, "sha256": evidence.sha256},
    )
    evidence.delete()
    if not EvidenceFile.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


def missing_items(dossier: Dossier) -> list[str]:
    """Labels of the required checklist items without any file."""
    present = set(dossier.evidence.values_list("item", flat=True))
    return [
        str(i.label)
        for i in checklist_for(dossier.product.category.group.code)
        if i.required and i.code not in present
    ]


@transaction.atomic
def dossier_submit(*, actor: Any, dossier: Dossier) -> Dossier:
    """Send a draft (or a returned dossier) to the commune officer."""
    to = DossierStatus.RESUBMITTED if dossier.status == DossierStatus.RETURNED else None
    if to is None:
        if dossier.round.status != RoundStatus.OPEN:
            raise ValidationError({"round": _("The round is closed to new dossiers.")})
        to = DossierStatus.SUBMITTED
    check_move(dossier, to)
    if not dossier.applicant_name.strip():
        raise ValidationError({"applicant_name": _("Fill in the applicant's name.")})
    missing = missing_items(dossier)
    if missing:
        raise ValidationError(
            _("Upload the required evidence first: %(items)s.") % {"items": ", ".join(missing)}
        )
    dossier.submitted_at = timezone.now()
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=dossier.submitted_at)
    dossier_move(actor=actor, dossier=dossier, to=to, action="dossier.submit")
    officers = User.objects.filter(role=Role.OFFICER, communes=dossier.product.producer.commune_id)
    _notify(officers, _("Dossier to check: %(d)s") % {"d": dossier}, dossier)
    return dossier


@transaction.atomic
def dossier_return(*, actor: Any, dossier: Dossier, comment: str) -> Dossier:
    """The commune officer sends a dossier back to its producer with what to change."""
    check_move(dossier, DossierStatus.RETURNED)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the producer must change.")})
    dossier_move(actor=actor, dossier=dossier, to=DossierStatus.RETURNED, action="dossier.return")
    DossierComment.objects.create(dossier=dossier, author=actor, text=comment.strip())
    producers = User.objects.filter(producer=dossier.product.producer_id)
    _notify(producers, _("Dossier returned for changes: %(d)s") % {"d": dossier}, dossier)
    return dossier


@transaction.atomic
def dossier_accept(*, actor: Any, dossier: Dossier, comment: str = "") -> Dossier:
    """The commune officer accepts a complete dossier for scoring; its sheet is frozen."""
    check_move(dossier, DossierStatus.ACCEPTED)
    criteria_set = dossier.criteria_set or sheet_for(product=dossier.product, era=dossier.round.era)
    if criteria_set is None or not criteria_set.can_be_scored:
        raise ValidationError(
            _(
                "No scoring sheet is recorded for this product group in this era, "
                "so it cannot be scored."
            )
        )
    missing = missing_items(dossier)
    if missing:
        raise ValidationError(
            _("Required evidence is missing: %(items)s.") % {"items": ", ".join(missing)}
        )
    dossier_move(actor=actor, dossier=dossier, to=DossierStatus.ACCEPTED, action="dossier.accept")
    councils = list(dossier.round.councils.all()[:2])
    dossier.criteria_set = criteria_set
    dossier.council = councils[0] if len(councils) == 1 else dossier.council
    Dossier.objects.filter(pk=dossier.pk).update(criteria_set=criteria_set, council=dossier.council)
    criteria_set_freeze(actor=actor, criteria_set=criteria_set)
    if comment.strip():
        DossierComment.objects.create(dossier=dossier, author=actor, text=comment.strip())
    return dossier


@transaction.atomic
def dossier_withdraw(*, actor: Any, dossier: Dossier, reason: str = "") -> Dossier:
    return dossier_move(
        actor=actor,
        dossier=dossier,
        to=DossierStatus.WITHDRAWN,
        action="dossier.withdraw",
        note={"reason": reason.strip()},
    )


@transaction.atomic
def dossier_assign_council(*, actor: Any, dossier: Dossier, council: Any) -> Dossier:
    """Give an accepted dossier to one of its round's councils, before anyone scores it."""
    if council.round_id != dossier.round_id:
        raise ValidationError({"council": _("Choose a council of this dossier's round.")})
    if dossier.status != DossierStatus.ACCEPTED or dossier.sheets.exists():
        raise ValidationError(
            {"council": _("Only an accepted dossier that nobody has scored can change council.")}
        )
    before = dossier.council_id
    dossier.council = council
    dossier.save(update_fields=["council", "updated_at"])
    record(
        actor=actor,
        action="dossier.assign_council",
        obj=dossier,
        before={"council": before},
        after={"council": council.pk},
    )
    return dossier


def _notify(users: Any, title: str, dossier: Dossier) -> None:
    url = reverse("evaluation:dossier", args=[dossier.pk])
    Notice.objects.bulk_create(Notice(user=u, title=title[:200], url=url) for u in users)
