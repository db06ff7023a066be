from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

T = TypeVar("T")


def run_action(form: forms.BaseForm, action: Callable[..., T], **kwargs: Any) -> T | None:
    """Call an action function; if it refuses with a ValidationError, show the errors on the
    form (on their fields when the form has them) and return None. Nothing is saved then."""
    try:
        return action(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


__all__ = ["NON_FIELD_ERRORS", "run_action"]
