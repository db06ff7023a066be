from django.test import TestCase

from ocop.places.models import Commune, LegacyDistrict, Province


class AdministrativeUnitsTestCase(TestCase):
    def test_it_has_the_34_provinces_of_july_2025(self) -> None:
        self.assertEqual(Province.objects.count(), 34)
        self.assertEqual(Province.objects.get(pk=1).name, "Thành phố Hà Nội")

    def test_hanoi_has_126_communes_and_wards(self) -> None:
        self.assertEqual(Commune.objects.filter(province_id=1).count(), 126)
        self.assertTrue(Commune.objects.filter(province_id=1, name="Xã Bát Tràng").exists())

    def test_hanoi_keeps_its_30_old_districts(self) -> None:
        hanoi_districts = LegacyDistrict.objects.filter(legacy_province_name="Thành phố Hà Nội")
        self.assertEqual(hanoi_districts.count(), 30)
        self.assertTrue(hanoi_districts.filter(name="Huyện Gia Lâm").exists())
        self.assertTrue(hanoi_districts.filter(name="Quận Đống Đa").exists())

    def test_old_gia_lam_district_maps_to_bat_trang_commune(self) -> None:
        gia_lam = LegacyDistrict.objects.get(
            name="Huyện Gia Lâm", legacy_province_name__contains="Hà Nội"
        )
        names = set(gia_lam.successor_communes.values_list("name", flat=True))
        self.assertIn("Xã Bát Tràng", names)
        self.assertEqual(gia_lam.province_id, 1)

    def test_every_hanoi_commune_is_reached_from_some_old_district(self) -> None:
        reached = Commune.objects.filter(province_id=1, legacy_districts__isnull=False).distinct()
        self.assertEqual(reached.count(), 126)

    def test_communes_match_without_diacritics_or_type_word(self) -> None:
        for text in ["bat trang", "Bát Tràng", "xã bát tràng", "BAT TRANG"]:
            names = list(Commune.objects.matching(text).values_list("name", flat=True))
            self.assertEqual(names, ["Xã Bát Tràng"], text)

    def test_dong_da_is_found_by_dong_da(self) -> None:
        names = set(Commune.objects.matching("dong da").values_list("name", flat=True))
        self.assertIn("Phường Đống Đa", names)
