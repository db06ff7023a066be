"""Showrooms and points of sale (điểm giới thiệu và bán sản phẩm OCOP), matched on their name
(without diacritics or case) and commune. Each row goes through the market's own actions
(`showroom_create`, `showroom_update`, `showroom_set_status`), so the rules on opening and
closing dates and on status changes are theirs; a dry run runs them in a savepoint that is
rolled back. Operator accounts are not imported (they are chosen on the showroom's page)."""

import copy
import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.audit.actions import snapshot
from ocop.exchange import cells
from ocop.exchange.importers.base import NEW, UNCHANGED, UPDATED, Column, Context, ImportType, Row
from ocop.exchange.importers.producers import COMMUNE, LEGACY_DISTRICT, parse_place
from ocop.lib.text import fold
from ocop.market.actions import showroom_create, showroom_set_status, showroom_update
from ocop.market.models import Showroom, ShowroomKind, ShowroomStatus

KIND_VI: dict[str, str] = {
    ShowroomKind.SHOWROOM: "Điểm giới thiệu và bán sản phẩm OCOP",
    ShowroomKind.POINT_OF_SALE: "Điểm bán sản phẩm OCOP",
    ShowroomKind.DESIGN_CENTRE: "Trung tâm thiết kế sáng tạo và bán sản phẩm OCOP",
    ShowroomKind.MALL_BOOTH: "Gian hàng trong trung tâm thương mại, siêu thị",
}
STATUS_VI: dict[str, str] = {
    ShowroomStatus.PLANNED: "Dự kiến",
    ShowroomStatus.OPEN: "Đang hoạt động",
    ShowroomStatus.TEMPORARILY_CLOSED: "Tạm đóng cửa",
    ShowroomStatus.CLOSED: "Đã đóng cửa",
}
KIND_ALIASES = {fold(label): code for code, label in KIND_VI.items()} | {
    "showroom": ShowroomKind.SHOWROOM,
    "diem gioi thieu": ShowroomKind.SHOWROOM,
    "diem ban": ShowroomKind.POINT_OF_SALE,
    "trung tam thiet ke sang tao": ShowroomKind.DESIGN_CENTRE,
    "gian hang": ShowroomKind.MALL_BOOTH,
}
STATUS_ALIASES = {fold(label): code for code, label in STATUS_VI.items()} | {
    "hoat dong": ShowroomStatus.OPEN,
    "dang mo cua": ShowroomStatus.OPEN,
    "tam dong": ShowroomStatus.TEMPORARILY_CLOSED,
    "da dong": ShowroomStatus.CLOSED,
}

SHOWROOM_NAME = Column(
    "name",
    "Tên điểm bán",
    "Showroom",
    "Điểm giới thiệu sản phẩm OCOP Hồ Tùng Mậu",
    True,
    ("Tên điểm giới thiệu", "Showroom name", "Tên"),
)


def parse_kind(value: Any) -> str:
    return cells.choice(value, list(ShowroomKind.choices), KIND_ALIASES) if value else ""


def parse_status(value: Any) -> str:
    return cells.choice(value, list(ShowroomStatus.choices), STATUS_ALIASES) if value else ""


def find_showroom(ctx: Context, name: str, commune_id: int) -> Showroom | None:
    """The stored showroom with this name (without diacritics or case) in this commune."""
    by_place = ctx.cache.get(("showrooms",))
    if by_place is None:
        by_place = {}
        for showroom in Showroom.objects.all():
            by_place.setdefault((showroom.commune_id, showroom.name_folded), []).append(showroom)
        ctx.cache[("showrooms",)] = by_place
    found = by_place.get((commune_id, fold(name)), [])
    if len(found) > 1:
        raise ValidationError(
            {
                "name": _(
                    "Several showrooms in this commune are named “%(name)s”: rename one of "
                    "them on its page first."
                )
                % {"name": name}
            }
        )
    return found[0] if found else None


