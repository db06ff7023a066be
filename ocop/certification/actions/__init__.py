"""Every change to decisions and certificates goes through these functions, which validate,
save and write the audit events in one transaction (split by noun; import from here)."""

from ocop.certification.actions.issuing import certificate_correct, decision_record
from ocop.certification.actions.life import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
    inspection_record,
)
from ocop.certification.actions.notices import expiry_notices_send

__all__ = [
    "certificate_correct",
    "certificate_reinstate",
    "certificate_revoke",
    "certificate_suspend",
    "decision_record",
    "expiry_notices_send",
    "inspection_record",
]
