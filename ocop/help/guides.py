"""The user guides: Markdown files in docs/guide/<lang>/<slug>.md, one per role, rendered with a
table of contents. Raw HTML in a file is shown as text, never run; `{{ name }}` placeholders are
filled from the platform's own rules (see ocop.help.procedure), so guide and rules agree.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ocop.lib.text import fold

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "docs" / "screenshots"
LANGUAGES = ("vi", "en")
# In reading order: the procedure first, then each role's guide.
GUIDES = (
    "procedure",
    "producer",
    "officer",
    "member",
    "secretary",
    "office",
    "operator",
    "public",
    "api",
)
# Readable without logging in; every other guide needs any login.
PUBLIC_GUIDES = frozenset({"procedure", "public", "api"})
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
SCREENSHOT_LINK = re.compile(r"^(?:\.\./)+screenshots/(?P<name>[a-z0-9/_-]+\.(?:png|jpg))$")
GUIDE_LINK = re.compile(r"^(?:\.\./(?P<lang>vi|en)/)?(?P<slug>[a-z]+)\.md(?P<anchor>#[a-z0-9-]+)?$")


@dataclass(frozen=True)
class Heading:
    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Rendered:
    slug: str
    lang: str
    title: str
    html: SafeString
    toc: list[Heading]


def guide_path(slug: str, lang: str) -> Path:
    if slug not in GUIDES or lang not in LANGUAGES:
        raise KeyError(f"no guide {lang}/{slug}")
    return GUIDE_DIR / lang / f"{slug}.md"


def title_of(slug: str, lang: str) -> str:
    """The guide's first-level heading."""
    for line in guide_path(slug, lang).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return slug


def heading_id(text: str, separator: str = "-") -> str:
    """Anchors without diacritics ("Nộp hồ sơ" -> "nop-ho-so"), for headings without {#id}."""
    return slugify(fold(text)).replace("-", separator)


def render_guide(slug: str, lang: str) -> Rendered:
    """The guide as safe HTML, with its level-2 and level-3 headings as a table of contents."""
    from ocop.help.procedure import fill

    text = fill(guide_path(slug, lang).read_text(encoding="utf-8"), lang)
    md = markdown.Markdown(
        extensions=[
            "toc",
            "attr_list",
            "tables",
            "fenced_code",
            "sane_lists",
            SafeGuideExtension(lang=lang),
        ],
        extension_configs={"toc": {"toc_depth": "2-3", "slugify": heading_id}},
        output_format="html",
    )
    html = md.convert(text)
    toc = list(_flatten(getattr(md, "toc_tokens", [])))
    return Rendered(slug, lang, title_of(slug, lang), mark_safe(html), toc)


def anchors(slug: str, lang: str) -> set[str]:
    """Every heading anchor of a guide (what a "?" link may point at)."""
    return {h.id for h in render_guide(slug, lang).toc}


def screenshot_names(slug: str, lang: str) -> list[str]:
    """The screenshots a guide shows, as paths under docs/screenshots/."""
    text = guide_path(slug, lang).read_text(encoding="utf-8")
    found = re.findall(r"\]\(((?:\.\./)+screenshots/[^)\s]+)\)", text)
    return [m.group("name") for m in map(SCREENSHOT_LINK.match, found) if m]


def _flatten(tokens: list[dict[str, Any]]) -> Any:
    for token in tokens:
        yield Heading(token["id"], token["name"], token["level"])
        yield from _flatten(token.get("children", []))


class SafeGuideExtension(Extension):
    """Escapes raw HTML, and points images and links between guides at the platform's URLs."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"lang": ["vi", "language of the guide"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkRewriter(md, self.getConfig("lang")), "ocop_links", 1)


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, lang: str) -> None:
        super().__init__(md)
        self.lang = lang

    def run(self, root: ET.Element) -> None:
        for img in root.iter("img"):
            match = SCREENSHOT_LINK.match(img.get("src", ""))
            if match:
                img.set("src", reverse("help:screenshot", args=[match.group("name")]))
                img.set("loading", "lazy")
            else:
                img.set("src", "")
        for table in root.iter("table"):
            table.set("tabindex", "0")  # it scrolls sideways on phones: keyboards must reach it
        for link in root.iter("a"):
            href = link.get("href", "")
            match = GUIDE_LINK.match(href)
            if match:
                lang = match.group("lang") or self.lang
                url = reverse("help:guide", args=[lang, match.group("slug")])
                link.set("href", url + (match.group("anchor") or ""))
            elif not href.startswith(("/", "#", "https://", "http://", "mailto:")):
                link.set("href", "#")  # nothing else (javascript:, data:) leaves a guide
