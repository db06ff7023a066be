"""Checks the certification actions share."""

import datetime

from django.utils.translation import gettext as _

from ocop.certification.models import Certificate, CertificateAction, CertificateStatus


def required(errors: dict[str, str], field: str, value: str, message: str) -> str:
    """`value` stripped; records `message` on `field` when it is empty."""
    value = (value or "").strip()
    if not value:
        errors[field] = message
    return value


def not_allowed(certificate: Certificate, action: str, day: datetime.date) -> str | None:
    """Why `action` cannot take effect on `day` given the certificate's status, or None."""
    if certificate.allows(action, day):
        return None
    return _("On %(day)s this certificate is %(status)s: you cannot %(action)s it.") % {
        "day": f"{day:%d/%m/%Y}",
        "status": CertificateStatus(certificate.status_on(day)).label.lower(),
        "action": CertificateAction(action).label,
    }
