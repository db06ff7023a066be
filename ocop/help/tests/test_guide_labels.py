"""The guides quote the interface as it is: every **bold** label is a string the interface shows
in the guide's language (see ocop/help/labels.py), so a renamed button breaks this test."""

from django.test import SimpleTestCase

from ocop.help.guides import GUIDES, LANGUAGES, guide_path
from ocop.help.labels import foreign_labels, is_shown, quoted_labels, unknown_labels

CONVENTION = (
    "In a guide, **bold** is only for what the screen shows, spelled as the interface shows it "
    "in the guide's language (look it up in ocop/locale/vi/LC_MESSAGES/django.po); write terms "
    "and emphasis in *italics*, keys as `code`."
)


class GuideLabelsTestCase(SimpleTestCase):
    def test_every_label_a_guide_quotes_is_shown_by_the_interface_in_its_language(self) -> None:
        for lang in LANGUAGES:
            for slug in GUIDES:
                text = guide_path(slug, lang).read_text(encoding="utf-8")
                self.assertEqual(unknown_labels(text, lang), [], f"{lang}/{slug}: {CONVENTION}")

    def test_no_guide_quotes_the_interface_in_the_other_language(self) -> None:
        for lang in LANGUAGES:
            for slug in GUIDES:
                text = guide_path(slug, lang).read_text(encoding="utf-8")
                self.assertEqual(foreign_labels(text, lang), [], f"{lang}/{slug}")

    def test_the_guides_quote_the_interface_often(self) -> None:
        # So the check above has something to check: a guide losing its bold would pass it.
        for lang in LANGUAGES:
            for slug in GUIDES:
                text = guide_path(slug, lang).read_text(encoding="utf-8")
                self.assertGreaterEqual(len(quoted_labels(text)), 3, f"{lang}/{slug}")


class LabelCheckTestCase(SimpleTestCase):
    def test_it_reports_a_label_the_interface_does_not_show(self) -> None:
        text = "Bấm **Cách làm?**, không phải **Làm thế nào?**."
        self.assertEqual(unknown_labels(text, "vi"), ["Làm thế nào?"])

    def test_it_reports_an_english_label_in_a_vietnamese_guide(self) -> None:
        self.assertEqual(unknown_labels("bấm **Submit the dossier**", "vi"), ["Submit the dossier"])
        self.assertEqual(
            foreign_labels("bấm nút nộp (*Submit the dossier*)", "vi"), ["Submit the dossier"]
        )
        self.assertEqual(foreign_labels("bấm **Nộp hồ sơ**", "vi"), [])

    def test_it_reports_a_vietnamese_label_in_an_english_guide(self) -> None:
        self.assertEqual(unknown_labels("press **Nộp hồ sơ**", "en"), ["Nộp hồ sơ"])
        self.assertEqual(unknown_labels("press **Submit the dossier**", "en"), [])

    def test_it_checks_each_step_of_a_menu_path(self) -> None:
        text = "**Đánh giá → Hồ sơ của tôi → Hồ sơ bí mật**"
        self.assertEqual(quoted_labels(text), ["Đánh giá", "Hồ sơ của tôi", "Hồ sơ bí mật"])
        self.assertEqual(unknown_labels(text, "vi"), ["Hồ sơ bí mật"])

    def test_a_label_may_span_two_lines_of_the_guide(self) -> None:
        self.assertEqual(
            quoted_labels("bấm **Ghi nhận quyết định và\ncấp giấy chứng nhận**"),
            ["Ghi nhận quyết định và cấp giấy chứng nhận"],
        )

    def test_a_button_built_from_a_template_matches_what_it_says(self) -> None:
        self.assertTrue(is_shown("Chuyển sang “Đang chấm điểm”", "vi"))
        self.assertTrue(is_shown("Move to “Scoring”", "en"))
        self.assertFalse(is_shown("Chuyển đến “Đang chấm điểm”", "vi"))

    def test_a_field_label_may_start_with_a_capital_as_forms_show_it(self) -> None:
        self.assertTrue(is_shown("Ngày bắt đầu", "vi"))
        self.assertFalse(is_shown("NGÀY BẮT ĐẦU", "vi"))
