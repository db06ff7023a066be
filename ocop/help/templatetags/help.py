"""Template tags of the guides: `status_badge` (a status that explains itself on hover, tap or
keyboard) and `help_link` (the small "?" next to a form, opening the right guide section)."""

import itertools
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from ocop.help.guides import LANGUAGES
from ocop.help.statuses import label_and_meaning

register = template.Library()
_ids = itertools.count(1)

# topic -> {role: "guide#anchor"}; "" is the choice for any other role.
TOPICS: dict[str, dict[str, str]] = {
    "dossier_form": {"": "producer#fill-form"},
    "scoring": {"": "member#score-dossier"},
    "producer_form": {
        "producer": "producer#complete-record",
        "": "officer#register-producer",
    },
    "verify": {"": "public#verify-certificate"},
}


def guide_url(target: str, lang: str | None = None) -> str:
    """The URL of "guide#anchor" in `lang` (the current language by default)."""
    guide, _, anchor = target.partition("#")
    lang = lang if lang in LANGUAGES else (get_language() or "vi")[:2]
    if lang not in LANGUAGES:
        lang = "vi"
    url = reverse("help:guide", args=[lang, guide])
    return f"{url}#{anchor}" if anchor else url


@register.simple_tag(takes_context=True)
def help_link(context: dict[str, Any], topic: str) -> SafeString:
    """A "?" link to the guide section about `topic`, chosen by the user's role."""
    user = context.get("user")
    role = getattr(user, "effective_role", "") or ""
    targets = TOPICS[topic]
    target = targets.get(role, targets[""])
    return SafeString(render_to_string("help/_help_link.html", {"url": guide_url(target)}).strip())


@register.simple_tag
def status_badge(kind: str, status: str) -> SafeString:
    """The status's badge; hovering, tapping or focusing it says what it means and who acts
    next. `kind` is "dossier", "certificate" or "showroom"."""
    label, meaning = label_and_meaning(kind, status)
    context = {
        "id": f"status-{next(_ids)}",
        "status": status,
        "label": label,
        "meaning": meaning,
    }
    return SafeString(render_to_string("help/_status_badge.html", context).strip())


@register.simple_tag
def guide(target: str) -> str:
    """The URL of a guide section, e.g. {% guide "producer#submit-dossier" %}."""
    return guide_url(target)


@register.inclusion_tag("help/_first_steps.html", takes_context=True)
def first_steps(context: dict[str, Any]) -> dict[str, Any]:
    """The home page's checklist for the user's role, while some step is not done yet."""
    from ocop.help.first_steps import first_steps as steps_for

    user = context["user"]
    steps = steps_for(user)
    done = sum(s.done for s in steps)
    role = getattr(user, "effective_role", "")
    return {
        "steps": steps,
        "done": done,
        "total": len(steps),
        "show": bool(steps) and done < len(steps),
        "role_guide": guide_url(role) if role else guide_url("procedure"),
    }
