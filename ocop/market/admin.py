from django.contrib import admin

from ocop.audit.admin import AuditedAdminMixin
from ocop.market.models import (
    Carriage,
    Fair,
    FairRegistration,
    Listing,
    ProducerChannel,
    Retailer,
    Showroom,
    ShowroomPhoto,
)


class ShowroomPhotoInline(admin.TabularInline):
    model = ShowroomPhoto
    extra = 0


@admin.register(Showroom)
class ShowroomAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "status", "commune", "operator_name", "opened_on", "is_sample"]
    list_filter = ["kind", "status", "is_sample"]
    search_fields = ["name", "name_folded", "address", "operator_name"]
    autocomplete_fields = ["commune", "legacy_district"]
    filter_horizontal = ["operators"]
    readonly_fields = ["status"]
    inlines = [ShowroomPhotoInline]


@admin.register(Listing)
class ListingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["product", "showroom", "since", "shelf_price", "in_stock", "craft_village"]
    list_filter = ["in_stock", "craft_village"]
    search_fields = ["product__name", "showroom__name"]
    raw_id_fields = ["product", "showroom"]
    list_select_related = ["product", "showroom"]


@admin.register(Retailer)
class RetailerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "chain", "commune", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "name_folded"]
    autocomplete_fields = ["commune"]


@admin.register(Carriage)
class CarriageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["retailer", "producer", "product", "since", "until"]
    list_filter = ["retailer__kind"]
    search_fields = ["retailer__name", "producer__name", "product__name"]
    raw_id_fields = ["producer", "product"]


@admin.register(ProducerChannel)
class ProducerChannelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["producer", "channel", "since", "until"]
    list_filter = ["channel"]
    search_fields = ["producer__name"]
    raw_id_fields = ["producer"]


class FairRegistrationInline(admin.TabularInline):
    model = FairRegistration
    extra = 0
    raw_id_fields = ["producer"]
    filter_horizontal = ["products"]
    readonly_fields = ["status"]


@admin.register(Fair)
class FairAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "venue", "organiser", "is_sample"]
    list_filter = ["region_theme", "is_sample"]
    search_fields = ["name", "venue", "organiser"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["provinces"]
    inlines = [FairRegistrationInline]
