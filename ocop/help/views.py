from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from ocop.help.guides import (
    GUIDES,
    LANGUAGES,
    PUBLIC_GUIDES,
    SCREENSHOT_DIR,
    SCREENSHOT_LINK,
    render_guide,
    title_of,
)

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def _language() -> str:
    lang = (get_language() or "vi")[:2]
    return lang if lang in LANGUAGES else "vi"


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    """Every guide; those that need a login say so to anonymous visitors."""
    lang = _language()
    signed_in = request.user.is_authenticated
    guides = [
        {
            "slug": slug,
            "title": title_of(slug, lang),
            "readable": signed_in or slug in PUBLIC_GUIDES,
            "mine": signed_in and slug == getattr(request.user, "effective_role", ""),
        }
        for slug in GUIDES
    ]
    other = [code for code in LANGUAGES if code != lang]
    return render(request, "help/index.html", {"guides": guides, "lang": lang, "other": other})


@login_not_required
def guide(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    """One guide, rendered; the public, API and procedure guides need no login."""
    if lang not in LANGUAGES or slug not in GUIDES:
        raise Http404
    if slug not in PUBLIC_GUIDES and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rendered = render_guide(slug, lang)
    translations = [(code, title_of(slug, code)) for code in LANGUAGES if code != lang]
    context = {"guide": rendered, "translations": translations, "guides": GUIDES}
    return render(request, "help/guide.html", context)


@login_not_required
def screenshot(request: HttpRequest, name: str) -> FileResponse:
    """A screenshot of the guides (generated from SAMPLE data by `ocop screenshots`)."""
    match = SCREENSHOT_LINK.match(f"../screenshots/{name}")
    path = SCREENSHOT_DIR / name
    if not match or ".." in name or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[path.suffix[1:]])
    response["Cache-Control"] = "public, max-age=86400"
    return response
