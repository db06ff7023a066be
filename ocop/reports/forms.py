from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.registry.models import Producer
from ocop.reports.indicators import choices
from ocop.reports.models import CHOOSE_INDICATOR, Plan, ProducerReport, Target


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "start_year", "end_year", "province", "source"]


class TargetForm(forms.ModelForm):
    indicator = forms.ChoiceField(
        label=_("Indicator"), error_messages={"required": CHOOSE_INDICATOR}
    )

    class Meta:
        model = Target
        fields = ["indicator", "label", "value", "comparison", "scope", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("— choose an indicator —")), *choices()]  # type: ignore[attr-defined]


class ProducerReportForm(forms.ModelForm):
    class Meta:
        model = ProducerReport
        fields = ["producer", "year", "workers", "revenue", "jobs_created"]

    def __init__(self, *args: Any, producers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = producers if producers is not None else Producer.objects.all()
        self.fields["producer"].queryset = queryset.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["producer"].disabled = True
