"""Checks uploaded photos by their content, not their name, and re-encodes them."""

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000


def validate_photo(upload: Any) -> ContentFile:
    """A clean copy of `upload` if it is a JPEG, PNG or WebP image within the size limits."""
    limit = settings.OCOP_MAX_PHOTO_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The photo is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format or ""
            if kind not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Only JPEG, PNG or WebP photos are accepted."), code="format"
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            opened.load()
            out = io.BytesIO()
            image = (
                opened.convert("RGB")
                if kind == "JPEG" and opened.mode not in ("RGB", "L")
                else opened
            )
            image.save(out, format=kind)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a readable JPEG, PNG or WebP image."), code="invalid"
        ) from None
    stem = "photo"
    return ContentFile(out.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[kind]}")
