"""Admin for the rules as data (eras, scoring sheets) and read-mostly views of the workflow.

A frozen scoring sheet (used in a round) is read-only here: the "new version" action makes
an editable copy with version + 1, so scores already given keep the sheet they were given on.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ocop.audit.admin import AuditedAdminMixin
from ocop.evaluation import actions
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Dossier,
    Era,
    EvidenceFile,
    Level,
    Part,
    Round,
    ScoreSheet,
)


def _frozen(obj: Any) -> bool:
    criteria_set = getattr(obj, "criteria_set", obj)
    return bool(criteria_set and getattr(criteria_set, "frozen", False))


class FrozenInlineMixin:
    """Inlines of a frozen sheet can be read, not changed."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


@admin.register(Era)
class EraAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_until", "taxonomy", "preliminary_level"]


class PartInline(FrozenInlineMixin, admin.TabularInline):
    model = Part
    extra = 0


class CriterionInline(FrozenInlineMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = [
        "position",
        "code",
        "part",
        "label_vi",
        "max_points",
        "knockout",
        "zero_stops",
        "bonus",
    ]
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "version", "era", "status", "frozen", "points_check"]
    list_filter = ["era", "status", "frozen"]
    search_fields = ["code", "name_vi", "name_en"]
    filter_horizontal = ["categories"]
    inlines = [PartInline, CriterionInline]
    actions = ["new_version"]

    @admin.display(description=_("points add up"))
    def points_check(self, obj: CriteriaSet) -> str:
        problems = obj.points_problems()
        return "✓" if not problems else "; ".join(problems)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.frozen:
            return [f.name for f in obj._meta.fields] + ["categories"]
        return ["frozen", "fingerprint"]

    @admin.action(description=_("Make an editable new version (version + 1)"))
    def new_version(self, request: HttpRequest, queryset: QuerySet[CriteriaSet]) -> None:
        for criteria_set in queryset:
            copy = actions.criteria_set_new_version(actor=request.user, criteria_set=criteria_set)
            self.message_user(request, _("Created %(s)s.") % {"s": copy}, level=messages.SUCCESS)


class LevelInline(FrozenInlineMixin, admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "label_vi", "criteria_set", "max_points", "knockout", "zero_stops"]
    list_filter = ["criteria_set"]
    inlines = [LevelInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Round)
class RoundAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "year", "level", "era", "status", "is_sample"]
    list_filter = ["status", "level", "era", "is_sample"]
    readonly_fields = ["status"]


@admin.register(Council)
class CouncilAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "round", "decision_ref", "quorum"]
    list_filter = ["round__year"]
    inlines = [CouncilMemberInline]


class EvidenceInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = readonly_fields = (
        "item",
        "original_name",
        "sha256",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Read-only: dossiers change only through the workflow screens (and their audit events)."""

    list_display = ["product", "round", "status", "final_score", "star_class", "outcome"]
    list_filter = ["status", "outcome", "round__year", "is_sample"]
    search_fields = ["product__name", "product__producer__name"]
    list_select_related = ["product", "round"]
    inlines = [EvidenceInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["dossier", "member", "status", "total"]
    list_filter = ["status"]
    list_select_related = ["dossier__product", "member"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
