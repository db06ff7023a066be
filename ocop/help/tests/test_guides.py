from django.template import Context, Template
from django.urls import reverse

from ocop.evaluation.tests.helpers import scene as evaluation_scene
from ocop.help.first_steps import BUILDERS
from ocop.help.guides import (
    GUIDE_DIR,
    GUIDES,
    LANGUAGES,
    PUBLIC_GUIDES,
    SCREENSHOT_DIR,
    anchors,
    render_guide,
    screenshot_names,
)
from ocop.help.shots import SHOTS
from ocop.help.templatetags.help import TOPICS
from ocop.test import BaseTestCase


class GuidePagesTestCase(BaseTestCase):
    def test_it_serves_every_guide_in_both_languages_to_a_logged_in_user(self) -> None:
        self.login(self.nobody)
        for lang in LANGUAGES:
            for slug in GUIDES:
                response = self.client.get(reverse("help:guide", args=[lang, slug]))
                self.assertEqual(response.status_code, 200, f"{lang}/{slug}")
                self.assertContains(response, 'class="guide-toc"')

    def test_the_public_guides_need_no_login(self) -> None:
        for slug in PUBLIC_GUIDES:
            response = self.client.get(reverse("help:guide", args=["vi", slug]))
            self.assertEqual(response.status_code, 200, slug)

    def test_a_role_guide_sends_a_visitor_to_log_in(self) -> None:
        response = self.client.get(reverse("help:guide", args=["en", "member"]))
        self.assertRedirects(response, "/login/?next=/help/en/member/")

    def test_the_index_says_which_guides_need_a_login(self) -> None:
        response = self.client.get(reverse("help:index"))
        self.assertContains(response, reverse("help:guide", args=["en", "public"]))
        member_guide = reverse("help:guide", args=["en", "member"])
        self.assertNotContains(response, f'<a href="{member_guide}">Guide for council members</a>')
        self.assertContains(response, "log in to read")

    def test_the_index_walks_through_the_whole_cycle(self) -> None:
        response = self.client.get(reverse("help:index"))
        for target in ["producer/#start-dossier", "member/#score-dossier", "secretary/#classify"]:
            self.assertContains(response, f"/help/en/{target}")

    def test_the_index_points_a_member_at_their_own_guide(self) -> None:
        self.login(self.member)
        response = self.client.get(reverse("help:index"))
        self.assertContains(response, 'class="mine"')
        self.assertContains(response, reverse("help:guide", args=["en", "member"]))

    def test_an_unknown_guide_or_language_is_not_found(self) -> None:
        self.login(self.office)
        self.assertEqual(self.client.get("/help/fr/producer/").status_code, 404)
        self.assertEqual(self.client.get("/help/en/nobody/").status_code, 404)

    def test_a_guide_has_a_table_of_contents_with_fixed_anchors(self) -> None:
        self.login(self.producer)
        response = self.client.get(reverse("help:guide", args=["vi", "producer"]))
        self.assertContains(response, 'href="#submit-dossier"')
        self.assertContains(response, 'id="submit-dossier"')

    def test_raw_html_in_a_guide_is_shown_as_text(self) -> None:
        from ocop.help import guides

        path = GUIDE_DIR / "en" / "public.md"
        original = path.read_text(encoding="utf-8")
        try:
            path.write_text(original + "\n<script>alert(1)</script> [x](javascript:alert(1))\n")
            html = guides.render_guide("public", "en").html
        finally:
            path.write_text(original, encoding="utf-8")
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)
        self.assertNotIn("javascript:", html)

    def test_screenshots_are_served_and_paths_outside_are_refused(self) -> None:
        response = self.client.get(reverse("help:screenshot", args=["en/public-verify.png"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(self.client.get("/help/screenshots/../guide/en/api.md").status_code, 404)
        self.assertEqual(self.client.get("/help/screenshots/en/nothing.png").status_code, 404)

    def test_the_nav_links_to_the_guides(self) -> None:
        self.assertContains(self.client.get("/products/"), 'href="/help/"')


class GuideContentTestCase(BaseTestCase):
    def test_both_languages_have_the_same_sections(self) -> None:
        for slug in GUIDES:
            self.assertEqual(anchors(slug, "vi"), anchors(slug, "en"), slug)

    def test_every_question_mark_and_first_step_points_at_an_existing_section(self) -> None:
        targets = {t for topic in TOPICS.values() for t in topic.values()}
        for build in BUILDERS.values():
            targets |= {step.guide for step in build(self.nobody_like(build))}
        for target in targets:
            slug, _, anchor = target.partition("#")
            for lang in LANGUAGES:
                self.assertIn(anchor, anchors(slug, lang), f"{lang}/{target}")

    def nobody_like(self, build: object) -> object:
        """A user of the builder's role (the producer's builder needs a producer)."""
        by_role = {
            "producer": self.producer,
            "officer": self.officer,
            "member": self.member,
            "secretary": self.secretary,
            "office": self.office,
            "operator": self.operator,
        }
        role = next(r for r, b in BUILDERS.items() if b is build)
        return by_role[role]

    def test_every_screenshot_a_guide_shows_exists_and_is_taken_by_the_command(self) -> None:
        shot_names = {s.name for s in SHOTS}
        for lang in LANGUAGES:
            for slug in GUIDES:
                for name in screenshot_names(slug, lang):
                    self.assertTrue((SCREENSHOT_DIR / name).is_file(), name)
                    folder, _, file = name.partition("/")
                    self.assertEqual(folder, lang, f"{slug}: {name} is in another language")
                    self.assertIn(file.removesuffix(".png"), shot_names)

    def test_the_committed_screenshots_stay_small(self) -> None:
        total = sum(p.stat().st_size for p in SCREENSHOT_DIR.rglob("*.png"))
        self.assertLess(total, 3 * 1024 * 1024)

    def test_no_placeholder_is_left_unfilled(self) -> None:
        for lang in LANGUAGES:
            for slug in GUIDES:
                self.assertNotRegex(
                    str(render_guide(slug, lang).html), r"\{\{ *[a-z_]+ *\}\}", slug
                )

    def test_the_help_link_opens_the_guide_for_the_users_role(self) -> None:
        template = Template('{% load help %}{% help_link "producer_form" %}')
        for user, target in [
            (self.producer, "/help/en/producer/#complete-record"),
            (self.officer, "/help/en/officer/#register-producer"),
        ]:
            html = template.render(Context({"user": user}))
            self.assertIn(f'href="{target}"', html)
            self.assertIn("visually-hidden", html)


class TemplatesUseTheHelpTestCase(BaseTestCase):
    def test_the_main_forms_have_a_question_mark_link(self) -> None:
        self.login(self.officer)
        response = self.client.get(reverse("registry:producer_add"))
        self.assertContains(response, 'href="/help/en/officer/#register-producer"')
        response = self.client.get(reverse("catalogue:verify_form"))
        self.assertContains(response, 'href="/help/en/public/#verify-certificate"')
        dossier = evaluation_scene(self).dossier
        self.login(self.member)
        response = self.client.get(reverse("evaluation:score", args=[dossier.pk]))
        self.assertContains(response, 'href="/help/en/member/#score-dossier"')
        self.login(self.producer)
        response = self.client.get(reverse("evaluation:dossier_edit", args=[dossier.pk]))
        self.assertContains(response, 'href="/help/en/producer/#fill-form"')
