#!/usr/bin/env python3
"""Regenerate the legacy (pre-July-2025) administrative-unit data files in this folder.

A maintenance tool, not part of the app: nothing imports it. It runs with a plain Python 3.11+
and reads three copies of the PyPI package `vietnam-provinces`, kept apart in scratch folders
because all of them share the import name `vietnam_provinces`:

  --old   a venv with vietnam-provinces==0.6.0     (63 provinces, districts, wards; data 2025-01-04)
  --new   a venv with vietnam-provinces==2025.10.1 (34 provinces, 3,321 communes; the codes the app
          uses, since 2026.x needs Python >= 3.12 and the project runs on 3.11)
  --conv  the unpacked wheel of vietnam-provinces==2026.9.0, which ships the old-ward -> new-ward
          conversion table `vietnam_provinces/_ward_conversion_2025.py` (OLD_TO_NEW) and the new
          units with the codes of the official list (danhmuchanhchinh.nso.gov.vn)

See README.md in this folder for the commands that create those folders. Writes:
  legacy_units.json, legacy_mapping_vn.json, LICENCE-legacy-units.txt
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HANOI = 1

OLD_VERSION = "0.6.0"
NEW_VERSION = "2025.10.1"
CONV_VERSION = "2026.9.0"

CREDIT = (
    "vietnam-provinces (PyPI), by Nguyễn Hồng Quân <ng.hong.quan@gmail.com>, "
    "https://github.com/sunshine-tech/VietnamProvinces"
)
LICENCE = (
    "GPL-3.0-or-later (licence declared by the vietnam-provinces package; "
    "see LICENCE-legacy-units.txt)"
)

PROVINCE_TYPES = [("Thành phố ", "thành phố trung ương"), ("Tỉnh ", "tỉnh")]
DISTRICT_TYPES = [
    ("Quận ", "quận"),
    ("Huyện ", "huyện"),
    ("Thị xã ", "thị xã"),
    ("Thành phố ", "thành phố"),
]
WARD_TYPES = [("Phường ", "phường"), ("Xã ", "xã"), ("Thị trấn ", "thị trấn")]


def division_type(name: str, table: list[tuple[str, str]]) -> str:
    """Type of a unit from its name.

    Release 0.6.0 stores only the level ('tỉnh'/'huyện'/'xã') in division_type.
    """
    for prefix, kind in table:
        if name.casefold().startswith(prefix.casefold()):
            return kind
    raise SystemExit(f"unknown division type prefix: {name!r}")


def package_json(venv: Path, version: str) -> Path:
    """nested-divisions.json of the vietnam_provinces installed in `venv`, version checked."""
    code = (
        "import json, importlib.metadata as m, vietnam_provinces as v;"
        "print(json.dumps([m.version('vietnam-provinces'), v.__data_version__,"
        " str(v.NESTED_DIVISIONS_JSON_PATH)]))"
    )
    out = subprocess.run(  # noqa: S603 - fixed command, paths given by the operator
        [str(venv / "bin" / "python"), "-c", code], check=True, capture_output=True, text=True
    ).stdout
    got, data_version, path = json.loads(out)
    if got != version:
        raise SystemExit(f"{venv}: vietnam-provinces {got} installed, {version} expected")
    print(f"{venv}: vietnam-provinces {got}, data version {data_version}")
    return Path(path)


def norm(name: str) -> str:
    """Compare names across package versions that spell them differently.

    Only cosmetic differences are folded: case, repeated spaces, apostrophe and dash variants,
    and old- vs new-style tone placement (Thuỷ/Thủy, Hoà/Hòa). Diacritics are otherwise kept.
    """
    s = unicodedata.normalize("NFC", name).casefold()
    s = s.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip()
    old_style = {
        "oà": "òa",
        "oá": "óa",
        "oả": "ỏa",
        "oã": "õa",
        "oạ": "ọa",
        "oè": "òe",
        "oé": "óe",
        "oẻ": "ỏe",
        "oẽ": "õe",
        "oẹ": "ọe",
        "uỳ": "ùy",
        "uý": "úy",
        "uỷ": "ủy",
        "uỹ": "ũy",
        "uỵ": "ụy",
    }
    for a, b in old_style.items():
        s = s.replace(a, b)
    return s


def load_conversion(conv: Path) -> Any:
    path = conv / "vietnam_provinces" / "_ward_conversion_2025.py"
    meta = conv / f"vietnam_provinces-{CONV_VERSION}.dist-info" / "METADATA"
    if not meta.exists():
        raise SystemExit(f"{meta} missing: unpack the {CONV_VERSION} wheel into {conv}")
    spec = importlib.util.spec_from_file_location("_ward_conversion_2025", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--old", type=Path, default=Path("/tmp/vp06"))  # noqa: S108
    ap.add_argument("--new", type=Path, default=Path("/tmp/vpnew"))  # noqa: S108
    ap.add_argument("--conv", type=Path, default=Path("/tmp/vp2026"))  # noqa: S108
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()

    old = json.loads(package_json(args.old, OLD_VERSION).read_text(encoding="utf-8"))
    new = json.loads(package_json(args.new, NEW_VERSION).read_text(encoding="utf-8"))
    conv = load_conversion(args.conv)
    official_json = args.conv / "vietnam_provinces" / "data" / "nested-divisions.json"
    official = json.loads(official_json.read_text(encoding="utf-8"))

    # ---------------------------------------------------------------- 1. legacy_units.json
    provinces = []
    for p in sorted(old, key=lambda p: p["code"]):
        districts = []
        for d in sorted(p["districts"], key=lambda d: d["code"]):
            wards = [
                {
                    "code": w["code"],
                    "name": w["name"],
                    "division_type": division_type(w["name"], WARD_TYPES),
                }
                for w in sorted(d["wards"], key=lambda w: w["code"])
            ]
            districts.append(
                {
                    "code": d["code"],
                    "name": d["name"],
                    "division_type": division_type(d["name"], DISTRICT_TYPES),
                    "wards": wards,
                }
            )
        provinces.append(
            {
                "code": p["code"],
                "name": p["name"],
                "division_type": division_type(p["name"], PROVINCE_TYPES),
                "districts": districts,
            }
        )
    units = {
        "source": (
            f"{CREDIT}, release {OLD_VERSION} (data version 2025-01-04, names and codes of the "
            "General Statistics Office of Viet Nam), file "
            "vietnam_provinces/data/nested-divisions.json. "
            "All 63 provinces, all districts and all wards. Codes and names are copied unchanged; "
            "division_type is read from the name's prefix (Quận/Huyện/Thị xã/Thành phố; Phường/Xã/"
            "Thị trấn; Tỉnh/Thành phố) because release 0.6.0 stores only the level "
            "('tỉnh'/'huyện'/'xã') there. Built by build_legacy_units.py."
        ),
        "licence": LICENCE,
        "provinces": provinces,
    }
    out_units = args.out / "legacy_units.json"
    out_units.write_text(
        json.dumps(units, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )

    n_districts = sum(len(p["districts"]) for p in provinces)
    n_wards = sum(len(d["wards"]) for p in provinces for d in p["districts"])
    hanoi = next(p for p in provinces if p["code"] == HANOI)
    hn_districts = len(hanoi["districts"])
    hn_wards = sum(len(d["wards"]) for d in hanoi["districts"])
    print(f"{out_units.name}: {out_units.stat().st_size:,} bytes")
    print(f"  provinces {len(provinces)}, districts {n_districts}, wards {n_wards}")
    print(f"  Hanoi ({hanoi['name']}): districts {hn_districts}, wards {hn_wards}")
    assert len(provinces) == 63, len(provinces)
    assert hn_districts == 30, hn_districts
    assert hn_wards == 526, hn_wards
    for name in ("Huyện Gia Lâm", "Quận Đống Đa"):
        assert any(d["name"] == name for d in hanoi["districts"]), name

    # Cross-check names and division types against the legacy data of release 2026.9.0, which
    # carries its own copy of the pre-2025 units with proper division types (needs nothing but
    # the unpacked wheel; Python 3.11 imports it).
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from vietnam_provinces.legacy import _lookup as L;"
            "print(json.dumps({k: {str(c): [u.name, str(u.division_type.value)]"
            " for c, u in m.items()} for k, m in (('p', L.PROVINCE_MAPPING),"
            " ('d', L.DISTRICT_MAPPING), ('w', L.WARD_MAPPING))}))",
        ],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(args.conv), "PATH": "/usr/bin:/bin"},
    ).stdout
    ref = json.loads(check)
    diffs: Counter[str] = Counter()
    for p in provinces:
        items = [("p", p)] + [("d", d) for d in p["districts"]]
        items += [("w", w) for d in p["districts"] for w in d["wards"]]
        for level, u in items:
            other = ref[level].get(str(u["code"]))
            if other is None:
                diffs[f"{level}: missing in {CONV_VERSION} legacy"] += 1
                continue
            if other[0] != u["name"]:
                diffs[f"{level}: name differs"] += 1
                print(f"  note: {level} {u['code']} {u['name']!r} is {other[0]!r} there")
            if other[1] != u["division_type"]:
                diffs[f"{level}: division_type differs"] += 1
                print(f"  note: {level} {u['code']} type {u['division_type']!r} vs {other[1]!r}")
    print(f"  cross-check with {CONV_VERSION} legacy data: {dict(diffs) or 'identical'}")

    # ---------------------------------------------------------------- 2. legacy_mapping_vn.json
    ward_district = {
        w["code"]: d["code"] for p in provinces for d in p["districts"] for w in d["wards"]
    }
    district_province = {d["code"]: p["code"] for p in provinces for d in p["districts"]}

    app_units = {w["code"]: (p["code"], w["name"]) for p in new for w in p["wards"]}
    off_units = {w["code"]: (p["code"], w["name"]) for p in official for w in p["wards"]}
    by_norm: dict[tuple[int, str], list[int]] = defaultdict(list)
    for code, (pc, name) in app_units.items():
        by_norm[(pc, norm(name))].append(code)

    # Official code (conversion table, 2026.x) -> code in 2025.10.1 (what the app stores).
    to_app: dict[int, int] = {}
    untranslated = []
    for code, (pc, name) in off_units.items():
        same = app_units.get(code)
        if same and same[0] == pc and norm(same[1]) == norm(name):
            to_app[code] = code
            continue
        hits = by_norm.get((pc, norm(name)), [])
        if len(hits) == 1:
            to_app[code] = hits[0]
        else:
            untranslated.append({"official_code": code, "province_code": pc, "name": name})
    assert len(set(to_app.values())) == len(to_app), "code translation is not one-to-one"
    differing = {str(a): o for o, a in sorted(to_app.items(), key=lambda kv: kv[1]) if o != a}

    wards_map: dict[str, list[int]] = {}
    districts_map: dict[int, set[int]] = defaultdict(set)
    partly = []
    not_in_units = []
    dropped_new: Counter[int] = Counter()
    for old_code, entry in sorted(conv.OLD_TO_NEW.items()):
        new_codes = []
        for ref_ in entry.new_wards:
            if ref_.code in to_app:
                new_codes.append(to_app[ref_.code])
            else:
                dropped_new[ref_.code] += 1
        new_codes = sorted(set(new_codes))
        district = ward_district.get(old_code)
        if district is None:
            # The table knows a ward code that release 0.6.0 does not have; keep it on the
            # district the table names if that district exists.
            not_in_units.append({"code": old_code, "district_code": entry.old_ward.district_code})
            table_district = entry.old_ward.district_code
            district = table_district if table_district in district_province else None
        if district is None:
            continue
        wards_map[str(old_code)] = new_codes
        districts_map[district].update(new_codes)
        if entry.old_ward.is_partly_merged:
            partly.append(old_code)

    # Island districts had no communes, so the ward table cannot reach them; each became a
    # special zone (đặc khu) of the same name. Matched by name and listed apart, not from the table.
    by_name_nation: dict[str, list[int]] = defaultdict(list)
    for code, (_pc, name) in app_units.items():
        by_name_nation[norm(name)].append(code)
    name_matched = []
    for p in provinces:
        for d in p["districts"]:
            if d["wards"] or districts_map.get(d["code"]):
                continue
            base = re.sub(r"^(huyện|quận|thị xã|thành phố) ", "", norm(d["name"]))
            hits = by_name_nation.get(f"đặc khu {base}", [])
            if len(hits) == 1:
                districts_map[d["code"]].add(hits[0])
                name_matched.append(
                    {
                        "code": d["code"],
                        "name": d["name"],
                        "new_code": hits[0],
                        "new_name": app_units[hits[0]][1],
                    }
                )

    all_districts = [d["code"] for p in provinces for d in p["districts"]]
    unmapped_districts = [
        {"code": d["code"], "name": d["name"], "province": p["name"], "wards": len(d["wards"])}
        for p in provinces
        for d in p["districts"]
        if not districts_map.get(d["code"])
    ]
    unmapped_wards = [
        {"code": w["code"], "name": w["name"], "district_code": d["code"]}
        for p in provinces
        for d in p["districts"]
        for w in d["wards"]
        if str(w["code"]) not in wards_map
    ]
    reached = set().union(*districts_map.values())
    unreached = sorted(set(app_units) - reached)

    hn_district_codes = [d["code"] for d in hanoi["districts"]]
    hn_new = {c for c, (pc, _) in app_units.items() if pc == HANOI}
    hn_reached = set().union(*(districts_map.get(c, set()) for c in hn_district_codes))
    hn_mapped = [c for c in hn_district_codes if districts_map.get(c)]
    hn_wards_mapped = sum(
        1 for d in hanoi["districts"] for w in d["wards"] if str(w["code"]) in wards_map
    )

    counts = {
        "old_provinces": len(provinces),
        "old_districts": len(all_districts),
        "old_districts_mapped": len(all_districts) - len(unmapped_districts),
        "old_wards": n_wards,
        "old_wards_mapped": n_wards - len(unmapped_wards),
        "new_communes": len(app_units),
        "new_communes_reached": len(reached & set(app_units)),
        "hanoi_old_districts": len(hn_district_codes),
        "hanoi_old_districts_mapped": len(hn_mapped),
        "hanoi_old_wards": hn_wards,
        "hanoi_old_wards_mapped": hn_wards_mapped,
        "hanoi_new_communes": len(hn_new),
        "hanoi_new_communes_reached": len(hn_reached & hn_new),
    }
    mapping = {
        "source": (
            f"{CREDIT}, release {CONV_VERSION}: table OLD_TO_NEW in "
            "vietnam_provinces/_ward_conversion_2025.py, generated by the package author from "
            "dev/seed-data/2025-07/BangChuyendoiĐVHCmoi_cu_khong_merge.csv in the GitHub "
            "repository sunshine-tech/VietnamProvinces (the Government's conversion table of "
            "new and old communes, published with the draft Decision on the list and codes of "
            "administrative units on chinhphu.vn). Old units: release 0.6.0; new commune codes: "
            "release 2025.10.1."
        ),
        "licence": LICENCE,
        "effective_date": "2025-07-01",
        "method": (
            "Taken, not typed: for every old ward, the new communes/wards OLD_TO_NEW lists for it "
            "(a ward split between several new communes lists them all; such wards are in "
            "partly_merged_wards). A district's list is the union over its wards, each ward "
            "placed in its district by release 0.6.0. The table uses the codes of the official "
            "list (as in vietnam-provinces >= 2026.1); the app uses release 2025.10.1, whose codes "
            f"differ for {len(differing)} communes, so every code was translated to the 2025.10.1 "
            "code of the commune with the same name in the same province (names compared "
            "ignoring case, spaces, apostrophe/dash variants and old-style tone placement). "
            "official_codes lists the 2025.10.1 codes whose official code differs. Exception, "
            "not from the table: the island districts without communes (no wards in release "
            "0.6.0) are mapped by name to the special zone (Đặc khu) of the same name; they are "
            "listed in name_matched_districts."
        ),
        "new_code_basis": f"vietnam-provinces {NEW_VERSION} (WardCode)",
        "counts": counts,
        "districts": {str(k): sorted(districts_map[k]) for k in sorted(districts_map)},
        "wards": wards_map,
        "partly_merged_wards": sorted(partly),
        "name_matched_districts": name_matched,
        "official_codes": differing,
        "unmapped_districts": unmapped_districts,
        "unmapped_old_wards": unmapped_wards,
        "table_wards_not_in_legacy_units": not_in_units,
        "unreached_new_communes": [
            {"code": c, "province_code": app_units[c][0], "name": app_units[c][1]}
            for c in unreached
        ],
        "untranslated_official_codes": untranslated,
    }
    out_map = args.out / "legacy_mapping_vn.json"
    out_map.write_text(
        json.dumps(mapping, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{out_map.name}: {out_map.stat().st_size:,} bytes")
    for k, v in counts.items():
        print(f"  {k}: {v}")
    print(
        f"  official codes differing from {NEW_VERSION}: {len(differing)} "
        f"(Hanoi: {sum(1 for a in differing if app_units[int(a)][0] == HANOI)})"
    )
    print(f"  untranslated official codes: {untranslated}")
    print(f"  new codes dropped (no 2025.10.1 match): {dict(dropped_new)}")
    print(f"  unmapped districts: {[(d['code'], d['name']) for d in unmapped_districts]}")
    print(f"  name-matched island districts: {[(d['name'], d['new_name']) for d in name_matched]}")
    print(f"  unmapped old wards: {len(unmapped_wards)}")
    print(f"  table wards not in 0.6.0: {len(not_in_units)}")
    print(f"  unreached new communes: {[(c, app_units[c][1]) for c in unreached]}")
    assert len(hn_mapped) == 30 and hn_wards_mapped == 526

    # Sanity check independent of the table: where a new Hanoi commune has the same name as an
    # old Hanoi ward, the table should send that old ward (at least partly) to it.
    hn_old_by_name = defaultdict(list)
    for d in hanoi["districts"]:
        for w in d["wards"]:
            hn_old_by_name[norm(w["name"])].append(w["code"])
    same_name = agree = 0
    for code in sorted(hn_new):
        for old_code in hn_old_by_name.get(norm(app_units[code][1]), []):
            same_name += 1
            agree += code in wards_map.get(str(old_code), [])
    print(f"  Hanoi name check: {agree}/{same_name} same-name old wards map to their namesake")

    # ---------------------------------------------------------------- 3. licence
    gpl = Path("/usr/share/common-licenses/GPL-3")
    header = f"""Licence and credit for the data files legacy_units.json and legacy_mapping_vn.json
