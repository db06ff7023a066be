"""The interface labels a guide quotes, checked against the strings the interface shows.

The guides' convention: **bold** is only for words the screen shows (a menu, link, button,
heading, field or status), spelled as the interface shows them in the guide's language; a
path through menus is **Menu → Item**. Terms, emphasis and keys are written otherwise
(*italics*, `code`). So a label that the interface no longer shows, or shows in the other
language, is found by comparing the guide with the translation catalogues. A bold `{{ name }}`
is a value the platform fills in from its own data (see ocop.help.procedure).
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

BOLD = re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*", re.DOTALL)
ITALIC = re.compile(r"(?<![*\w])\*(?![\s*])(.+?)(?<![\s*])\*(?![*\w])", re.DOTALL)
GUIDE_PLACEHOLDER = re.compile(r"\{\{\s*[a-z_]+\s*\}\}")
# Printf-style placeholders in a catalogue string stand for any text in a guide's label.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@dataclass(frozen=True)
class Catalogue:
    """The strings the interface shows in one language, and those it shows in the other."""

    shown: dict[str, list[polib.POEntry]]
    foreign: frozenset[str]
    patterns: list[tuple[re.Pattern[str], polib.POEntry]]


def quoted_labels(text: str) -> list[str]:
    """The labels a guide's Markdown quotes: each **bold** text, menu paths split at →."""
    return [_one_line(part) for bold in BOLD.findall(text) for part in bold.split("→")]


def quoted_in_italics(text: str) -> list[str]:
    return [_one_line(m) for m in ITALIC.findall(BOLD.sub("", text))]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def unknown_labels(text: str, lang: str) -> list[str]:
    """The labels quoted in `text` that the interface does not show in `lang`."""
    return [
        label
        for label in quoted_labels(text)
        if not GUIDE_PLACEHOLDER.fullmatch(label) and not is_shown(label, lang)
    ]


def foreign_labels(text: str, lang: str) -> list[str]:
    """Interface labels of the other language quoted in `text` (bold or italics)."""
    catalogue = catalogue_for(lang)
    quoted = quoted_labels(text) + quoted_in_italics(text)
    return [q for q in quoted if q in catalogue.foreign and not is_shown(q, lang)]


def is_shown(label: str, lang: str) -> bool:
    """Whether the interface shows `label` in `lang`: a whole string of its catalogue (Django
    capitalises field labels), still used where the catalogue says it is."""
    catalogue = catalogue_for(lang)
    entries = []
    for text in {label, label[:1].lower() + label[1:]}:
        entries += catalogue.shown.get(text, [])
        entries += [entry for pattern, entry in catalogue.patterns if pattern.fullmatch(text)]
    return any(_still_used(entry) for entry in entries)


@functools.cache
def catalogue_for(lang: str) -> Catalogue:
    other = "en" if lang == "vi" else "vi"
    shown: dict[str, list[polib.POEntry]] = {}
    patterns: list[tuple[re.Pattern[str], polib.POEntry]] = []
    for entry in _entries():
        for text in _texts(entry, lang):
            shown.setdefault(text, []).append(entry)
            if PLACEHOLDER.search(text):
                pieces = PLACEHOLDER.split(text)
                pattern = ".+".join(re.escape(piece) for piece in pieces)
                patterns.append((re.compile(pattern), entry))
    foreign = frozenset(text for entry in _entries() for text in _texts(entry, other))
    return Catalogue(shown, foreign, patterns)


def _texts(entry: polib.POEntry, lang: str) -> list[str]:
    """What the interface shows for one entry: English is the source text (msgid), Vietnamese
    the translation."""
    if lang == "en":
        return [t for t in (entry.msgid, entry.msgid_plural) if t]
    return [t for t in (entry.msgstr, *entry.msgstr_plural.values()) if t]


@functools.cache
def _entries() -> list[polib.POEntry]:
    path = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(path)) if not e.obsolete and "fuzzy" not in e.flags]


def _still_used(entry: polib.POEntry) -> bool:
    """A catalogue keeps a string until the next `makemessages`: it counts only while one of
    the files it was found in still has it (a template writes `{{ name }}` for `%(name)s`)."""
    pieces = [re.escape(piece) for piece in PLACEHOLDER.split(entry.msgid)]
    written = re.compile(r"(?:%\(\w+\)[sd]|\{\{ ?\w+ ?\}\})".join(pieces))
    return any(written.search(_source(path)) for path, _line in entry.occurrences)


@functools.cache
def _source(path: str) -> str:
    file = Path(settings.BASE_DIR) / path
    return file.read_text(encoding="utf-8") if file.is_file() else ""
