from django.test import Client
from django.urls import reverse

from ocop.test import BaseTestCase


class TokensPageTestCase(BaseTestCase):
    def test_the_heading_is_capitalised_in_vietnamese_like_every_other(self) -> None:
        browser = Client()
        browser.force_login(self.producer)
        response = browser.get(reverse("exchange:tokens"))
        self.assertContains(response, "<h1>Mã truy cập API</h1>", html=True)
        self.assertContains(response, "<title>Mã truy cập API · OCOP Thành phố Hà Nội</title>")
