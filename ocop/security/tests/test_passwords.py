"""Password strength, changing a password, and resetting a forgotten one by email."""

import json
import re

from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.audit.models import Event
from ocop.test import PASSWORD, BaseTestCase

NEW_PASSWORD = "gốm-men-rạn-Bát-Tràng-2025"


class PasswordStrengthTestCase(BaseTestCase):
    def test_it_refuses_passwords_shorter_than_ten_characters(self) -> None:
        with self.assertRaisesMessage(ValidationError, "at least 10 characters"):
            validate_password("Xq7#mPz9!", self.officer)

    def test_it_refuses_common_numeric_and_name_like_passwords(self) -> None:
        for weak in ["password123", "1234567890123", "officer2025"]:
            with self.assertRaises(ValidationError, msg=weak):
                validate_password(weak, self.officer)

    def test_it_accepts_a_long_passphrase(self) -> None:
        validate_password(NEW_PASSWORD, self.officer)


class PasswordChangeTestCase(BaseTestCase):
    url = reverse("password_change")

    def test_a_user_changes_their_password_and_it_is_logged_without_the_password(self) -> None:
        self.login(self.producer)
        response = self.client.post(
            self.url,
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        self.assertRedirects(response, reverse("password_change_done"))
        self.producer.refresh_from_db()
        self.assertTrue(self.producer.check_password(NEW_PASSWORD))
        event = Event.objects.get(action="auth.password_change")
        self.assertEqual(event.actor, self.producer)
        self.assertNotIn(NEW_PASSWORD, json.dumps([event.before, event.after]))

    def test_a_weak_new_password_is_refused_on_the_field(self) -> None:
        self.login(self.producer)
        data = {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"}
        response = self.client.post(self.url, data)
        self.assertContains(response, "This password is too short")
        self.producer.refresh_from_db()
        self.assertTrue(self.producer.check_password(PASSWORD))


class PasswordResetTestCase(BaseTestCase):
    def reset_link(self, email: str) -> str:
        response = self.client.post(reverse("password_reset"), {"email": email})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        found = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", str(mail.outbox[0].body))
        assert found is not None, mail.outbox[0].body
        return found[1]

    def test_a_forgotten_password_is_reset_through_the_emailed_link(self) -> None:
        link = self.reset_link("officer@example.org")
        self.assertEqual(mail.outbox[0].to, ["officer@example.org"])
        form_page = self.client.get(link, follow=True)
        self.assertContains(form_page, "Choose a new password")
        response = self.client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        self.assertRedirects(response, reverse("password_reset_complete"))
        login = {"username": "officer", "password": NEW_PASSWORD}
        self.assertRedirects(self.client.post(reverse("login"), login), reverse("home"))
        self.assertEqual(Event.objects.get(action="auth.password_reset").actor, self.officer)

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self) -> None:
        response = self.client.post(reverse("password_reset"), {"email": "who@example.org"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_a_used_link_does_not_work_twice(self) -> None:
        link = self.reset_link("officer@example.org")
        form_url = self.client.get(link, follow=True).redirect_chain[-1][0]
        passwords = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        self.client.post(form_url, passwords)
        self.assertContains(self.client.get(link, follow=True), "This link is not valid")

    def test_a_reset_lifts_a_lockout(self) -> None:
        for _ in range(5):
            self.client.post(reverse("login"), {"username": "officer", "password": "wrong-pass"})
        link = self.reset_link("officer@example.org")
        form_url = self.client.get(link, follow=True).redirect_chain[-1][0]
        self.client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        login = {"username": "officer", "password": NEW_PASSWORD}
        self.assertRedirects(self.client.post(reverse("login"), login), reverse("home"))
