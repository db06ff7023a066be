from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from ocop.audit.actions import diff, record, snapshot
from ocop.audit.models import Event


class AuditedAdminMixin:
    """Writes an audit event for every save and delete made through the Django admin."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = snapshot(stored) if stored else {}
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        old, new = diff(before, snapshot(obj))
        verb = "update" if change else "create"
        if new or not change:
            record(
                actor=request.user,
                action=f"admin.{obj._meta.model_name}.{verb}",
                obj=obj,
                before=old,
                after=new,
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        record(
            actor=request.user,
            action=f"admin.{obj._meta.model_name}.delete",
            obj=obj,
            before=snapshot(obj),
        )
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, so the admin can neither add, edit nor delete."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
