from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.market.models import (
    Fair,
    Listing,
    ProducerChannel,
    RegistrationStatus,
    Retailer,
    RetailerKind,
    Showroom,
    ShowroomStatus,
)
from ocop.places.models import Commune, LegacyDistrict
from ocop.registry.models import Product

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ShowroomForm(forms.ModelForm):
    """The showroom record. Operators edit their own showroom's details; only the office
    chooses its operator accounts and, when registering it, its current status."""

    status = forms.ChoiceField(label=_("Status"), choices=ShowroomStatus.choices, required=False)

    class Meta:
        model = Showroom
        fields = [
            "name",
            "kind",
            "address",
            "commune",
            "legacy_district",
            "operator_name",
            "operators",
            "host_retailer",
            "area_m2",
            "opened_on",
            "closed_on",
            "phone",
            "email",
            "opening_hours",
            "latitude",
            "longitude",
        ]
        widgets = {"opened_on": DATE, "closed_on": DATE, "operators": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, office: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = settings.OCOP_PROVINCE
        self.fields["commune"].queryset = Commune.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        )
        self.fields["legacy_district"].queryset = LegacyDistrict.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        )
        self.fields["operators"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.OPERATOR, is_active=True
        ).order_by("username")
        if not office:
            del self.fields["operators"]
        if self.instance.pk or not office:
            del self.fields["status"]
        else:
            self.fields["status"].initial = ShowroomStatus.PLANNED
            self.order_fields(["name", "kind", "status"])

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or ShowroomStatus.PLANNED

    def apply(self) -> Showroom:
        """The instance with the cleaned values (status only when registering)."""
        if "status" in self.cleaned_data:
            self.instance.status = self.cleaned_data["status"]
        return self.instance


class ShowroomStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ShowroomStatus.choices)
    on = forms.DateField(label=_("On"), widget=DATE, initial=timezone.localdate)


class ListingForm(forms.ModelForm):
    shelf_price = forms.IntegerField(label=_("Shelf price (VND)"), required=False)

    class Meta:
        model = Listing
        fields = ["since", "shelf_price", "in_stock", "craft_village"]
        widgets = {"since": DATE}

    def clean_shelf_price(self) -> int | None:
        price = self.cleaned_data.get("shelf_price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("The shelf price cannot be negative."))
        return price


class ProductChoices(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("No product has id %(value)s: it does not exist or was removed."),
        "invalid_pk_value": _("“%(pk)s” is not a product id."),
        "required": _("Choose at least one product."),
    }


class BulkListingForm(forms.Form):
    """Products picked from the search, added with the same date, price and stock."""

    products = ProductChoices(queryset=Product.objects.all(), widget=forms.MultipleHiddenInput)
    since = forms.DateField(label=_("Listed since"), widget=DATE, initial=timezone.localdate)
    shelf_price = forms.IntegerField(label=_("Shelf price (VND)"), required=False)
    in_stock = forms.BooleanField(label=_("In stock"), required=False, initial=True)
    craft_village = forms.BooleanField(label=_("Craft-village goods"), required=False)


class ListingImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX, XLS, ODS or CSV, at most 2 MB; see the columns below."),
    )
    since = forms.DateField(
        label=_("Listed since (when a row has no date)"), widget=DATE, initial=timezone.localdate
    )


class RetailerForm(forms.ModelForm):
    class Meta:
        model = Retailer
        fields = [
            "name",
            "kind",
            "chain",
            "address",
            "commune",
            "website",
            "opened_on",
            "closed_on",
        ]
        widgets = {"opened_on": DATE, "closed_on": DATE}

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(  # type: ignore[attr-defined]
            province_id=settings.OCOP_PROVINCE
        )
        self.fields["chain"].queryset = Retailer.objects.filter(  # type: ignore[attr-defined]
            kind=RetailerKind.CONVENIENCE_CHAIN
        )


class CarriageForm(forms.Form):
    products = ProductChoices(queryset=Product.objects.all(), widget=forms.MultipleHiddenInput)
    since = forms.DateField(label=_("Carried since"), widget=DATE, initial=timezone.localdate)


class ProducerChannelForm(forms.ModelForm):
    class Meta:
        model = ProducerChannel
        fields = ["channel", "since", "until", "note"]
        widgets = {"since": DATE, "until": DATE}


class FairForm(forms.ModelForm):
    class Meta:
        model = Fair
        fields = [
            "name",
            "venue",
            "address",
            "commune",
            "legacy_district",
            "starts_on",
            "ends_on",
            "organiser",
            "region_theme",
            "provinces",
            "booths",
            "description",
            "latitude",
            "longitude",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "provinces": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = settings.OCOP_PROVINCE
        self.fields["commune"].queryset = Commune.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        )
        self.fields["legacy_district"].queryset = LegacyDistrict.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        )


class FairResultsForm(forms.Form):
    reported_sales = forms.IntegerField(label=_("Reported sales (VND)"), required=False)
    visitors = forms.IntegerField(label=_("Visitors"), required=False)
    deals = forms.IntegerField(label=_("Deals signed"), required=False)
    results_note = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)


class FairRegistrationForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Products to exhibit"),
        queryset=Product.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note for the organiser"), required=False, max_length=255)

    def __init__(self, *args: Any, producer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = producer.products.order_by("name")  # type: ignore[attr-defined]


class RegistrationDecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (RegistrationStatus.ACCEPTED, _("Accept")),
            (RegistrationStatus.REJECTED, _("Do not accept")),
            (RegistrationStatus.WITHDRAWN, _("Withdraw")),
        ]
    )
    booth = forms.CharField(label=_("Booth"), required=False, max_length=20)
