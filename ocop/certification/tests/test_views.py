import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.certification.models import Certificate, Decision, Inspection, Suspension
from ocop.certification.tests.helpers import (
    CertificationTestCase,
    make_certificate,
    make_dossier,
)
from ocop.evaluation.models import DossierStatus, Outcome

TODAY = timezone.localdate()
DAYS = datetime.timedelta


class CertificateListTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.vase_cert = make_certificate(self.vase, code="HN-2024-00001", day=TODAY - DAYS(400))
        self.scarf_cert = make_certificate(
            self.scarf, code="HN-2023-00002", day=TODAY - DAYS(800), stars=3
        )

    def test_a_producer_sees_only_their_own_certificates(self) -> None:
        self.login(self.producer)
        response = self.client.get(reverse("certification:certificates"))
        self.assertContains(response, "My certificates")
        self.assertContains(response, "HN-2024-00001")
        self.assertNotContains(response, "HN-2023-00002")

    def test_an_officer_sees_the_certificates_of_their_communes(self) -> None:
        self.login(self.officer)
        response = self.client.get(reverse("certification:certificates"))
        self.assertContains(response, "HN-2024-00001")
        self.assertNotContains(response, "HN-2023-00002")

    def test_the_office_sees_all_and_can_filter_by_stars_and_commune(self) -> None:
        self.login(self.office)
        url = reverse("certification:certificates")
        self.assertContains(self.client.get(url), "HN-2023-00002")
        response = self.client.get(url, {"stars": "3"})
        self.assertContains(response, "HN-2023-00002")
        self.assertNotContains(response, "HN-2024-00001")
        response = self.client.get(url, {"commune": self.bat_trang.pk})
        self.assertContains(response, "HN-2024-00001")
        self.assertNotContains(response, "HN-2023-00002")

    def test_filtering_by_status_uses_todays_computed_status(self) -> None:
        Suspension.objects.create(
            certificate=self.scarf_cert, starts_on=TODAY - DAYS(2), reason="x", decision_ref="1"
        )
        self.login(self.office)
        response = self.client.get(reverse("certification:certificates"), {"status": "suspended"})
        self.assertContains(response, "HN-2023-00002")
        self.assertNotContains(response, "HN-2024-00001")
        response = self.client.get(reverse("certification:certificates"), {"status": "valid"})
        self.assertNotContains(response, "HN-2023-00002")

    def test_filtering_by_year_issued(self) -> None:
        self.login(self.office)
        year = self.vase_cert.issued_on.year
        response = self.client.get(reverse("certification:certificates"), {"year": year})
        self.assertContains(response, "HN-2024-00001")

    def test_nonsense_filters_are_ignored_not_an_error(self) -> None:
        self.login(self.office)
        response = self.client.get(
            reverse("certification:certificates"),
            {"status": "<b>", "stars": "x", "year": "99999999999", "commune": "-1", "page": "z"},
        )
        self.assertContains(response, "2 certificates")

    def test_the_htmx_request_gets_only_the_results(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("certification:certificates"), HTTP_HX_REQUEST="true")
        self.assertContains(response, 'id="results"')
        self.assertNotContains(response, "<html")

    def test_a_producer_is_warned_of_a_certificate_expiring_soon(self) -> None:
        make_certificate(
            self.vase,
            code="HN-2022-00009",
            day=TODAY - DAYS(1000),
            expires_on=TODAY + DAYS(12),
            decision_number="9/QĐ",
        )
        self.login(self.producer)
        response = self.client.get(reverse("certification:certificates"))
        self.assertContains(response, "1 certificate expires within 30 days")
        self.assertContains(response, "12 days left")

    def test_the_list_runs_as_many_queries_for_two_certificates_as_for_twenty(self) -> None:
        self.login(self.office)
        url = reverse("certification:certificates")
        self.client.get(url)  # warm caches (site facts)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(3, 21):
            make_certificate(self.vase, code=f"HN-2024-{i:05d}", day=TODAY - DAYS(400 + i))
        with CaptureQueriesContext(connection) as many:
            self.assertContains(self.client.get(url), "20 certificates")
        self.assertEqual(len(many), len(few))


class CertificatePageTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.old = make_certificate(self.vase, code="HN-2021-00001", day=TODAY - DAYS(1300))
        self.cert = make_certificate(
            self.vase, code="HN-2024-00001", day=TODAY - DAYS(100), decision_number="2/QĐ"
        )
        self.old.superseded_by, self.old.superseded_on = self.cert, self.cert.issued_on
        self.old.save()

    def test_a_superseded_certificate_says_so_and_links_the_new_one(self) -> None:
        self.login(self.producer)
        response = self.client.get(self.old.get_absolute_url())
        self.assertContains(response, "Superseded")
        self.assertContains(response, "was superseded on")
        self.assertContains(response, self.cert.get_absolute_url())

    def test_the_producer_sees_how_often_shoppers_checked_the_certificate(self) -> None:
        self.login(self.producer)
        self.assertContains(
            self.client.get(self.cert.get_absolute_url()), "Not yet checked on the public"
        )
        public = self.client_class()
        for _ in range(3):
            public.get(reverse("catalogue:verify", args=[self.cert.code]))
        response = self.client.get(self.cert.get_absolute_url())
        self.assertContains(
            response,
            f"3 times in all, 3 in the last 30 days (last on {timezone.localdate():%d/%m/%Y})",
        )

    def test_the_page_shows_the_history_of_the_product(self) -> None:
        Inspection.objects.create(
            certificate=self.cert,
            date=TODAY - DAYS(10),
            inspector="Đoàn hậu kiểm",
            findings="Đạt",
            outcome="compliant",
            recorded_by=self.office,
        )
        self.login(self.office)
        response = self.client.get(self.cert.get_absolute_url())
        self.assertContains(response, "Certificate HN-2021-00001 issued")
        self.assertContains(response, "HN-2021-00001 superseded by HN-2024-00001")
        self.assertContains(response, "Inspection of HN-2024-00001: Compliant")

    def test_the_office_sees_the_actions_and_the_producer_does_not(self) -> None:
        self.login(self.office)
        response = self.client.get(self.cert.get_absolute_url())
        self.assertContains(response, reverse("certification:suspend", args=[self.cert.pk]))
        self.assertContains(response, reverse("certification:revoke", args=[self.cert.pk]))
        self.login(self.producer)
        response = self.client.get(self.cert.get_absolute_url())
        self.assertNotContains(response, reverse("certification:suspend", args=[self.cert.pk]))
        self.assertContains(response, reverse("certification:certificate_pdf", args=[self.cert.pk]))

    def test_no_action_is_offered_on_a_superseded_certificate(self) -> None:
        self.login(self.office)
        response = self.client.get(self.old.get_absolute_url())
        self.assertNotContains(response, reverse("certification:revoke", args=[self.old.pk]))

    def test_the_office_suspends_through_the_confirmation_page(self) -> None:
        self.login(self.office)
        url = reverse("certification:suspend", args=[self.cert.pk])
        self.assertContains(self.client.get(url), "Please check before confirming")
        response = self.client.post(
            url, {"starts_on": TODAY.isoformat(), "decision_ref": "5/QĐ", "reason": "Nhãn sai"}
        )
        self.assertRedirects(response, self.cert.get_absolute_url())
        self.assertEqual(self.cert.status_on(TODAY), "suspended")

    def test_a_suspension_without_a_reason_shows_the_error_and_saves_nothing(self) -> None:
        self.login(self.office)
        url = reverse("certification:suspend", args=[self.cert.pk])
        response = self.client.post(url, {"starts_on": "not a date", "decision_ref": "5/QĐ"})
        self.assertContains(response, "nothing was saved")
        self.assertFalse(Suspension.objects.exists())

    def test_a_suspension_of_an_expired_certificate_shows_why_it_is_refused(self) -> None:
        self.login(self.office)
        url = reverse("certification:suspend", args=[self.old.pk])
        response = self.client.post(
            url, {"starts_on": TODAY.isoformat(), "decision_ref": "5/QĐ", "reason": "x"}
        )
        self.assertContains(response, "this certificate is superseded: you cannot suspend it")
        self.assertFalse(Suspension.objects.exists())

    def test_an_officer_cannot_suspend(self) -> None:
        self.login(self.officer)
        url = reverse("certification:suspend", args=[self.cert.pk])
        response = self.client.post(
            url, {"starts_on": TODAY.isoformat(), "decision_ref": "5", "reason": "x"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Suspension.objects.exists())

    def test_revoking_needs_the_confirmation_box(self) -> None:
        self.login(self.office)
        url = reverse("certification:revoke", args=[self.cert.pk])
        data = {"revoked_on": TODAY.isoformat(), "decision_ref": "7/QĐ", "reason": "Vi phạm"}
        self.assertContains(self.client.post(url, data), "This field is required")
        self.cert.refresh_from_db()
        self.assertIsNone(self.cert.revoked_on)
        self.client.post(url, data | {"confirm": "on"})
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.revoked_on, TODAY)

    def test_an_officer_records_an_inspection_but_cannot_suspend_with_it(self) -> None:
        self.login(self.officer)
        url = reverse("certification:inspection_add", args=[self.cert.pk])
        self.assertNotContains(self.client.get(url), 'name="suspend"')
        response = self.client.post(
            url,
            {
                "date": TODAY.isoformat(),
                "inspector": "Cán bộ xã",
                "outcome": "violation",
                "findings": "Dùng logo sai",
                "suspend": "on",
                "decision_ref": "1",
            },
        )
        self.assertRedirects(response, self.cert.get_absolute_url())
        self.assertEqual(Inspection.objects.get().outcome, "violation")
        self.assertFalse(Suspension.objects.exists())

    def test_the_office_can_suspend_from_a_violation_found_by_inspection(self) -> None:
        self.login(self.office)
        url = reverse("certification:inspection_add", args=[self.cert.pk])
        self.client.post(
            url,
            {
                "date": TODAY.isoformat(),
                "inspector": "Đoàn hậu kiểm",
                "outcome": "violation",
                "findings": "Dùng logo sai",
                "suspend": "on",
                "decision_ref": "12/QĐ",
            },
        )
        self.assertEqual(Suspension.objects.get().inspection, Inspection.objects.get())

    def test_a_correction_redirects_to_the_new_certificate(self) -> None:
        self.login(self.office)
        url = reverse("certification:correct", args=[self.cert.pk])
        response = self.client.post(url, {"stars": "3", "reason": "Ghi nhầm số sao"})
        new = Certificate.objects.get(correction_reason="Ghi nhầm số sao")
        self.assertRedirects(response, new.get_absolute_url())
        self.assertContains(self.client.get(new.get_absolute_url()), "Issued to correct")