class ShowroomImport(ImportType):
    key = "showrooms"
    key_column = "name"
    label = gettext_lazy("Showrooms and points of sale")
    columns = [
        SHOWROOM_NAME,
        Column("kind", "Loại điểm bán", "Type", KIND_VI[ShowroomKind.SHOWROOM], True, ("Loại",)),
        Column("status", "Trạng thái", "Status", STATUS_VI[ShowroomStatus.OPEN]),
        Column("address", "Địa chỉ", "Address", "202 Hồ Tùng Mậu", True),
        COMMUNE,
        LEGACY_DISTRICT,
        Column(
            "operator_name",
            "Đơn vị vận hành",
            "Operating organisation",
            "Công ty Đầu tư và Phát triển Nông nghiệp Hà Nội",
        ),
        Column("area_m2", "Diện tích (m²)", "Area (m²)", 100, False, ("Diện tích", "Area")),
        Column("opened_on", "Ngày khai trương", "Opening date", "01/12/2022", False),
        Column("closed_on", "Ngày đóng cửa", "Closing date", ""),
        Column("phone", "Điện thoại", "Phone", "0243xxxxxxx", False, ("Số điện thoại",)),
        Column("email", "Thư điện tử", "Email", "", False, ("E-mail",)),
        Column("opening_hours", "Giờ mở cửa", "Opening hours", "8:00–21:00 hằng ngày"),
        Column("latitude", "Vĩ độ", "Latitude", "21.045500"),
        Column("longitude", "Kinh độ", "Longitude", "105.778800"),
    ]
    # A refused status change is the one error the market raises without a field.
    field_columns = {"commune": "commune", "__all__": "status"}

    def parse_row(self, row: Row, ctx: Context) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": row.get("name", required=True),
            "kind": row.get("kind", parse_kind, required=True),
            "address": row.get("address", required=True),
            **parse_place(row, ctx),
        }
        if row.has("status") and (status := row.get("status", parse_status)):
            values["status"] = status
        for key in ("operator_name", "phone", "email", "opening_hours"):
            if row.has(key):
                values[key] = row.get(key)
        if row.has("area_m2"):
            values["area_m2"] = row.get("area_m2", cells.whole_number)
        for key in ("opened_on", "closed_on"):
            if row.has(key):
                values[key] = row.get(key, cells.date)
        for key in ("latitude", "longitude"):
            if row.has(key):
                values[key] = row.get(key, lambda v: cells.decimal(v, places=6))
        return values

    def natural_key(self, parsed: dict[str, Any]) -> tuple:
        return ("showroom", fold(parsed["name"]), parsed["commune"].pk)

    def upsert(self, parsed: dict[str, Any], ctx: Context) -> str:
        values = dict(parsed)
        status = values.pop("status", "")
        stored = find_showroom(ctx, values["name"], values["commune"].pk)
        if stored is None:
            showroom = Showroom(**values, status=status or ShowroomStatus.PLANNED)
            _act(ctx, lambda: showroom_create(actor=ctx.actor, showroom=showroom))
            return NEW
        showroom = copy.copy(stored)
        for name, value in values.items():
            setattr(showroom, name, value)
        changed = snapshot(showroom) != snapshot(stored)
        moving = bool(status) and status != stored.status
        if not changed and not moving:
            return UNCHANGED

        def update() -> None:
            if changed:
                showroom_update(actor=ctx.actor, showroom=showroom)
            if moving:
                on = _status_day(showroom, status)
                showroom_set_status(actor=ctx.actor, showroom=showroom, status=status, on=on)

        _act(ctx, update)
        return UPDATED


def _status_day(showroom: Showroom, status: str) -> datetime.date:
    """The day a status change takes effect: the dates in the row, else today."""
    if status == ShowroomStatus.CLOSED and showroom.closed_on:
        return showroom.closed_on
    if status == ShowroomStatus.OPEN and showroom.opened_on:
        return showroom.opened_on
    return timezone.localdate()


class _DryRun(Exception):
    pass


def _act(ctx: Context, action: Callable[[], Any]) -> None:
    """Run the market's action; in a dry run, inside a savepoint rolled back at once, so the
    check is exactly the action's own."""
    if ctx.write:
        action()
        return
    try:
        with transaction.atomic():
            action()
            raise _DryRun
    except _DryRun:
        pass
