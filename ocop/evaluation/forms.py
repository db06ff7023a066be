from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.models import (
    Council,
    CouncilRole,
    Dossier,
    DossierKind,
    KnockoutVerdict,
    Round,
    RoundStatus,
)
from ocop.evaluation.uploads import max_evidence_bytes
from ocop.registry.models import Product

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["name", "year", "level", "era", "province", "opens_on", "closes_on"]
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["province"].initial = settings.OCOP_PROVINCE


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = ["name", "decision_ref", "decision_date", "quorum"]
        widgets = {"decision_date": DATE}


class SeatForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(role__in=[Role.MEMBER, Role.SECRETARY], is_active=True),
        label=_("Person"),
    )
    role = forms.ChoiceField(choices=CouncilRole.choices, label=_("Role on the council"))


class DossierCreateForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=_("Product"))
    round = forms.ModelChoiceField(
        queryset=Round.objects.filter(status=RoundStatus.OPEN), label=_("Round")
    )
    kind = forms.ChoiceField(
        choices=DossierKind.choices,
        initial=DossierKind.NEW,
        widget=forms.RadioSelect,
        label=_("Kind"),
        help_text=_("A renewal or upgrade starts as a copy of the product's previous dossier."),
    )

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]


class DossierForm(forms.ModelForm):
    class Meta:
        model = Dossier
        fields = [
            "applicant_name",
            "producer_description",
            "business_plan",
            "description",
            "samples_count",
        ]
        help_texts = {
            "applicant_name": _("Required before you submit: who applies (producer's name)."),
            "samples_count": _("How many product samples you handed in to the commune."),
        }


class EvidenceForm(forms.Form):
    item = forms.ChoiceField(label=_("Checklist item"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, group_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [  # type: ignore[attr-defined]
            (i.code, i.label) for i in checklist_for(group_code)
        ]
        self.fields["file"].help_text = _("PDF, JPEG, PNG or WebP, at most %(mb)s MB.") % {
            "mb": max_evidence_bytes() // 1_048_576
        }


class CheckForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept for scoring")), ("return", _("Return to the producer"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Comment"),
        help_text=_("Required when returning: say what the producer must change."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))


class KnockoutForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=[
            (KnockoutVerdict.CONFIRMED, KnockoutVerdict.CONFIRMED.label),
            (KnockoutVerdict.DISMISSED, KnockoutVerdict.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
        label=_("Council's decision"),
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        choices=[("no", _("I have no conflict of interest")), ("yes", _("I have a conflict"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label=_("Conflict of interest"),
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        label=_("Note"),
        help_text=_("With a conflict: describe it (e.g. a relative works for the producer)."),
    )


class AssignCouncilForm(forms.Form):
    council = forms.ModelChoiceField(queryset=Council.objects.none(), label=_("Council"))

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = round.councils.all()  # type: ignore[attr-defined]


def parse_scores(data: Any) -> tuple[dict[int, int], dict[int, str]]:
    """Level choices `c<criterion id>` = level id and notes `n<criterion id>` from a POST;
    malformed keys and values are ignored (the action checks that levels fit criteria)."""
    choices: dict[int, int] = {}
    notes: dict[int, str] = {}
    for key, value in data.items():
        if key[:1] in ("c", "n") and key[1:].isdigit():
            if key[0] == "c" and str(value).isdigit():
                choices[int(key[1:])] = int(value)
            elif key[0] == "n":
                notes[int(key[1:])] = str(value).strip()[:500]
    return choices, notes