class DecisionScreensTestCase(CertificationTestCase):
    def setUp(self) -> None:
        self.scored = make_dossier(self.round, self.vase, "82.35", 4)
        self.waiting = make_dossier(
            self.round, self.scarf, None, None, "", status=DossierStatus.ACCEPTED
        )

    def test_the_list_shows_rounds_waiting_for_a_decision(self) -> None:
        self.login(self.secretary)
        response = self.client.get(reverse("certification:decisions"))
        self.assertContains(response, self.round.name)
        self.assertContains(response, "1 scored dossier")

    def test_the_form_shows_each_scored_dossier_with_its_result(self) -> None:
        self.login(self.secretary)
        url = reverse("certification:decision_add")
        response = self.client.get(url, {"round": self.round.pk})
        self.assertContains(response, "Bình gốm men rạn")
        self.assertContains(response, "82.35")
        self.assertContains(response, str(Outcome.CERTIFIED.label))
        self.assertNotContains(response, "Khăn lụa tơ tằm")

    def test_choosing_a_round_with_htmx_loads_only_its_dossiers(self) -> None:
        self.login(self.secretary)
        response = self.client.get(
            reverse("certification:decision_add"), {"round": self.round.pk}, HTTP_HX_REQUEST="true"
        )
        self.assertContains(response, 'id="dossiers"')
        self.assertNotContains(response, "<html")

    def test_the_secretary_records_a_decision_and_certificates_are_issued(self) -> None:
        self.login(self.secretary)
        response = self.client.post(
            reverse("certification:decision_add"),
            {
                "round": self.round.pk,
                "number": "1234/QĐ-UBND",
                "date": (TODAY - DAYS(1)).isoformat(),
                "signer": "Chủ tịch",
                "dossiers": [self.scored.pk],
            },
        )
        decision = Decision.objects.get()
        self.assertRedirects(response, decision.get_absolute_url())
        page = self.client.get(decision.get_absolute_url())
        self.assertContains(page, "1234/QĐ-UBND")
        self.assertContains(page, Certificate.objects.get().code)

    def test_a_decision_with_an_unscored_dossier_shows_the_error_and_saves_nothing(self) -> None:
        self.login(self.secretary)
        response = self.client.post(
            reverse("certification:decision_add"),
            {
                "round": self.round.pk,
                "number": "1234/QĐ-UBND",
                "date": (TODAY - DAYS(1)).isoformat(),
                "dossiers": [self.scored.pk, self.waiting.pk],
            },
        )
        self.assertContains(response, "not fully scored")
        self.assertContains(response, "Khăn lụa tơ tằm")
        self.assertFalse(Decision.objects.exists())
        self.assertFalse(Certificate.objects.exists())

    def test_a_producer_cannot_record_a_decision(self) -> None:
        self.login(self.producer)
        response = self.client.post(reverse("certification:decision_add"), {})
        self.assertEqual(response.status_code, 403)


class CertificateHistoryTestCase(CertificationTestCase):
    def setUp(self) -> None:
        from ocop.certification.actions.life import certificate_suspend

        self.cert = make_certificate(self.vase, code="HN-2024-00009", day=TODAY - DAYS(100))
        certificate_suspend(
            certificate=self.cert,
            starts_on=TODAY,
            reason="Nhãn sai quy định",
            decision_ref="9/QĐ-UBND",
            actor=self.office,
        )
        self.url = reverse("certification:certificate", args=[self.cert.pk])

    def test_the_office_sees_the_certificates_history_from_the_audit_log(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url)
        self.assertContains(response, "Change history (audit log)")
        self.assertContains(response, "certificate.suspend")
        self.assertContains(response, "Nhãn sai quy định")

    def test_the_producer_sees_no_audit_history(self) -> None:
        self.login(self.producer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "certificate.suspend")

    def test_the_history_names_what_changed_as_the_interface_does_in_each_language(self) -> None:
        self.login(self.office)
        english = self.client.get(self.url)
        self.assertContains(english, "<dt>Suspended from</dt>", html=True)
        self.assertContains(english, "<dt>Certificate</dt>", html=True)
        self.assertNotContains(english, "<dt>starts_on</dt>", html=True)
        vietnamese = self.client.get(self.url, headers={"accept-language": "vi"})
        self.assertContains(vietnamese, "<dt>Tạm đình chỉ từ ngày</dt>", html=True)
        self.assertContains(vietnamese, "<dt>Lý do</dt>", html=True)
        self.assertNotContains(vietnamese, "<dt>reason</dt>", html=True)
