from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.exchange.files import max_upload_bytes


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = _(
            "The first row holds the column headers, in Vietnamese or English. At most %(mb)s MB."
        ) % {"mb": max_upload_bytes() // 1_048_576}
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “supermarket stock check”."),
    )
