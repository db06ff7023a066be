from django.contrib import admin

from ocop.audit.admin import AuditedAdminMixin
from ocop.registry.models import Producer, Product, ProductCategory, ProductPhoto, Taxonomy


class ProductCategoryInline(admin.TabularInline):
    model = ProductCategory
    extra = 0
    fields = ["code", "parent", "name_vi", "name_en"]


@admin.register(Taxonomy)
class TaxonomyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "decision", "valid_from", "valid_until"]
    inlines = [ProductCategoryInline]


@admin.register(ProductCategory)
class ProductCategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "taxonomy"]
    list_filter = ["taxonomy"]
    search_fields = ["name_vi", "name_en", "code"]


@admin.register(Producer)
class ProducerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "tax_code", "commune", "is_sample"]
    list_filter = ["kind", "is_sample", "women_led", "ethnic_minority_led"]
    search_fields = ["name", "name_folded", "tax_code", "business_registration_no"]
    autocomplete_fields = ["commune", "legacy_district"]


class ProductPhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "producer", "category", "province_of_origin", "is_sample"]
    list_filter = ["category__taxonomy", "is_sample", "province_of_origin"]
    search_fields = ["name", "name_folded", "producer__name"]
    autocomplete_fields = ["producer", "category"]
    list_select_related = ["producer", "category"]
