"""What each status means and who acts next, for the badges that show a status
(`{% status_badge %}`): dossiers, certificates and showrooms."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import CertificateStatus
from ocop.evaluation.models import DossierStatus
from ocop.market.models import ShowroomStatus


@dataclass(frozen=True)
class Meaning:
    means: str | Promise
    next: str | Promise


D, C, S = DossierStatus, CertificateStatus, ShowroomStatus

MEANINGS: dict[str, tuple[type[models.TextChoices], dict[str, Meaning]]] = {
    "dossier": (
        DossierStatus,
        {
            D.DRAFT: Meaning(
                _("The producer is still filling in the form and uploading evidence."),
                _("Next: the producer submits it to the commune."),
            ),
            D.SUBMITTED: Meaning(
                _("Sent to the commune; it can no longer be changed."),
                _("Next: the commune officer accepts it for scoring or returns it."),
            ),
            D.RETURNED: Meaning(
                _("The commune returned it with comments on what to change."),
                _("Next: the producer changes it and resubmits it."),
            ),
            D.RESUBMITTED: Meaning(
                _("Sent again after the changes the commune asked for."),
                _("Next: the commune officer checks it again."),
            ),
            D.ACCEPTED: Meaning(
                _("Complete and accepted: the council scores it."),
                _("Next: each council member scores it; the secretary then classifies it."),
            ),
            D.SCORED: Meaning(
                _("Scored and classified: the final score is the mean of the members' totals."),
                _("Next: the city office or the council secretary records the decision."),
            ),
            D.DECIDED: Meaning(
                _("A recognition decision settled it; certified products get a certificate."),
                _("Nothing more to do for this round."),
            ),
            D.WITHDRAWN: Meaning(
                _("Withdrawn; it takes no further part in the round."),
                _("Nothing more to do; a new dossier can be started in a later round."),
            ),
        },
    ),
    "certificate": (
        CertificateStatus,
        {
            C.VALID: Meaning(
                _("In force: the product may carry the OCOP logo and its QR code."),
                _("Next: the producer applies for renewal before it expires."),
            ),
            C.NOT_YET_VALID: Meaning(
                _("Issued by a decision that takes effect later."),
                _("Nothing to do: it becomes valid on its start date."),
            ),
            C.EXPIRED: Meaning(
                _("Past its validity: the product may no longer carry the OCOP logo."),
                _("Next: the producer applies for re-recognition in an open round."),
            ),
            C.SUSPENDED: Meaning(
                _("Suspended by the city office: the logo may not be used meanwhile."),
                _("Next: the city office reinstates or revokes it."),
            ),
            C.REVOKED: Meaning(
                _("Withdrawn by a decision: the logo may not be used."),
                _("Nothing more can be done to this certificate."),
            ),
            C.SUPERSEDED: Meaning(
                _("Replaced by a newer certificate (renewal, upgrade or correction)."),
                _("Use the newer certificate."),
            ),
        },
    ),
    "showroom": (
        ShowroomStatus,
        {
            S.PLANNED: Meaning(
                _("Registered but not open yet."),
                _("Next: the operator or the city office marks it open on its opening day."),
            ),
            S.OPEN: Meaning(
                _("Open to shoppers; its listings are checked against the OCOP rules."),
                _("Next: the operator keeps its listings current."),
            ),
            S.TEMPORARILY_CLOSED: Meaning(
                _("Closed for a while; it keeps its listings."),
                _("Next: the operator marks it open again, or closed."),
            ),
            S.CLOSED: Meaning(
                _("Closed for good; kept for the records and the reports."),
                _("Nothing more to do."),
            ),
        },
    ),
}


def label_and_meaning(kind: str, status: str) -> tuple[str, Meaning | None]:
    """The status's display label and what it means (None for an unknown status)."""
    choices, meanings = MEANINGS[kind]
    label = str(choices(status).label) if status in choices.values else status
    return label, meanings.get(status)
