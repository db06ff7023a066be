"""Decisions and certificates are shown read-only here: they change only through the actions
(recording a decision, suspending, revoking, correcting), which validate and write the audit
log. A correction is a new certificate, never an edit."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ocop.certification.models import (
    Certificate,
    CodeSequence,
    Decision,
    ExpiryNotice,
    Inspection,
    Suspension,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuspensionInline(admin.TabularInline):
    model = Suspension
    extra = 0
    can_delete = False
    fields = ("starts_on", "ends_on", "decision_ref", "reason", "reinstate_decision_ref")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "signer", "round", "era", "is_sample"]
    list_filter = ["era", "is_sample"]
    search_fields = ["number", "signer"]
    date_hierarchy = "date"


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "product", "stars", "potential_five", "issued_on", "expires_on"]
    list_filter = ["stars", "potential_five", "decision__era", "is_sample"]
    search_fields = ["code", "product__name", "product__producer__name"]
    date_hierarchy = "issued_on"
    inlines = [SuspensionInline]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "date", "inspector", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["certificate__code", "inspector"]


@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "days_before", "sent_at"]


@admin.register(CodeSequence)
class CodeSequenceAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "year", "last"]
