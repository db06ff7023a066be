"""Place names from spreadsheets matched to communes, legacy districts and provinces, without
diacritics or case, with the closest names suggested when a name is unknown or ambiguous."""

import difflib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.lib.text import fold
from ocop.places.models import Commune, LegacyDistrict, Province

COMMUNE_TYPES = ("phuong ", "xa ", "dac khu ", "thi tran ")
DISTRICT_TYPES = ("huyen ", "quan ", "thi xa ", "thanh pho ")
PROVINCE_TYPES = ("thanh pho ", "tinh ", "tp ", "tp. ")


def bare(name: str, types: Iterable[str]) -> str:
    """The folded name without its type word ("Xã Bát Tràng" -> "bat trang")."""
    folded = fold(name)
    for prefix in types:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


def suggest(name: str, candidates: Iterable[str], types: Iterable[str]) -> list[str]:
    """Up to three real names closest to `name` (compared without diacritics)."""
    by_bare: dict[str, str] = {}
    for candidate in candidates:
        by_bare.setdefault(bare(candidate, types), candidate)
    close = difflib.get_close_matches(bare(name, types), list(by_bare), n=3, cutoff=0.6)
    return [by_bare[key] for key in close]


def _unknown(kind: str, name: str, suggestions: list[str]) -> ValidationError:
    if suggestions:
        return ValidationError(
            _("No %(kind)s is named “%(name)s”. Did you mean: %(names)s?")
            % {"kind": kind, "name": name, "names": ", ".join(suggestions)}
        )
    return ValidationError(_("No %(kind)s is named “%(name)s”.") % {"kind": kind, "name": name})


class PlaceMatcher:
    """Matches names within one import; each distinct name is looked up once."""

    def __init__(self, default_province: int) -> None:
        self.default_province = default_province
        self._communes: dict[tuple[int, str], Commune] = {}
        self._districts: dict[tuple[int, str], LegacyDistrict] = {}
        self._provinces: dict[str, Province] = {}
        self._province_names: dict[str, Province] = {}
        self._all_provinces: list[Province] | None = None

    def province(self, name: str) -> Province:
        if name in self._province_names:  # most rows repeat a name already matched
            return self._province_names[name]
        key = bare(name, PROVINCE_TYPES)
        if not name and key not in self._provinces:
            self._provinces[key] = Province.objects.get(pk=self.default_province)
        if key not in self._provinces:
            found = [p for p in self._every_province() if bare(p.name, PROVINCE_TYPES) == key]
            if len(found) != 1:
                names = [p.name for p in self._every_province()]
                raise _unknown(_("province"), name, suggest(name, names, PROVINCE_TYPES))
            self._provinces[key] = found[0]
        self._province_names[name] = self._provinces[key]
        return self._provinces[key]

    def _every_province(self) -> list[Province]:
        # Read once: a file naming every province would otherwise read them all per name.
        if self._all_provinces is None:
            self._all_provinces = list(Province.objects.all())
        return self._all_provinces

    def commune(self, name: str, province: Province) -> Commune:
        key = (province.pk, fold(name))
        if key not in self._communes:
            self._communes[key] = self._find_commune(name, province)
        return self._communes[key]

    def _find_commune(self, name: str, province: Province) -> Commune:
        in_province = Commune.objects.filter(province=province)
        wanted = bare(name, COMMUNE_TYPES)
        found = [c for c in in_province.matching(name) if bare(c.name, COMMUNE_TYPES) == wanted]
        if len(found) > 1:
            # "Xã X" and "Phường X" both exist: the type word written in the cell decides.
            found = [c for c in found if c.name_folded == fold(name)] or found
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(
                _("“%(name)s” is ambiguous: write one of %(names)s.")
                % {"name": name, "names": ", ".join(c.name for c in found)}
            )
        names = in_province.values_list("name", flat=True)
        raise _unknown(_("commune"), name, suggest(name, names, COMMUNE_TYPES))

    def legacy_district(self, name: str, province: Province) -> LegacyDistrict | None:
        if not name:
            return None
        key = (province.pk, fold(name))
        if key not in self._districts:
            districts = LegacyDistrict.objects.filter(province=province)
            wanted = bare(name, DISTRICT_TYPES)
            found = [d for d in districts if bare(d.name_folded, DISTRICT_TYPES) == wanted]
            if len(found) > 1:
                found = [d for d in found if d.name_folded == fold(name)] or found
            if len(found) != 1:
                names = [d.name for d in districts]
                if found:
                    raise ValidationError(
                        _("“%(name)s” is ambiguous: write one of %(names)s.")
                        % {"name": name, "names": ", ".join(d.name for d in found)}
                    )
                raise _unknown(_("district"), name, suggest(name, names, DISTRICT_TYPES))
            self._districts[key] = found[0]
        return self._districts[key]
