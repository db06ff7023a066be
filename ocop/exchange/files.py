"""Reading uploaded spreadsheets safely: sniff the real format, refuse oversized files and zip
bombs before anything is decompressed, then stream the rows of the first sheet."""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

XLSX, CSV = "xlsx", "csv"


def max_upload_bytes() -> int:
    return int(getattr(settings, "OCOP_MAX_IMPORT_BYTES", 20 * 1024 * 1024))


def max_unzipped_bytes() -> int:
    """An XLSX unpacks to about 5-10 times its size; far more than that is a zip bomb."""
    return int(getattr(settings, "OCOP_MAX_IMPORT_UNZIPPED_BYTES", 300 * 1024 * 1024))


class Refused(Exception):
    """The whole file is refused (wrong type, too big, unreadable): nothing is imported."""


def sniff_format(head: bytes, name: str) -> str:
    """The file's real format from its first bytes (the name's extension is not trusted)."""
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(_("This is an old Excel file (.xls). Save it as .xlsx or CSV and try again."))
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise Refused(_("This file is not a spreadsheet. Upload an .xlsx or a .csv file."))
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise Refused(_("This file says it is .xlsx but is not. Save it again from Excel."))
    return CSV


def check_upload(upload: IO[bytes], name: str, size: int) -> str:
    """Refuse a file before it is stored: too big, wrong type, or a zip bomb. The format."""
    if size > max_upload_bytes():
        raise Refused(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {"size": round(size / 1_048_576, 1), "limit": max_upload_bytes() // 1_048_576}
        )
    if size == 0:
        raise Refused(_("The file is empty."))
    upload.seek(0)
    fmt = sniff_format(upload.read(8), name)
    upload.seek(0)
    if fmt == XLSX:
        check_zip(upload)
        upload.seek(0)
    return fmt


def check_zip(file: IO[bytes]) -> None:
    """Read only the zip directory: refuse when the declared contents are too large."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError):
        raise Refused(_("The .xlsx file is damaged and cannot be opened.")) from None
    if sum(info.file_size for info in infos) > max_unzipped_bytes():
        raise Refused(
            _("The file unpacks to more than %(limit)s MB, which no real list needs. Refused.")
            % {"limit": max_unzipped_bytes() // 1_048_576}
        )
    if "xl/workbook.xml" not in names:
        raise Refused(_("This zip file is not an Excel workbook. Upload an .xlsx or a .csv file."))


@dataclass
class Table:
    """The rows of one uploaded sheet: a header, a row count, and a stream of rows."""

    header: list[str]
    total: int
    rows: Iterator[tuple[int, list[Any]]]
    merged_header: bool = False


def open_table(path: Path, fmt: str) -> Table:
    """Open the first sheet (XLSX) or the file (CSV). Raises Refused when unreadable."""
    return _open_xlsx(path) if fmt == XLSX else _open_csv(path)


def _open_xlsx(path: Path) -> Table:
    with path.open("rb") as file:
        check_zip(file)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except CalamineError:
        raise Refused(_("The .xlsx file is damaged and cannot be opened.")) from None
    start_row = sheet.start[0] if sheet.start else 0
    rows = sheet.iter_rows()
    header_cells = next(rows, None)
    if header_cells is None:
        raise Refused(_("The sheet is empty: the first row must hold the column headers."))
    merged = any(
        first[0] <= start_row <= last[0] and first[1] != last[1]
        for first, last in (sheet.merged_cell_ranges or [])
    )
    numbered = ((start_row + 2 + i, list(cells)) for i, cells in enumerate(rows))
    return Table(
        header=[_header_text(c) for c in header_cells],
        total=max(0, sheet.height - 1),
        rows=numbered,
        merged_header=merged,
    )


def _open_csv(path: Path) -> Table:
    total, dialect = _scan_csv(path)
    text = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(text, dialect)
    header = next(reader, None)
    if header is None:
        text.close()
        raise Refused(_("The file is empty: the first row must hold the column headers."))

    def numbered() -> Iterator[tuple[int, list[Any]]]:
        with text:
            for cells in reader:
                yield reader.line_num, cells

    return Table(header=[_header_text(c) for c in header], total=max(0, total - 1), rows=numbered())


def _scan_csv(path: Path) -> tuple[int, type[csv.Dialect]]:
    """Count the lines and check the encoding in one pass, and guess the delimiter (',' or
    ';', which Excel uses where ',' is the decimal mark)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines, first, last = 0, "", "\n"
    try:
        with path.open("rb") as raw:
            for chunk in iter(lambda: raw.read(1 << 20), b""):
                text = decoder.decode(chunk)
                if not first:
                    first = text.split("\n", 1)[0]
                lines += text.count("\n")
                last = text[-1:] or last
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Refused(
            _("The CSV file is not in UTF-8. In Excel choose “CSV UTF-8” when saving.")
        ) from None

    class Dialect(csv.excel):
        delimiter = ";" if first.count(";") > first.count(",") else ","

    return lines + (last != "\n"), Dialect


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()
