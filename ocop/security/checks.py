"""Deployment checks (`ocop check --deploy`) for the certificate signing key."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from ocop.security.signing import office_identity


@register(Tags.security, deploy=True)
def signing_key_usable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A configured signing key must load, with its passphrase, and match its certificate."""
    key, cert = settings.OCOP_SIGNING_KEY, settings.OCOP_SIGNING_CERT
    if not key and not cert:
        return []
    if not key or not cert:
        return [
            Error(
                "Set both OCOP_SIGNING_KEY and OCOP_SIGNING_CERT, or neither.",
                id="ocop.E101",
            )
        ]
    try:
        office_identity()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="ocop.E102")]
    return []
