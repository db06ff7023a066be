"""Text helpers shared by search, matching and validation."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics, folding đ/Đ to d.

    The one helper used both when indexing and when querying, so both sides always agree.
    """
    text = text.translate(_INVISIBLE).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()


def contains_html(text: str) -> bool:
    """True when `text` holds something that looks like an HTML tag."""
    return bool(_HTML_TAG.search(text))
