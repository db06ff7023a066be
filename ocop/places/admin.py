from django.contrib import admin

from ocop.audit.admin import AuditedAdminMixin
from ocop.places.models import Commune, LegacyDistrict, Province


@admin.register(Province)
class ProvinceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "codename"]


@admin.register(Commune)
class CommuneAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "province"]
    list_filter = ["province"]
    search_fields = ["name", "name_folded", "codename"]


@admin.register(LegacyDistrict)
class LegacyDistrictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "legacy_province_name", "province"]
    list_filter = ["province"]
    search_fields = ["name", "name_folded"]
    filter_horizontal = ["successor_communes"]
