"""Loads administrative units into the database. Idempotent: safe to run again.

Takes the model classes as arguments so a data migration can pass its historical models.
"""

import json
from pathlib import Path
from typing import Any

from vietnam_provinces import Province as VNProvince
from vietnam_provinces import Ward as VNWard

from ocop.lib.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_current_units(Province: Any, Commune: Any) -> tuple[int, int]:
    """The 34 provinces and their communes/wards from the `vietnam-provinces` package."""
    provinces = [
        Province(
            code=int(p.code),
            name=p.name,
            division_type=p.division_type.value,
            codename=p.codename,
        )
        for p in VNProvince.iter_all()
    ]
    Province.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "division_type", "codename"],
    )
    communes = [
        Commune(
            code=int(w.code),
            province_id=int(w.province_code),
            name=w.name,
            division_type=w.division_type.value,
            codename=w.codename,
            name_folded=fold(w.name),
        )
        for w in VNWard.iter_all()
    ]
    Commune.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "division_type", "codename", "name_folded"],
    )
    return len(provinces), len(communes)


def load_legacy_districts(LegacyDistrict: Any, Commune: Any) -> int:
    """Districts before July 2025 (data file), and their successor communes where mapped."""
    units = DATA_DIR / "legacy_units.json"
    if not units.exists():
        return 0
    data = json.loads(units.read_text(encoding="utf-8"))
    mapping = _legacy_mapping()
    known_communes = set(Commune.objects.values_list("code", flat=True))
    count = 0
    for province in data["provinces"]:
        for district in province["districts"]:
            successors = [c for c in mapping.get(district["code"], []) if c in known_communes]
            province_codes = set(
                Commune.objects.filter(code__in=successors).values_list("province_id", flat=True)
            )
            obj, _ = LegacyDistrict.objects.update_or_create(
                code=district["code"],
                defaults={
                    "name": district["name"],
                    "division_type": district["division_type"],
                    "legacy_province_name": province["name"],
                    "province_id": province_codes.pop() if len(province_codes) == 1 else None,
                    "name_folded": fold(district["name"]),
                },
            )
            if successors:
                obj.successor_communes.set(successors)
            count += 1
    return count


def _legacy_mapping() -> dict[int, list[int]]:
    """Old district code -> new commune codes, from every mapping file shipped."""
    mapping: dict[int, list[int]] = {}
    for path in sorted(DATA_DIR.glob("legacy_mapping_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, codes in data.get("districts", {}).items():
            mapping.setdefault(int(key), []).extend(int(c) for c in codes)
    return mapping
