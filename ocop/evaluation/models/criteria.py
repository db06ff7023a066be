"""The rules as data: eras (which decision is in force and who certifies what) and versioned
criteria sets (parts, criteria, levels with fixed points)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.evaluation.models.rounds import RoundLevel


class Era(models.Model):
    """A set of program rules in force between two dates (e.g. Decision 148/2023).

    `certifying_levels` maps a star class to the round level whose council certifies it, e.g.
    {"3": "province", "4": "province", "5": "national"}; `preliminary_level` is the level that
    screens dossiers first ("district" under 1048/2019, "commune" from July 2025, or "").
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    decision = models.CharField(_("decision"), max_length=120)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    taxonomy = models.ForeignKey(
        "registry.Taxonomy", verbose_name=_("product taxonomy"), on_delete=models.PROTECT
    )
    certifying_levels = models.JSONField(_("who certifies each star class"), default=dict)
    preliminary_level = models.CharField(_("preliminary screening"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("rules era")
        verbose_name_plural = _("rules eras")

    def __str__(self) -> str:
        return self.name

    def certifier_of(self, stars: int) -> str:
        """The round level whose council certifies `stars` in this era ("" when none does)."""
        return str(self.certifying_levels.get(str(stars), ""))

    def certifiers(self) -> list[tuple[int, str]]:
        """(star class, who certifies it) in star order, each level named as the interface
        names round levels (the data holds codes such as "province")."""
        labels = dict(RoundLevel.choices)
        return sorted(
            (int(stars), str(labels.get(level, level)))
            for stars, level in self.certifying_levels.items()
        )


class CriteriaSet(models.Model):
    """One scoring sheet (phiếu chấm điểm) for some product sub-groups, in one era.

    Frozen once used in a round: a change then makes a new version with the same code.
    """

    class Status(models.TextChoices):
        OFFICIAL = "official", _("Official")
        PARTIAL = "partial", _("Partial")
        NOT_FOUND = "not_found", _("Not yet recorded")
        SAMPLE = "sample", _("Illustrative sample (not official)")

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    era = models.ForeignKey(
        Era, verbose_name=_("era"), on_delete=models.PROTECT, related_name="criteria_sets"
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    categories = models.ManyToManyField(
        "registry.ProductCategory",
        verbose_name=_("product groups"),
        blank=True,
        related_name="criteria_sets",
    )
    source = models.TextField(_("source"), blank=True)
    source_url = models.URLField(_("source address"), blank=True, max_length=500)
    notes = models.TextField(_("notes"), blank=True)
    frozen = models.BooleanField(
        _("frozen"),
        default=False,
        help_text=_("Set once the sheet is used in a round; a change then makes a new version."),
    )
    fingerprint = models.CharField(
        _("content fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the parts, criteria and levels as loaded from the data file."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        unique_together = [("code", "version")]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return f"{self.name_vi} (v{self.version})"

    @property
    def can_be_scored(self) -> bool:
        """Only a recorded sheet can be scored: never a `not_found` placeholder."""
        return self.status != self.Status.NOT_FOUND

    def points_problems(self) -> list[str]:
        """Why the points do not add up (parts to 100, criteria to their part, levels to their
        criterion); empty when they do. Placeholders without criteria only check the parts."""
        problems: list[str] = []
        parts = list(self.parts.all())
        criteria = list(self.criteria.prefetch_related("levels"))
        total = sum((p.max_points for p in parts), ZERO)
        if total != 100:
            problems.append(f"parts add up to {total}, not 100")
        if not criteria:
            return problems
        for part in parts:
            summed = sum(
                (c.max_points for c in criteria if c.part_id == part.pk and not c.bonus), ZERO
            )
            if summed != part.max_points:
                problems.append(
                    f"part {part.code}: criteria add up to {summed}, not {part.max_points}"
                )
        for criterion in criteria:
            top = max((level.points for level in criterion.levels.all()), default=None)
            if top != criterion.max_points:
                expected = criterion.max_points
                problems.append(f"criterion {criterion.code}: highest level {top}, not {expected}")
        return problems


class Part(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("code"), max_length=5)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["criteria_set", "code"]
        unique_together = [("criteria_set", "code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    section = models.CharField(_("section"), max_length=255, blank=True)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    knockout = models.BooleanField(_("knock-out"), default=False)
    zero_stops = models.BooleanField(_("zero points stops the evaluation"), default=False)
    bonus = models.BooleanField(_("bonus"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criteria_set", "position"]
        unique_together = [("criteria_set", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label_vi}"


class Level(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    text_vi = models.TextField(_("description (Vietnamese)"))
    text_en = models.TextField(_("description (English)"), blank=True)
    knockout = models.BooleanField(_("knock-out"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criterion", "position"]

    def __str__(self) -> str:
        return f"{self.points}: {self.text_vi[:60]}"


ZERO = Decimal("0.00")
