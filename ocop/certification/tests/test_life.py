import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ocop.audit.models import Event
from ocop.certification.actions import (
    certificate_correct,
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
    inspection_record,
)
from ocop.certification.models import (
    CERTIFICATE_ACTIONS,
    Certificate,
    CertificateAction,
    CertificateStatus,
    Inspection,
    Suspension,
)
from ocop.certification.tests.helpers import CertificationTestCase, make_certificate

TODAY = timezone.localdate()
DAYS = datetime.timedelta


class CertificateLifeTestCase(CertificationTestCase):
    def valid(self) -> Certificate:
        day = TODAY - DAYS(100)
        return make_certificate(self.vase, code=f"HN-{day.year}-00001", day=day)

    def test_suspending_makes_the_certificate_suspended_from_that_day(self) -> None:
        cert = self.valid()
        certificate_suspend(
            certificate=cert,
            starts_on=TODAY,
            reason="Nhãn sai quy định",
            decision_ref="55/QĐ-UBND",
            actor=self.office,
        )
        cert.refresh_from_db()
        self.assertEqual(cert.status_on(TODAY - DAYS(1)), CertificateStatus.VALID)
        self.assertEqual(cert.status_on(TODAY), CertificateStatus.SUSPENDED)
        self.assertFalse(Certificate.objects.valid_on(TODAY).exists())
        event = Event.objects.get(action="certificate.suspend")
        self.assertEqual(event.after["decision_ref"], "55/QĐ-UBND")

    def test_reinstating_makes_it_valid_again_and_keeps_the_suspension_on_record(self) -> None:
        cert = self.valid()
        certificate_suspend(
            certificate=cert,
            starts_on=TODAY - DAYS(20),
            reason="Nhãn sai",
            decision_ref="55/QĐ",
            actor=self.office,
        )
        certificate_reinstate(
            certificate=cert,
            ends_on=TODAY - DAYS(5),
            reason="Đã sửa nhãn",
            decision_ref="60/QĐ",
            actor=self.office,
        )
        self.assertEqual(cert.status_on(TODAY), CertificateStatus.VALID)
        self.assertEqual(cert.status_on(TODAY - DAYS(10)), CertificateStatus.SUSPENDED)
        suspension = Suspension.objects.get()
        self.assertEqual(suspension.reinstate_decision_ref, "60/QĐ")
        self.assertTrue(Event.objects.filter(action="certificate.reinstate").exists())

    def test_a_reinstatement_before_the_suspension_is_refused(self) -> None:
        cert = self.valid()
        certificate_suspend(
            certificate=cert, starts_on=TODAY, reason="x", decision_ref="1", actor=self.office
        )
        with self.assertRaisesMessage(ValidationError, "cannot come before"):
            certificate_reinstate(
                certificate=cert,
                ends_on=TODAY - DAYS(1),
                reason="y",
                decision_ref="2",
                actor=self.office,
            )
        self.assertIsNone(Suspension.objects.get().ends_on)

    def test_suspending_twice_is_refused(self) -> None:
        cert = self.valid()
        certificate_suspend(
            certificate=cert, starts_on=TODAY, reason="x", decision_ref="1", actor=self.office
        )
        with self.assertRaisesMessage(ValidationError, "already suspended"):
            certificate_suspend(
                certificate=cert, starts_on=TODAY, reason="x", decision_ref="2", actor=self.office
            )
        self.assertEqual(Suspension.objects.count(), 1)

    def test_a_suspension_needs_a_reason_and_a_decision(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            certificate_suspend(
                certificate=self.valid(),
                starts_on=TODAY,
                reason=" ",
                decision_ref="",
                actor=self.office,
            )
        self.assertEqual(set(caught.exception.message_dict), {"reason", "decision_ref"})
        self.assertFalse(Suspension.objects.exists())

    def test_revoking_is_final_and_records_reason_and_decision(self) -> None:
        cert = self.valid()
        certificate_revoke(
            certificate=cert,
            revoked_on=TODAY,
            reason="Vi phạm an toàn thực phẩm",
            decision_ref="77/QĐ-UBND",
            actor=self.office,
        )
        cert.refresh_from_db()
        self.assertEqual(cert.status_on(TODAY), CertificateStatus.REVOKED)
        self.assertEqual(cert.revoke_decision_ref, "77/QĐ-UBND")
        with self.assertRaisesMessage(ValidationError, "already revoked"):
            certificate_revoke(
                certificate=cert,
                revoked_on=TODAY,
                reason="again",
                decision_ref="78",
                actor=self.office,
            )
        event = Event.objects.get(action="certificate.revoke")
        self.assertEqual(event.before["revoked_on"], None)
        self.assertEqual(event.after["revoke_reason"], "Vi phạm an toàn thực phẩm")

    def test_a_correction_is_a_new_certificate_superseding_the_old_one(self) -> None:
        old = self.valid()
        new = certificate_correct(
            certificate=old,
            stars=3,
            potential_five=False,
            reason="Số sao ghi nhầm",
            actor=self.office,
        )
        old.refresh_from_db()
        self.assertNotEqual(new.pk, old.pk)
        self.assertEqual(old.stars, 4)  # the issued record is kept as it was
        self.assertEqual((new.stars, new.correction_reason), (3, "Số sao ghi nhầm"))
        self.assertEqual((new.issued_on, new.expires_on), (old.issued_on, old.expires_on))
        self.assertEqual(new.code, f"HN-{old.issued_on.year}-00002")  # the next free number
        self.assertEqual(old.superseded_by, new)
        self.assertEqual(new.status_on(TODAY), CertificateStatus.VALID)

    def test_a_correction_needs_a_reason_and_sensible_stars(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            certificate_correct(
                certificate=self.valid(), stars=5, potential_five=True, reason="", actor=self.office
            )
        self.assertEqual(set(caught.exception.message_dict), {"reason", "potential_five"})
        self.assertEqual(Certificate.objects.count(), 1)


class InspectionTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.cert = make_certificate(self.vase, day=TODAY - DAYS(100))

    def inspect(self, **fields: object) -> Inspection:
        values: dict = {
            "certificate": self.cert,
            "date": TODAY,
            "inspector": "Đoàn hậu kiểm Sở NN&MT",
            "findings": "Nhãn thiếu thông tin truy xuất",
            "outcome": Inspection.Outcome.MINOR,
            "actor": self.officer,
        } | fields
        return inspection_record(**values)

    def test_an_inspection_is_recorded_with_its_findings(self) -> None:
        inspection = self.inspect()
        self.assertEqual(inspection.recorded_by, self.officer)
        self.assertEqual(self.cert.status_on(TODAY), CertificateStatus.VALID)
        self.assertTrue(Event.objects.filter(action="certificate.inspect").exists())

    def test_a_violation_can_suspend_the_certificate_in_the_same_step(self) -> None:
        inspection = self.inspect(
            outcome=Inspection.Outcome.VIOLATION,
            suspend=True,
            decision_ref="88/QĐ",
            actor=self.office,
        )
        suspension = Suspension.objects.get()
        self.assertEqual(suspension.inspection, inspection)
        self.assertEqual(suspension.starts_on, TODAY)
        self.assertEqual(self.cert.status_on(TODAY), CertificateStatus.SUSPENDED)

    def test_only_a_violation_can_suspend(self) -> None:
        with self.assertRaisesMessage(ValidationError, "violation"):
            self.inspect(suspend=True, decision_ref="88/QĐ")
        self.assertFalse(Inspection.objects.exists())

    def test_a_suspension_that_fails_leaves_no_inspection_either(self) -> None:
        with self.assertRaisesMessage(ValidationError, "decision"):
            self.inspect(outcome=Inspection.Outcome.VIOLATION, suspend=True, decision_ref="")
        self.assertFalse(Inspection.objects.exists())
        self.assertFalse(Event.objects.exists())

    def test_an_inspection_in_the_future_or_without_findings_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.inspect(date=TODAY + DAYS(3), findings="", outcome="bogus")
        self.assertEqual(set(caught.exception.message_dict), {"date", "findings", "outcome"})


class EveryStatusAndActionTestCase(CertificationTestCase):
    """Walks every (status, action) pair of CERTIFICATE_ACTIONS: allowed → works and logs an
    event; not allowed → a clear error and nothing saved."""

    def certificate_in(self, status: str) -> Certificate:
        start = TODAY - DAYS(100)
        if status == CertificateStatus.EXPIRED:
            return make_certificate(self.vase, day=TODAY - DAYS(1200))
        if status == CertificateStatus.NOT_YET_VALID:
            return make_certificate(self.vase, day=TODAY + DAYS(10))
        cert = make_certificate(self.vase, day=start)
        if status == CertificateStatus.SUSPENDED:
            Suspension.objects.create(
                certificate=cert, starts_on=TODAY - DAYS(5), reason="x", decision_ref="1"
            )
        elif status == CertificateStatus.REVOKED:
            cert.revoked_on = TODAY - DAYS(5)
            cert.save()
        elif status == CertificateStatus.SUPERSEDED:
            newer = make_certificate(self.vase, code="HN-2025-00900", day=TODAY - DAYS(5))
            cert.superseded_by, cert.superseded_on = newer, newer.issued_on
            cert.save()
        return cert

    def run_action(self, action: str, cert: Certificate) -> None:
        common: dict[str, Any] = {"certificate": cert, "actor": self.office}
        decided: dict[str, Any] = common | {"reason": "lý do", "decision_ref": "9/QĐ"}
        if action == CertificateAction.SUSPEND:
            certificate_suspend(starts_on=TODAY, **decided)
        elif action == CertificateAction.REINSTATE:
            certificate_reinstate(ends_on=TODAY, **decided)
        elif action == CertificateAction.REVOKE:
            certificate_revoke(revoked_on=TODAY, **decided)
        elif action == CertificateAction.CORRECT:
            certificate_correct(stars=3, potential_five=False, reason="sửa", **common)
        elif action == CertificateAction.INSPECT:
            inspection_record(
                date=max(TODAY, cert.issued_on),
                inspector="Đoàn",
                findings="ok",
                outcome="compliant",
                **common,
            )

    def test_every_pair(self) -> None:
        for status in CertificateStatus.values:
            for action in CertificateAction.values:
                with self.subTest(status=status, action=action), transaction.atomic():
                    cert = self.certificate_in(status)
                    self.assertEqual(cert.status_on(TODAY), status)
                    counts = (Certificate.objects.count(), Suspension.objects.count())
                    if action in CERTIFICATE_ACTIONS[status]:
                        self.run_action(action, cert)
                        self.assertTrue(Event.objects.filter(action__startswith="certificate."))
                    else:
                        with self.assertRaises(ValidationError):
                            self.run_action(action, cert)
                        self.assertFalse(Event.objects.exists())
                        self.assertEqual(
                            (Certificate.objects.count(), Suspension.objects.count()), counts
                        )
                    transaction.set_rollback(True)  # the next pair starts from nothing
