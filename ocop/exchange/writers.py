"""Writing spreadsheets: XLSX with openpyxl's write-only mode (rows streamed to a temporary
file, a frozen header row) and CSV in UTF-8 with a BOM so Excel reads Vietnamese correctly.
Every text cell goes through `cells.safe` (no formula injection)."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ocop.exchange.cells import safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def xlsx_file(title: str, header: list[str], rows: Iterable[list[Any]]) -> IO[bytes]:
    """A temporary file holding the workbook, rewound, for a FileResponse to stream."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([safe(value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    return output


def csv_chunks(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """The CSV text in chunks (BOM first), for a StreamingHttpResponse."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow(["" if v is None else safe(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
