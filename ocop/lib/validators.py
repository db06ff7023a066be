"""Field validators with messages in the user's language."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import contains_html

TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


def validate_no_html(value: str) -> None:
    if value and contains_html(value):
        raise ValidationError(_("HTML tags are not allowed here."), code="html")


def validate_tax_code(value: str) -> None:
    if value and not TAX_CODE.match(value):
        raise ValidationError(
            _(
                "A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch "
                "(e.g. 0101234567 or 0101234567-001)."
            ),
            code="tax_code",
        )


def validate_phone(value: str) -> None:
    if value and not PHONE.match(value):
        raise ValidationError(_("Enter a phone number of 8 to 20 digits."), code="phone")
