"""Certificate codes: `<province prefix>-<year>-<5-digit number>`, e.g. `HN-2025-00123`.

Numbers come from `CodeSequence`, one row per prefix and year, locked while a code is taken,
so two secretaries issuing at the same moment never get the same number.
"""

from django.conf import settings
from django.db import transaction

from ocop.certification.models import Certificate, CodeSequence
from ocop.places.models import Province

# Short prefixes for the 34 provinces and cities since 1 July 2025 (province code → prefix).
# Where the initials of two provinces collide, the longer form tells them apart.
# A deployment may override or extend them with the OCOP_CERTIFICATE_PREFIXES setting.
PROVINCE_PREFIXES: dict[int, str] = {
    1: "HN",
    4: "CB",
    8: "TQ",
    11: "DB",
    12: "LCH",
    14: "SL",
    15: "LCA",
    19: "TNG",
    20: "LS",
    22: "QNI",
    24: "BN",
    25: "PT",
    31: "HP",
    33: "HY",
    37: "NB",
    38: "TH",
    40: "NA",
    42: "HT",
    44: "QT",
    46: "HUE",
    48: "DNG",
    51: "QNG",
    52: "GL",
    56: "KH",
    66: "DLK",
    68: "LD",
    75: "DNA",
    79: "HCM",
    80: "TNI",
    82: "DT",
    86: "VL",
    91: "AG",
    92: "CT",
    96: "CM",
}


def prefix_for(province: Province) -> str:
    """The code prefix of `province` (a setting first, then the table, then its initials)."""
    configured: dict[int, str] = getattr(settings, "OCOP_CERTIFICATE_PREFIXES", {})
    prefix = configured.get(province.code) or PROVINCE_PREFIXES.get(province.code)
    if prefix:
        return prefix
    return "".join(word[0] for word in province.codename.split("_") if word).upper()[:10]


def format_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:05d}"


@transaction.atomic
def next_code(*, prefix: str, year: int) -> str:
    """Take the next free code for `prefix` and `year`; the row stays locked until commit."""
    # Create the row if it is missing without failing when another transaction creates it at
    # the same time (ON CONFLICT DO NOTHING waits for that transaction, then does nothing).
    CodeSequence.objects.bulk_create(
        [CodeSequence(prefix=prefix, year=year)], ignore_conflicts=True
    )
    sequence = CodeSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last += 1
    # Skip numbers taken by certificates recorded without the sequence (imports, demo data).
    while Certificate.objects.filter(code=format_code(prefix, year, sequence.last)).exists():
        sequence.last += 1
    sequence.save(update_fields=["last"])
    return format_code(prefix, year, sequence.last)
