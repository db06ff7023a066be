"""Yearly evaluation rounds and the councils appointed for them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RoundLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune (preliminary)")
    DISTRICT = "district", _("District (before July 2025)")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for dossiers")
    CLOSED = "closed", _("Closed to new dossiers")
    SCORING = "scoring", _("Scoring")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")


# The allowed status changes of a round; anything else is refused.
ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: {RoundStatus.OPEN, RoundStatus.SCORING},
    RoundStatus.SCORING: {RoundStatus.DECIDED},
    RoundStatus.DECIDED: {RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: set(),
}


class Round(models.Model):
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=20, choices=RoundLevel.choices)
    era = models.ForeignKey(
        "evaluation.Era",
        verbose_name=_("rules era"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    province = models.ForeignKey(
        "places.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:round", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in ROUND_TRANSITIONS[self.status]


class Council(models.Model):
    """An evaluation council (hội đồng đánh giá), appointed by decision for one round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="councils"
    )
    name = models.CharField(_("name"), max_length=200)
    decision_ref = models.CharField(_("appointing decision"), max_length=120)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=5,
        help_text=_("Submitted scoring sheets needed before a result counts."),
    )

    class Meta:
        ordering = ["round", "name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:council", args=[self.pk])


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


# The chair and the members score; the secretary runs the council and does not score.
SCORING_ROLES = (CouncilRole.CHAIR, CouncilRole.MEMBER)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    role = models.CharField(_("role"), max_length=20, choices=CouncilRole.choices)

    class Meta:
        unique_together = [("council", "user")]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
