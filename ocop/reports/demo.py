"""Sample plans and producers' yearly reports.

The 2021–2025 targets are Hanoi's published ones (see DOMAIN.md); the 2026–2030 plan and all
yearly reports are invented for the demonstration and flagged as sample data.
"""

import random
from decimal import Decimal

from django.conf import settings

from ocop.registry.models import Producer
from ocop.reports.models import Comparison, Plan, ProducerReport, Scope, Target

REPORT_YEARS = range(2021, 2026)


def _targets(plan: Plan, rows: list[tuple[str, str, int, str, str]]) -> list[Target]:
    return [
        Target(
            plan=plan,
            indicator=indicator,
            label=label,
            value=Decimal(value),
            comparison=comparison,
            scope=scope,
            position=position,
        )
        for position, (indicator, label, value, comparison, scope) in enumerate(rows, start=1)
    ]


def build(rng: random.Random) -> tuple[int, int, int]:
    """Create the two plans, their targets and yearly reports. Returns (plans, targets, reports)."""
    province = settings.OCOP_PROVINCE
    current = Plan.objects.create(
        name="Hanoi OCOP 2021–2025",
        start_year=2021,
        end_year=2025,
        province_id=province,
        source="Kế hoạch thực hiện Chương trình OCOP TP Hà Nội giai đoạn 2021–2025",
        is_sample=True,
    )
    following = Plan.objects.create(
        name="Hanoi OCOP 2026–2030",
        start_year=2026,
        end_year=2030,
        province_id=province,
        source="Sample figures for the demonstration (not an adopted plan)",
        is_sample=True,
    )
    at_least, share = Comparison.AT_LEAST, Comparison.SHARE
    city, district = Scope.CITY, Scope.EACH_LEGACY_DISTRICT
    targets = _targets(
        current,
        [
            ("products_ranked", "Đánh giá, phân hạng ít nhất 2.000 sản phẩm", 2000, at_least, city),
            (
                "new_certified",
                "Ít nhất 400 sản phẩm mới đạt 3 sao trở lên mỗi năm",
                400,
                at_least,
                city,
            ),
            (
                "localities_with_design_centre",
                "Mỗi quận, huyện, thị xã có ít nhất 1 trung tâm thiết kế sáng tạo,"
                " trưng bày, bán sản phẩm OCOP",
                1,
                at_least,
                district,
            ),
            (
                "malls_supermarkets_selling_ocop",
                "100% trung tâm thương mại, siêu thị bán sản phẩm OCOP",
                100,
                share,
                city,
            ),
            (
                "producers_in_modern_channels",
                "Ít nhất 50% chủ thể OCOP bán qua kênh hiện đại",
                50,
                share,
                city,
            ),
            (
                "jobs_created",
                "Tạo việc làm cho ít nhất 5.000 lao động nông thôn",
                5000,
                at_least,
                city,
            ),
        ],
    )
    targets += _targets(
        following,
        [
            (
                "products_ranked",
                "Đánh giá, phân hạng ít nhất 2.500 sản phẩm (mẫu)",
                2500,
                at_least,
                city,
            ),
            (
                "new_certified",
                "Ít nhất 450 sản phẩm mới đạt 3 sao trở lên mỗi năm (mẫu)",
                450,
                at_least,
                city,
            ),
            (
                "certificates_expired",
                "Không quá 50 giấy chứng nhận hết hạn chưa đánh giá lại (mẫu)",
                50,
                Comparison.AT_MOST,
                city,
            ),
        ],
    )
    Target.objects.bulk_create(targets)
    reports = _reports(rng, province)
    ProducerReport.objects.bulk_create(reports, batch_size=1000)
    return 2, len(targets), len(reports)


def _reports(rng: random.Random, province: int) -> list[ProducerReport]:
    """About four in five sample producers report each year; jobs grow with their workforce."""
    producers = Producer.objects.filter(is_sample=True, commune__province_id=province).order_by(
        "pk"
    )
    reports = []
    for producer_id, workers in producers.values_list("pk", "workers"):
        staff = max(int(workers or 5) - 4, 1)
        for year in REPORT_YEARS:
            created = rng.choice([0, 0, 1, 1, 1, 2, 2, 3])
            staff += created
            if rng.random() < 0.8:
                reports.append(
                    ProducerReport(
                        producer_id=producer_id,
                        year=year,
                        workers=staff,
                        revenue=staff * rng.randint(60, 240) * 1_000_000,
                        jobs_created=created,
                        is_sample=True,
                    )
                )
    return reports
