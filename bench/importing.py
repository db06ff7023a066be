"""The XLSX product import (ocop.exchange) against a raw python-calamine read plus a bulk
insert of the same rows. Both run inside a transaction that is rolled back, so the benchmark
database is left as it was; each runs in its own process so its peak RSS is its own."""

import datetime
import resource
import time
from pathlib import Path
from typing import Any

from django.db import transaction

from bench.gen_registry import stamp

HEADER = [
    "Mã số thuế chủ thể",
    "Tên chủ thể",
    "Tên sản phẩm",
    "Tên tiếng Anh",
    "Mã nhóm sản phẩm",
    "Bộ phân loại",
    "Đơn vị tính",
    "Giá tham khảo (đồng)",
    "Nguồn nguyên liệu",
    "Tỉnh xuất xứ",
    "Mô tả",
    "Câu chuyện sản phẩm",
]
STEMS = [
    ("Chè xanh", "1.5", "kg"),
    ("Mật ong rừng", "1.2.b", "chai"),
    ("Bình gốm men rạn", "4.2", "chiếc"),
    ("Nước mắm cá cơm", "1.4", "chai"),
    ("Gạo thơm", "1.2.a", "kg"),
    ("Tinh dầu quế", "3.3", "chai"),
]


class _RollBack(Exception):
    pass


def write_xlsx(path: Path, rows: int) -> Path:
    """A spreadsheet of `rows` new products of existing producers (made once per size)."""
    if path.exists():
        return path
    from openpyxl import Workbook

    from ocop.registry.models import Producer

    producers = list(
        Producer.objects.exclude(tax_code=None)
        .order_by("pk")
        .values_list("tax_code", "name", "commune__province__name")
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sản phẩm")
    sheet.append(HEADER)
    for i in range(rows):
        tax_code, name, province = producers[i % len(producers)]
        stem, code, unit = STEMS[i % len(STEMS)]
        sheet.append(
            [
                tax_code,
                name,
                f"{stem} nhập khẩu dữ liệu {i + 1}",
                "",
                code,
                "148/2023",
                unit,
                (i % 300 + 3) * 5_000,
                "Nguyên liệu tại địa phương",
                province,
                f"{stem} mô tả {i + 1}",
                "",
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    book.save(partial)
    partial.rename(path)
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def ours(path: Path, dry_run: bool = False) -> dict[str, Any]:
    """The platform's importer, as `ocop import products` runs it (rows validated one by one,
    created through registry actions with an audit event each), then rolled back."""
    from ocop.accounts.models import User
    from ocop.exchange.runner import run

    actor = User.objects.get(username="bench-office")
    started = time.perf_counter()
    report: Any = None
    try:
        with transaction.atomic():
            report = run(path, "xlsx", "products", actor=actor, write=not dry_run)
            elapsed = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    return {
        "seconds": round(elapsed, 2),
        "rows": report.total,
        "errors": report.error_count,
        "first_errors": report.errors[:3],
        "counts": report.counts,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def raw(path: Path) -> dict[str, Any]:
    """The floor: calamine read, three dictionary look-ups per row, bulk_create."""
    from python_calamine import CalamineWorkbook

    from ocop.lib.text import fold
    from ocop.places.models import Province
    from ocop.registry.models import Producer, Product, ProductCategory

    started = time.perf_counter()
    producers = dict(Producer.objects.exclude(tax_code=None).values_list("tax_code", "pk"))
    categories = dict(
        ProductCategory.objects.filter(taxonomy__code="148/2023").values_list("code", "pk")
    )
    provinces = dict(Province.objects.values_list("name", "pk"))
    now = stamp(datetime.date.today())
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
    next(rows)
    batch: list[Product] = []
    count = 0
    try:
        with transaction.atomic():
            for cells in rows:
                tax, _producer, name, name_en, code, _tax, unit, price, origin, province = cells[
                    :10
                ]
                batch.append(
                    Product(
                        name=name,
                        name_en=name_en,
                        producer_id=producers[str(tax)],
                        category_id=categories[code],
                        unit=unit,
                        reference_price=int(price),
                        raw_material_origin=origin,
                        province_of_origin_id=provinces[province],
                        description=cells[10],
                        story=cells[11],
                        name_folded=fold(name),
                        created_at=now,
                        updated_at=now,
                    )
                )
                if len(batch) == 2_000:
                    Product.objects.bulk_create(batch)
                    count, batch = count + len(batch), []
            Product.objects.bulk_create(batch)
            count += len(batch)
            elapsed = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    return {"seconds": round(elapsed, 2), "rows": count, "peak_rss_mb": round(peak_rss_mb(), 1)}
