"""Optional two-factor sign-in (TOTP) for the office and council roles."""

import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.audit.models import Event
from ocop.test import PASSWORD, BaseTestCase


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app holding `device`'s secret shows (now, or a step later:
    a code is accepted once, and the clock may be one 30-second step apart)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code the app does not show in the accepted window."""
    window = {code(device, steps_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in window)


class TwoFactorTestCase(BaseTestCase):
    account = reverse("account_security")
    login_url = reverse("login")
    verify_url = reverse("login_verify")

    def sign_in_with_password(self, username: str) -> None:
        response = self.client.post(self.login_url, {"username": username, "password": PASSWORD})
        self.assertRedirects(response, self.verify_url)

    def test_a_council_member_enrols_then_signs_in_with_a_code(self) -> None:
        self.login(self.member)
        self.client.post(self.account, {"step": "start"})
        page = self.client.get(self.account)
        self.assertContains(page, 'src="data:image/svg+xml')  # the QR code to scan
        device = TOTPDevice.objects.get(user=self.member, confirmed=False)
        response = self.client.post(self.account, {"step": "confirm", "token": code(device)})
        self.assertRedirects(response, self.account)
        self.assertTrue(TOTPDevice.objects.get(user=self.member).confirmed)
        self.assertTrue(Event.objects.filter(action="auth.two_factor_on", actor=self.member))

        self.client.logout()
        self.sign_in_with_password("member")
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)  # not in yet
        response = self.client.post(self.verify_url, {"token": code(device, steps_ahead=1)})
        self.assertRedirects(response, reverse("home"))
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.assertEqual(Event.objects.get(action="auth.login").after, {"two_factor": True})

    def test_a_wrong_code_keeps_the_door_shut_and_is_logged(self) -> None:
        device = TOTPDevice.objects.create(user=self.office, name="app", confirmed=True)
        self.sign_in_with_password("office")
        response = self.client.post(self.verify_url, {"token": wrong_code(device)})
        self.assertContains(response, "That code is not right")
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)
        event = Event.objects.get(action="auth.login_failed")
        self.assertEqual((event.object_repr, event.after), ("office", {"step": "two_factor"}))

    def test_repeated_wrong_codes_lock_the_account_like_wrong_passwords(self) -> None:
        device = TOTPDevice.objects.create(user=self.secretary, name="app", confirmed=True)
        self.sign_in_with_password("secretary")
        for _ in range(5):
            response = self.client.post(self.verify_url, {"token": wrong_code(device)})
        self.assertEqual(response.status_code, 429)
        response = self.client.post(self.login_url, {"username": "secretary", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)

    def test_the_code_step_without_a_password_first_sends_back_to_login(self) -> None:
        response = self.client.get(self.verify_url)
        self.assertRedirects(response, self.login_url)

    def test_turning_it_off_needs_a_current_code(self) -> None:
        device = TOTPDevice.objects.create(user=self.office, name="app", confirmed=True)
        self.login(self.office)
        response = self.client.post(self.account, {"step": "stop", "token": wrong_code(device)})
        self.assertContains(response, "That code is not right")
        self.assertTrue(TOTPDevice.objects.filter(user=self.office).exists())
        device.throttle_reset()  # django-otp slows down the next try after a wrong code
        response = self.client.post(self.account, {"step": "stop", "token": code(device)})
        self.assertRedirects(response, self.account)
        self.assertFalse(TOTPDevice.objects.filter(user=self.office).exists())
        self.assertTrue(Event.objects.filter(action="auth.two_factor_off").exists())

    def test_producers_and_officers_are_not_offered_it(self) -> None:
        for user in (self.producer, self.officer, self.operator):
            self.login(user)
            self.assertNotContains(self.client.get(self.account), "Two-factor sign-in")
            response = self.client.post(self.account, {"step": "start"})
            self.assertEqual(response.status_code, 403)
        self.assertFalse(TOTPDevice.objects.exists())
