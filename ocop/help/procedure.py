"""The rules the guides quote, generated from the data and functions the platform itself uses,
so a guide never disagrees with the rules:

- star classes: `ocop.evaluation.classification` (STAR_BOUNDS, LOWEST_CERTIFIED);
- who certifies what, by era: the `Era` rows loaded from ocop/evaluation/data/eras.toml;
- scoring parts: the criteria sets of the era in force;
- what a dossier needs, by product group: `ocop.evaluation.checklist.checklist_for`;
- certificate validity and expiry warnings: `VALIDITY_MONTHS` and the notices' THRESHOLDS;
- upload limits: `max_evidence_bytes()` and OCOP_MAX_PHOTO_BYTES.

A guide writes `{{ name }}` (see DATA); `fill` replaces it with Markdown in the guide's language.
Labels owned by other apps come through their translations; the few words written here are
per language, like the guides themselves.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from ocop.certification.actions.notices import THRESHOLDS
from ocop.certification.models import VALIDITY_MONTHS
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.classification import LOWEST_CERTIFIED, STAR_BOUNDS
from ocop.evaluation.models import CriteriaSet, Era, Part, RoundLevel
from ocop.evaluation.uploads import max_evidence_bytes
from ocop.registry.models import ProductCategory

WORDS = {
    "vi": {
        "score": "Điểm",
        "class": "Hạng",
        "certified": "Được công nhận?",
        "yes": "Có: được cấp giấy chứng nhận, được dùng biểu trưng OCOP",
        "no": "Không",
        "from": "từ",
        "below": "dưới",
        "to_below": "đến dưới",
        "era": "Quy định",
        "in_force": "Hiệu lực",
        "since": "từ",
        "until": "đến",
        "preliminary": "Sơ bộ / kiểm tra hồ sơ",
        "none": "không",
        "part": "Phần",
        "points": "Điểm tối đa",
        "and": "và",
        "no_groups": "Chưa có nhóm sản phẩm nào trong hệ thống.",
    },
    "en": {
        "score": "Score",
        "class": "Class",
        "certified": "Certified?",
        "yes": "Yes: a certificate, and the OCOP logo may be used",
        "no": "No",
        "from": "from",
        "below": "below",
        "to_below": "to below",
        "era": "Rules",
        "in_force": "In force",
        "since": "from",
        "until": "until",
        "preliminary": "Preliminary check",
        "none": "none",
        "part": "Part",
        "points": "Maximum points",
        "and": "and",
        "no_groups": "No product group is recorded yet.",
    },
}


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def star_rows() -> list[tuple[Decimal | None, Decimal | None, int, bool]]:
    """(lowest score, score it stays below, stars, certified) from the classification bounds."""
    rows: list[tuple[Decimal | None, Decimal | None, int, bool]] = []
    upper: Decimal | None = None
    for bound, stars in STAR_BOUNDS:
        rows.append((bound, upper, stars, stars >= LOWEST_CERTIFIED))
        upper = bound
    rows.append((None, upper, 1, LOWEST_CERTIFIED <= 1))
    return rows


def stars_table(lang: str) -> str:
    w = WORDS[lang]
    lines = [f"| {w['score']} | {w['class']} | {w['certified']} |", "|---|---|---|"]
    for low, high, stars, certified in star_rows():
        if low is None:
            score = f"{w['below']} {_num(high or Decimal(0))}"
        elif high is None:
            score = f"{w['from']} {_num(low)}"
        else:
            score = f"{w['from']} {_num(low)} {w['to_below']} {_num(high)}"
        lines.append(f"| {score} | {stars}★ | {w['yes'] if certified else w['no']} |")
    return "\n".join(lines)


def _level(code: str) -> str:
    return str(RoundLevel(code).label) if code in RoundLevel.values else code


def eras_table(lang: str) -> str:
    """Who checks and who certifies each class, in every era the platform knows."""
    w = WORDS[lang]
    head = f"| {w['era']} | {w['in_force']} | {w['preliminary']} | 3★ | 4★ | 5★ |"
    lines = [head, "|---|---|---|---|---|---|"]
    with translation.override(lang):
        for era in Era.objects.order_by("valid_from"):
            until = f" {w['until']} {era.valid_until:%d/%m/%Y}" if era.valid_until else ""
            cells = [
                era.name,
                f"{w['since']} {era.valid_from:%d/%m/%Y}{until}",
                _level(era.preliminary_level) if era.preliminary_level else w["none"],
                *(_level(era.certifier_of(stars)) for stars in (3, 4, 5)),
            ]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def era_in_force(day: datetime.date | None = None) -> Era | None:
    day = day or timezone.localdate()
    return Era.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def scoring_parts(lang: str) -> list[tuple[str, str, Decimal]]:
    """(code, name, maximum points) of the parts of the scoring sheets in force."""
    era = era_in_force()
    if era is None:
        return []
    sets = CriteriaSet.objects.filter(era__valid_from__lte=era.valid_from)
    latest = sets.order_by("-era__valid_from").values_list("era", flat=True).first()
    parts: dict[str, tuple[str, str, Decimal]] = {}
    for part in Part.objects.filter(criteria_set__era=latest).order_by("code", "pk"):
        name = part.name_vi if lang == "vi" else part.name_en
        parts.setdefault(part.code, (part.code, name, part.max_points))
    return list(parts.values())


def parts_table(lang: str) -> str:
    w = WORDS[lang]
    lines = [f"| {w['part']} | | {w['points']} |", "|---|---|---|"]
    lines += [f"| {code} | {name} | {_num(points)} |" for code, name, points in scoring_parts(lang)]
    return "\n".join(lines)


def product_groups() -> list[ProductCategory]:
    """The top-level product groups of the taxonomy in force."""
    era = era_in_force()
    groups = ProductCategory.objects.filter(parent=None)
    if era is not None:
        groups = groups.filter(taxonomy=era.taxonomy_id)
    return list(groups.order_by("code"))


def dossier_needs(lang: str) -> str:
    """One list per product group: the evidence its dossier needs, required items first."""
    w = WORDS[lang]
    groups = product_groups()
    if not groups:
        return w["no_groups"]
    blocks = []
    with translation.override(lang):
        for group in groups:
            name = group.name_vi if lang == "vi" else group.name_en
            items = []
            for item in checklist_for(group.code):
                # The dossier page's own words, so the guide and the page say the same.
                need = gettext("required") if item.required else gettext("optional")
                items.append(f"- **{item.label}** ({need}): {item.help}")
            blocks.append(
                f"### {group.code}. {name} {{#needs-{group.code}}}\n\n" + "\n".join(items)
            )
    return "\n\n".join(blocks)


def era_name(lang: str) -> str:
    era = era_in_force()
    return era.name if era else ""


def notice_days(lang: str) -> str:
    days = sorted(THRESHOLDS, reverse=True)
    return f" {WORDS[lang]['and']} ".join(str(d) for d in days)


DATA: dict[str, Callable[[str], str]] = {
    "stars_table": stars_table,
    "eras_table": eras_table,
    "parts_table": parts_table,
    "dossier_needs": dossier_needs,
    "era_in_force": era_name,
    "lowest_certified": lambda lang: str(LOWEST_CERTIFIED),
    "validity_months": lambda lang: str(VALIDITY_MONTHS),
    "validity_years": lambda lang: _num(Decimal(VALIDITY_MONTHS) / 12),
    "notice_days": notice_days,
    "evidence_max_mb": lambda lang: str(max_evidence_bytes() // 1_048_576),
    "photo_max_mb": lambda lang: str(settings.OCOP_MAX_PHOTO_BYTES // 1_048_576),
}


def fill(text: str, lang: str) -> str:
    """`text` with every `{{ name }}` replaced; an unknown name is an error, not a blank."""
    from ocop.help.guides import PLACEHOLDER

    def value(match: object) -> str:
        name = match.group(1)  # type: ignore[attr-defined]
        if name not in DATA:
            raise KeyError(f"unknown placeholder {{{{ {name} }}}} in a guide")
        return DATA[name](lang)

    return PLACEHOLDER.sub(value, text)
