"""Scoring sheets in use: which sheet a product is scored on, freezing, and new versions."""

from typing import Any

from django.db import transaction
from django.db.models import Max

from ocop.audit.actions import record
from ocop.evaluation.models import CriteriaSet, Criterion, Era, Level, Part
from ocop.registry.models import Product

# Best first: a transcribed official sheet, then a checked transcription, then the sample.
STATUS_RANK: dict[str, int] = {
    CriteriaSet.Status.OFFICIAL: 0,
    CriteriaSet.Status.PARTIAL: 1,
    CriteriaSet.Status.SAMPLE: 2,
}


def sheet_for(*, product: Product, era: Era) -> CriteriaSet | None:
    """The scoring sheet for `product` in a round of `era`, or None when none is recorded.

    Candidates are the scorable sets linked to the product's category or one of its groups,
    from this era or an earlier one that is still in force (1489/2025 keeps the 148/2023
    sheets). Preferred: the latest era, then the best status, then the closest category, then
    the highest version.
    """
    lineage: list[int] = []
    category: Any = product.category
    while category is not None:
        lineage.append(category.pk)
        category = category.parent
    candidates = (
        CriteriaSet.objects.filter(categories__in=lineage, era__valid_from__lte=era.valid_from)
        .filter(status__in=list(STATUS_RANK))
        .select_related("era")
        .prefetch_related("categories")
        .distinct()
    )

    def rank(s: CriteriaSet) -> tuple[Any, ...]:
        closest = min(lineage.index(c.pk) for c in s.categories.all() if c.pk in lineage)
        return (-s.era.valid_from.toordinal(), STATUS_RANK[s.status], closest, -s.version)

    return min(candidates, key=rank, default=None)


@transaction.atomic
def criteria_set_freeze(*, actor: Any, criteria_set: CriteriaSet) -> None:
    """Freeze a sheet once a round uses it, so the scores given on it keep their meaning."""
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.frozen:
        return
    locked.frozen = criteria_set.frozen = True
    locked.save(update_fields=["frozen"])
    record(
        actor=actor,
        action="criteria_set.freeze",
        obj=locked,
        before={"frozen": False},
        after={"frozen": True},
    )


@transaction.atomic
def criteria_set_new_version(*, actor: Any, criteria_set: CriteriaSet) -> CriteriaSet:
    """An editable copy (version + 1) of a sheet, with its parts, criteria and levels."""
    top = CriteriaSet.objects.filter(code=criteria_set.code).aggregate(v=Max("version"))["v"]
    copy = CriteriaSet.objects.create(
        code=criteria_set.code,
        version=(top or 0) + 1,
        era=criteria_set.era,
        name_vi=criteria_set.name_vi,
        name_en=criteria_set.name_en,
        status=criteria_set.status,
        source=criteria_set.source,
        source_url=criteria_set.source_url,
        notes=criteria_set.notes,
    )
    copy.categories.set(criteria_set.categories.all())
    parts = {}
    for part in criteria_set.parts.all():
        parts[part.pk] = Part.objects.create(
            criteria_set=copy,
            code=part.code,
            name_vi=part.name_vi,
            name_en=part.name_en,
            max_points=part.max_points,
        )
    levels = []
    for criterion in criteria_set.criteria.prefetch_related("levels"):
        old_levels = list(criterion.levels.all())
        criterion.pk = None
        criterion.criteria_set = copy
        criterion.part = parts[criterion.part_id]
        criterion.save()
        for level in old_levels:
            level.pk = None
            level.criterion = criterion
            levels.append(level)
    Level.objects.bulk_create(levels)
    record(
        actor=actor,
        action="criteria_set.new_version",
        obj=copy,
        before={"copied_from": criteria_set.pk, "version": criteria_set.version},
        after={"version": copy.version},
    )
    return copy


def scoring_criteria(criteria_set: CriteriaSet) -> list[Criterion]:
    """The criteria of a sheet with their part and levels, in sheet order (two queries)."""
    return list(
        criteria_set.criteria.select_related("part").prefetch_related("levels").order_by("position")
    )
