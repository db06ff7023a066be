"""Evaluation screens, split by who uses them: dossiers (producers, officers), scoring
(council members and secretaries), rounds and councils (office, secretaries)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from ocop.lib.forms import run_action


def post_action(
    request: HttpRequest, form: forms.Form, action: Any, done: str, **kwargs: Any
) -> bool:
    """For POST-only screens: run `action` with the form's data; say what happened (or why
    not: the form's errors or the action's refusal) as a message. Nothing is saved on refusal."""
    saved = form.is_valid() and run_action(form, action, **kwargs, **form.cleaned_data) is not None
    if saved:
        messages.success(request, done)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return saved