===============================================================================

The data in these files was extracted from the Python package "vietnam-provinces":

  Author:      Nguyễn Hồng Quân <ng.hong.quan@gmail.com> ("Given to you by Nguyễn Hồng Quân,
               after nights and weekends." -- package README, section Credit)
  Repository:  https://github.com/sunshine-tech/VietnamProvinces
  Package:     https://pypi.org/project/vietnam-provinces/
  Releases:    {OLD_VERSION} (legacy_units.json: pre-2025 provinces, districts, wards),
               {CONV_VERSION} (legacy_mapping_vn.json: old-ward -> new-ward table OLD_TO_NEW),
               {NEW_VERSION} (codes of the new communes used in legacy_mapping_vn.json)
  Licence:     GPL-3.0-or-later, as declared in the package metadata
               (pyproject.toml of the {OLD_VERSION} sdist: license = {{text = "GPL-3.0-or-later"}};
               METADATA of the {CONV_VERSION} wheel: License-Expression: GPL-3.0-or-later).
               Neither the {OLD_VERSION} wheel nor its sdist contains a LICENSE file; the text of
               the GNU General Public License version 3 is reproduced below.

Upstream sources named by the package: names and codes of administrative units from the General
Statistics Office of Viet Nam (Tổng cục Thống kê, https://danhmuchanhchinh.gso.gov.vn/); the
conversion table from the Government's draft decision on the list and codes of administrative
units (chinhphu.vn).

Changes made here: the package's nested JSON was reduced to code, name and division_type; the
division_type of each unit was read from its name; the old-ward table was restated per district
and its new-ward codes translated to those of release {NEW_VERSION}. build_legacy_units.py in
this folder does all of this and can be re-run.

-------------------------------------------------------------------------------

"""
    (args.out / "LICENCE-legacy-units.txt").write_text(
        header + gpl.read_text(encoding="utf-8"), encoding="utf-8"
    )
    print("LICENCE-legacy-units.txt written")


if __name__ == "__main__":
    main()
