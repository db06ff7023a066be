"""One form per input; each view passes the cleaned data to the matching action."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import Inspection
from ocop.evaluation.models import Dossier, DossierStatus, Round


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _today() -> Any:
    return timezone.localdate()


class DecisionForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=Round.objects.select_related("era").order_by("-year", "name"),
    )
    number = forms.CharField(label=_("Decision number"), max_length=80)
    date = forms.DateField(label=_("Decision date"), widget=DateInput(), initial=_today)
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    # Any dossier of the round is accepted here so that the action can say clearly why an
    # unscored one cannot be decided; the page offers only the scored ones.
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers decided"),
        queryset=Dossier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, round: Round | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if round is not None:
            self.fields["dossiers"].queryset = Dossier.objects.filter(round=round)  # type: ignore[attr-defined]

    @staticmethod
    def scored(round: Round | None) -> Any:
        """The dossiers the secretary may choose: scored, with score, class and outcome."""
        if round is None:
            return Dossier.objects.none()
        return (
            Dossier.objects.filter(round=round, status=DossierStatus.SCORED)
            .select_related("product__producer")
            .order_by("-final_score", "product__name")
        )


class SuspendForm(forms.Form):
    starts_on = forms.DateField(label=_("Suspended from"), widget=DateInput(), initial=_today)
    decision_ref = forms.CharField(label=_("Suspending decision (number)"), max_length=120)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReinstateForm(forms.Form):
    ends_on = forms.DateField(label=_("Valid again from"), widget=DateInput(), initial=_today)
    decision_ref = forms.CharField(label=_("Reinstating decision (number)"), max_length=120)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label=_("Revoked from"), widget=DateInput(), initial=_today)
    decision_ref = forms.CharField(label=_("Revoking decision (number)"), max_length=120)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("I understand that revocation is final: the product loses the OCOP logo."),
    )


class CorrectForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")], coerce=int
    )
    potential_five = forms.BooleanField(label=_("Potential 5★"), required=False)
    reason = forms.CharField(
        label=_("What is corrected, and why"), widget=forms.Textarea(attrs={"rows": 3})
    )


class InspectionForm(forms.Form):
    date = forms.DateField(label=_("Inspection date"), widget=DateInput(), initial=_today)
    inspector = forms.CharField(label=_("Inspector or team"), max_length=200)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Inspection.Outcome.choices)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    suspend = forms.BooleanField(
        label=_("Suspend the certificate from the inspection date (violations only)"),
        required=False,
    )
    decision_ref = forms.CharField(
        label=_("Suspending decision (number)"), max_length=120, required=False
    )

    def __init__(self, *args: Any, may_suspend: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_suspend:
            del self.fields["suspend"]
            del self.fields["decision_ref"]
