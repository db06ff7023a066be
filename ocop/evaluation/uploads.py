"""Checks evidence uploads by their content, not their name, and fingerprints them.

Evidence is kept byte for byte (never re-encoded) so its SHA-256 proves it was not swapped.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    sha256: str
    size: int
    name: str


def max_evidence_bytes() -> int:
    return int(getattr(settings, "OCOP_MAX_EVIDENCE_BYTES", DEFAULT_MAX_BYTES))


def check_evidence(upload: Any) -> CheckedUpload:
    """Refuse files over the size limit or that are not a readable PDF, JPEG, PNG or WebP."""
    limit = max_evidence_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        content_type, extension = "application/pdf", "pdf"
        _check_pdf(upload)
    else:
        content_type, extension = _check_image(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stem = get_valid_filename(str(upload.name).rsplit(".", 1)[0])[:80] or "evidence"
    return CheckedUpload(content_type, extension, digest.hexdigest(), upload.size, stem)


def _check_pdf(upload: Any) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) == 0:
            raise ValueError("no pages")
    except (PyPdfError, ValueError, OSError, KeyError, TypeError):
        raise ValidationError(
            _("This file is not a readable PDF document."), code="invalid"
        ) from None
    finally:
        upload.seek(0)


IMAGE_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


def _check_image(upload: Any) -> tuple[str, str]:
    try:
        with Image.open(upload) as probe:
            kind = probe.format or ""
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = ""
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise ValidationError(
            _("Only PDF, JPEG, PNG or WebP files are accepted, and this is not a readable one."),
            code="format",
        )
    return IMAGE_TYPES[kind]
