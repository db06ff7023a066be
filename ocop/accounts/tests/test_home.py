import html
import re
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import Role, User
from ocop.audit.models import Event
from ocop.test import BaseTestCase


class HomePageTestCase(BaseTestCase):
    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, f"{reverse('login')}?next=/")

    def test_the_officer_sees_their_commune(self) -> None:
        self.login(self.officer)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Xã Bát Tràng")
        self.assertContains(response, reverse("registry:producer_add"))

    def test_the_producer_is_pointed_to_their_own_record(self) -> None:
        self.login(self.producer)
        response = self.client.get(reverse("home"))
        self.assertContains(response, self.bat_trang_coop.get_absolute_url())
        self.assertNotContains(response, reverse("audit:events"))

    def test_a_user_without_a_role_is_told_whom_to_ask(self) -> None:
        self.login(self.nobody)
        self.assertContains(self.client.get(reverse("home")), "has no role yet")

    def test_the_page_is_in_vietnamese_by_default_and_english_on_request(self) -> None:
        browser = Client()
        browser.force_login(self.office)
        self.assertContains(browser.get(reverse("home")), 'lang="vi"')
        browser.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertContains(browser.get(reverse("home")), 'lang="en"')

    def test_anyone_switches_language_with_a_plain_link_and_stays_on_the_page(self) -> None:
        browser = Client()
        page = browser.get(reverse("catalogue:products") + "?q=g%E1%BB%91m&stars=4")
        self.assertContains(page, 'lang="vi"')
        link = re.search(r'href="(/lang/en/[^"]+)"', page.content.decode())
        assert link is not None
        response = browser.get(html.unescape(link[1]))
        self.assertRedirects(response, "/products/?q=g%E1%BB%91m&stars=4", target_status_code=200)
        self.assertContains(browser.get(reverse("catalogue:products")), 'lang="en"')

    def test_the_language_link_refuses_other_sites_and_unknown_languages(self) -> None:
        response = Client().get(
            reverse("switch_language", args=["en"]), {"next": "https://evil.example/"}
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(Client().get(reverse("switch_language", args=["xx"])).status_code, 404)
        self.assertEqual(Client().post(reverse("switch_language", args=["en"])).status_code, 405)


class CreateUserCommandTestCase(BaseTestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("createuser", *args, stdout=out)
        return out.getvalue()

    def test_it_creates_a_commune_officer_found_by_name_without_accents(self) -> None:
        output = self.run_command("an", "--role", "officer", "--commune", "bat trang")
        user = User.objects.get(username="an")
        self.assertEqual(user.role, Role.OFFICER)
        self.assertEqual(list(user.communes.all()), [self.bat_trang])
        self.assertIn("Password:", output)
        self.assertTrue(Event.objects.filter(action="user.create", object_id=user.pk).exists())

    def test_it_links_a_producer_user_by_tax_code(self) -> None:
        self.run_command(
            "binh",
            "--role",
            "producer",
            "--producer",
            "0101234567",
            "--password",
            "a-Long-pass-2025",
        )
        self.assertEqual(User.objects.get(username="binh").producer, self.bat_trang_coop)

    def test_it_refuses_an_officer_without_commune(self) -> None:
        with self.assertRaisesMessage(CommandError, "needs at least one --commune"):
            self.run_command("x", "--role", "officer")

    def test_it_refuses_an_unknown_commune(self) -> None:
        with self.assertRaisesMessage(CommandError, "No commune matches"):
            self.run_command("x", "--role", "officer", "--commune", "Atlantis")

    def test_it_refuses_a_weak_password(self) -> None:
        with self.assertRaisesMessage(CommandError, "too common"):
            self.run_command("x", "--role", "office", "--password", "password")
        self.assertFalse(User.objects.filter(username="x").exists())
