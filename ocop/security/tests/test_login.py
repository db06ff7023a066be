"""Signing in through the login page: the audit trail, lockout after repeated failures."""

import json

from django.urls import reverse

from ocop.audit.models import Event
from ocop.test import PASSWORD, BaseTestCase


class LoginAuditTestCase(BaseTestCase):
    url = reverse("login")

    def test_a_sign_in_is_recorded_with_the_address_it_came_from(self) -> None:
        response = self.client.post(self.url, {"username": "officer", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"))
        event = Event.objects.get(action="auth.login")
        self.assertEqual(event.actor, self.officer)
        self.assertEqual(event.ip, "127.0.0.1")
        self.assertEqual(event.after, {"two_factor": False})

    def test_a_failed_sign_in_is_recorded_without_the_password(self) -> None:
        response = self.client.post(self.url, {"username": "officer", "password": "wrong-guess-1"})
        self.assertContains(response, "Please enter a correct username and password")
        event = Event.objects.get(action="auth.login_failed")
        self.assertEqual((event.object_repr, event.object_id), ("officer", str(self.officer.pk)))
        self.assertIsNone(event.actor)
        stored = json.dumps([event.before, event.after, event.object_repr, event.actor_name])
        self.assertNotIn("wrong-guess-1", stored)

    def test_a_failed_sign_in_for_an_unknown_name_is_recorded_too(self) -> None:
        self.client.post(self.url, {"username": "mallory", "password": "anything-at-all"})
        event = Event.objects.get(action="auth.login_failed")
        self.assertEqual((event.object_repr, event.object_id), ("mallory", ""))

    def test_a_sign_out_is_recorded(self) -> None:
        self.client.post(self.url, {"username": "office", "password": PASSWORD})
        self.client.post(reverse("logout"))
        self.assertEqual(Event.objects.get(action="auth.logout").actor, self.office)

    def test_tests_that_force_a_login_leave_no_sign_in_events(self) -> None:
        self.login(self.office)
        self.client.logout()
        self.assertFalse(Event.objects.filter(action__startswith="auth.").exists())

    def test_the_admin_sign_in_goes_through_the_same_login_page(self) -> None:
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(
            response, f"{self.url}?next=%2Fadmin%2F", fetch_redirect_response=False
        )


class LockoutTestCase(BaseTestCase):
    url = reverse("login")

    def fail_to_sign_in(self, times: int) -> None:
        for _ in range(times):
            self.client.post(self.url, {"username": "officer", "password": "not-the-password"})

    def test_five_wrong_passwords_lock_the_account_from_that_address(self) -> None:
        self.fail_to_sign_in(5)
        response = self.client.post(self.url, {"username": "officer", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed sign-ins", status_code=429)
        self.assertContains(response, "15 minutes", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_four_wrong_passwords_do_not_lock_the_account(self) -> None:
        self.fail_to_sign_in(4)
        response = self.client.post(self.url, {"username": "officer", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"))

    def test_the_lockout_is_for_that_account_and_address_only(self) -> None:
        self.fail_to_sign_in(5)
        response = self.client.post(self.url, {"username": "office", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"))
        other_address = self.client_class(REMOTE_ADDR="203.0.113.9")
        response = other_address.post(self.url, {"username": "officer", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"))

    def test_every_failure_is_logged_and_the_lockout_once(self) -> None:
        self.fail_to_sign_in(8)
        self.assertEqual(Event.objects.filter(action="auth.login_failed").count(), 8)
        self.assertEqual(Event.objects.filter(action="auth.locked_out").count(), 1)

    def test_a_locked_out_user_is_still_let_in_by_tests_that_force_a_login(self) -> None:
        self.fail_to_sign_in(5)
        self.login(self.officer)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
