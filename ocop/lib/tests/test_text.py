import pytest

from ocop.lib.text import contains_html, fold


@pytest.mark.parametrize(
    "text", ["bat trang", "Bát Tràng", "BAT TRANG", "bát tràng", "  Bát   Tràng ", "Bát\u200bTràng"]
)
def test_it_folds_every_spelling_of_bat_trang_the_same_way(text: str) -> None:
    assert fold(text).replace(" ", "") == "battrang"


def test_it_folds_d_with_stroke() -> None:
    assert fold("Đống Đa") == "dong da"
    assert fold("đường lâm") == "duong lam"


def test_it_folds_composed_and_decomposed_forms_alike() -> None:
    import unicodedata

    composed = unicodedata.normalize("NFC", "Phường Hà Đông")
    decomposed = unicodedata.normalize("NFD", "Phường Hà Đông")
    assert fold(composed) == fold(decomposed) == "phuong ha dong"


def test_it_spots_html_tags_but_not_comparisons() -> None:
    assert contains_html("<script>alert(1)</script>")
    assert contains_html("Gốm <b>đẹp</b>")
    assert not contains_html("giá < 50.000 đ và > 10.000 đ")
