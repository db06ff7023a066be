"""One dashboard table as an XLSX workbook: Vietnamese headers, number and date formats, the
header row frozen, and a second sheet saying what the figures are."""

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.reports.tables import Table

if TYPE_CHECKING:
    from ocop.reports.dashboard import Dashboard

FORMATS = {"int": "#,##0", "vnd": '#,##0 "₫"', "percent": "0.0%", "date": "DD/MM/YYYY"}
HEADER_FILL = PatternFill("solid", fgColor="E8F4EC")


def _cell_value(value: object, kind: str) -> object:
    if value is None or value == "":
        return None
    if kind == "percent":
        return float(Decimal(str(value)) / 100)
    if kind in {"int", "vnd"} and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if not isinstance(value, int | float | Decimal) and not hasattr(value, "year"):
        return str(value)
    return value


def xlsx_table(table: Table, board: "Dashboard", language: str = "vi") -> bytes:
    """The workbook's bytes; headers in `language` (Vietnamese by default)."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = _("Data")[:31]
        sheet.append([str(c.header) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for row in table.rows:
            sheet.append(
                [_cell_value(c.value, col.kind) for c, col in zip(row, table.columns, strict=True)]
            )
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            width = max(
                [len(str(column.header))] + [len(str(r[index - 1].value or "")) for r in table.rows]
            )
            sheet.column_dimensions[letter].width = min(max(width + 2, 10), 60)
            if column.kind in FORMATS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = FORMATS[column.kind]
        sheet.freeze_panes = "A2"
        about = workbook.create_sheet(_("About")[:31])
        about.append([_("Table"), str(table.title)])
        about.append([_("Plan"), board.plan.name])
        about.append([_("On"), board.on])
        about["B3"].number_format = FORMATS["date"]
        about.append([_("Area"), board.area_label or _("The whole province")])
        if not board.has_data:
            about.append([_("Note"), _("No data for this day: the figures are zero.")])
        about.column_dimensions["A"].width = 16
        about.column_dimensions["B"].width = 60
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
