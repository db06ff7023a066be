"""Loads the rules eras (data/eras.toml) and the scoring sheets (criteria/*.toml) into the
database. Idempotent: safe to run again.

Takes an app registry (`django.apps.apps`, or a migration's `apps`) so a data migration can
use its historical models. Criteria-set files are documented in criteria/README.md.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ERAS_FILE = HERE / "data" / "eras.toml"
CRITERIA_DIR = HERE / "criteria"


def load_eras(apps: Any, path: Path = ERAS_FILE) -> int:
    """Create or update every era in the file, matched by code."""
    Era = apps.get_model("evaluation", "Era")
    Taxonomy = apps.get_model("registry", "Taxonomy")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for entry in data["eras"]:
        until = entry.get("valid_until")
        Era.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "decision": entry["decision"],
                "valid_from": date.fromisoformat(str(entry["valid_from"])),
                "valid_until": date.fromisoformat(str(until)) if until else None,
                "taxonomy": Taxonomy.objects.get(code=entry["taxonomy"]),
                "preliminary_level": entry.get("preliminary_level", ""),
                "certifying_levels": {str(k): v for k, v in entry["certifying_levels"].items()},
                "notes": entry.get("notes", "").strip(),
            },
        )
    return len(data["eras"])


@dataclass
class CriteriaReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.refused)} refused"
        )


def read_criteria_file(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of what is scored (parts, criteria, levels), not of names or notes."""
    content = {"parts": data.get("parts", []), "criteria": data.get("criteria", [])}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def points_problems(data: dict[str, Any]) -> list[str]:
    """The README's points rules, checked on a file's data; empty when the points add up."""
    problems: list[str] = []
    parts = {p["code"]: Decimal(str(p["max_points"])) for p in data.get("parts", [])}
    if sum(parts.values(), Decimal(0)) != 100:
        problems.append(f"parts add up to {sum(parts.values())}, not 100")
    criteria = data.get("criteria", [])
    if not criteria:
        return problems
    sums = dict.fromkeys(parts, Decimal(0))
    for c in criteria:
        if c["part"] not in parts:
            problems.append(f"criterion {c['code']}: unknown part {c['part']}")
            continue
        if not c.get("bonus"):
            sums[c["part"]] += Decimal(str(c["max_points"]))
        top = max((Decimal(str(level["points"])) for level in c.get("levels", [])), default=None)
        if top != Decimal(str(c["max_points"])):
            problems.append(f"criterion {c['code']}: highest level {top} != {c['max_points']}")
    for code, summed in sums.items():
        if summed != parts[code]:
            problems.append(f"part {code}: criteria add up to {summed}, not {parts[code]}")
    return problems


def load_criteria(apps: Any, directory: Path = CRITERIA_DIR) -> CriteriaReport:
    """Create or update one CriteriaSet per file, matched by (code, version).

    A frozen set (already used in a round) is never changed: if its file now differs, the
    file is refused and must raise `version` instead.
    """
    report = CriteriaReport()
    for path in sorted(directory.glob("*.toml")):
        _load_one(apps, read_criteria_file(path), report)
    return report


def _load_one(apps: Any, data: dict[str, Any], report: CriteriaReport) -> None:
    CriteriaSet = apps.get_model("evaluation", "CriteriaSet")
    Era = apps.get_model("evaluation", "Era")
    ProductCategory = apps.get_model("registry", "ProductCategory")
    era = Era.objects.get(code=data["era"])
    label = f"{data['code']} v{data.get('version', 1)}"
    digest = fingerprint(data)
    fields = {
        "era": era,
        "name_vi": data["name_vi"],
        "name_en": data["name_en"],
        "status": data["status"],
        "source": data.get("source", ""),
        "source_url": data.get("source_url", ""),
        "notes": data.get("notes", "").strip(),
    }
    existing = CriteriaSet.objects.filter(code=data["code"], version=data.get("version", 1)).first()
    if existing and existing.fingerprint != digest and existing.frozen:
        report.refused.append(label)
        return
    if existing is None:
        existing = CriteriaSet.objects.create(
            code=data["code"], version=data.get("version", 1), fingerprint=digest, **fields
        )
        report.created.append(label)
        _build_parts(apps, existing, data)
    elif existing.fingerprint != digest:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.fingerprint = digest
        existing.save()
        existing.parts.all().delete()  # cascades to criteria and levels; no score uses them
        _build_parts(apps, existing, data)
        report.updated.append(label)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        report.unchanged.append(label)
    codes = [str(c) for c in data.get("subgroup_codes", [])]
    existing.categories.set(
        ProductCategory.objects.filter(taxonomy_id=era.taxonomy_id, code__in=codes)
    )


def _build_parts(apps: Any, criteria_set: Any, data: dict[str, Any]) -> None:
    Part = apps.get_model("evaluation", "Part")
    Criterion = apps.get_model("evaluation", "Criterion")
    Level = apps.get_model("evaluation", "Level")
    sections = {}
    parts = {}
    for p in data.get("parts", []):
        parts[p["code"]] = Part.objects.create(
            criteria_set=criteria_set,
            code=p["code"],
            name_vi=p["name_vi"],
            name_en=p["name_en"],
            max_points=Decimal(str(p["max_points"])),
        )
        for s in p.get("sections", []):
            sections[s["code"]] = s["name_vi"]
    levels = []
    for position, c in enumerate(data.get("criteria", [])):
        criterion = Criterion.objects.create(
            criteria_set=criteria_set,
            part=parts[c["part"]],
            code=c["code"],
            section=sections.get(c.get("section", ""), ""),
            label_vi=c["label_vi"],
            label_en=c["label_en"],
            max_points=Decimal(str(c["max_points"])),
            knockout=c.get("knockout", False),
            zero_stops=c.get("zero_stops", False),
            bonus=c.get("bonus", False),
            position=position,
        )
        levels += [
            Level(
                criterion=criterion,
                points=Decimal(str(level["points"])),
                text_vi=level["text_vi"],
                text_en=level.get("text_en", ""),
                knockout=level.get("knockout", False),
                position=i,
            )
            for i, level in enumerate(c.get("levels", []))
        ]
    Level.objects.bulk_create(levels)
