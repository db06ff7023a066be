"""Loads the product-group taxonomies (Decision 148/2023, Decision 1048/2019) from data.

Takes the model classes as arguments so a data migration can pass its historical models.
"""

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.toml"


def load_taxonomies(Taxonomy: Any, ProductCategory: Any, path: Path = TAXONOMY_FILE) -> int:
    """Create or update every taxonomy and category in the file. Idempotent.

    A category's parent is the category whose code is its code minus the last part
    ("1.1.a" sits under "1.1", which sits under group "1").
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    count = 0
    for entry in data["taxonomies"]:
        valid_until = entry.get("valid_until")
        taxonomy, _ = Taxonomy.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name_vi"],
                "decision": entry["decision"],
                "valid_from": date.fromisoformat(str(entry["valid_from"])),
                "valid_until": date.fromisoformat(str(valid_until)) if valid_until else None,
            },
        )
        by_code: dict[str, Any] = {}
        for group in entry["groups"]:
            for item in [group, *group.get("subgroups", [])]:
                code = str(item["code"])
                parent = by_code.get(code.rpartition(".")[0]) if "." in code else None
                by_code[code], _ = ProductCategory.objects.update_or_create(
                    taxonomy=taxonomy,
                    code=code,
                    defaults={
                        "parent": parent,
                        "name_vi": item["name_vi"],
                        "name_en": item["name_en"],
                        "note": item.get("note", ""),
                    },
                )
                count += 1
    return count
