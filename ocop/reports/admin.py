from django.contrib import admin

from ocop.audit.admin import AuditedAdminMixin
from ocop.reports.models import Plan, ProducerReport, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["position", "label", "indicator", "comparison", "value", "scope"]


@admin.register(Plan)
class PlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "province", "is_sample"]
    inlines = [TargetInline]


@admin.register(ProducerReport)
class ProducerReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["producer", "year", "workers", "revenue", "jobs_created", "is_sample"]
    list_filter = ["year", "is_sample"]
    search_fields = ["producer__name", "producer__tax_code"]
    autocomplete_fields = ["producer"]
