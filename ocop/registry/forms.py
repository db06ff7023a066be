from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop.places.models import Commune, Province
from ocop.registry.models import Producer, Product, ProductCategory


class PlaceFieldsMixin(forms.Form):
    """A province picker that narrows the commune list (reloaded by HTMX when it changes)."""

    province = forms.ModelChoiceField(
        queryset=Province.objects.all(), label=_("Province"), required=True
    )

    def setup_place(self, commune: Commune | None) -> None:
        data_province = self.data.get(self.add_prefix("province")) if self.is_bound else None
        province_code = data_province or (
            commune.province_id if commune else settings.OCOP_PROVINCE
        )
        self.fields["province"].initial = province_code
        try:
            communes = Commune.objects.filter(province_id=int(province_code))
        except (TypeError, ValueError):
            communes = Commune.objects.none()
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class ProducerForm(PlaceFieldsMixin, forms.ModelForm):
    class Meta:
        model = Producer
        fields = [
            "kind",
            "name",
            "tax_code",
            "business_registration_no",
            "province",
            "commune",
            "village",
            "address",
            "legacy_district",
            "representative",
            "phone",
            "email",
            "women_led",
            "ethnic_minority_led",
            "workers",
            "founded_year",
        ]
        # The rules the validators apply, said next to the fields (tax code: on the model).
        help_texts = {
            "phone": _("8 to 20 digits; spaces, dots, dashes, brackets and a leading + are fine."),
            "founded_year": _("A year between 1800 and 2100."),
            "commune": _("Communes and wards since July 2025; choose the province first."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_place(self.instance.commune if self.instance.commune_id else None)
        self.fields["legacy_district"].queryset = self.fields[  # type: ignore[attr-defined]
            "legacy_district"
        ].queryset.filter(province_id=settings.OCOP_PROVINCE)

    def clean_tax_code(self) -> str | None:
        # Spreadsheets drop leading zeros and add spaces; store the canonical form or nothing.
        value = (self.cleaned_data.get("tax_code") or "").replace(" ", "")
        return value or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("tax_code") and not data.get("business_registration_no"):
            self.add_error(
                "tax_code", _("Enter a tax code, or a business registration number for households.")
            )
        commune, province = data.get("commune"), data.get("province")
        if commune and province and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the chosen province."))
        return data


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "name_en",
            "category",
            "description",
            "story",
            "unit",
            "reference_price",
            "raw_material_origin",
            "province_of_origin",
        ]
        help_texts = {
            "reference_price": _("Whole đồng, digits only (e.g. 250000)."),
            "name": _("The name printed on the label. No HTML."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = (  # type: ignore[attr-defined]
            ProductCategory.objects.filter(taxonomy__valid_until__isnull=True)
            .select_related("parent", "taxonomy")
            .order_by("code")
        )
        if not self.instance.pk:
            self.fields["province_of_origin"].initial = settings.OCOP_PROVINCE


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("JPEG, PNG or WebP, at most %(mb)s MB.") % {
            "mb": settings.OCOP_MAX_PHOTO_BYTES // 1_048_576
        }
