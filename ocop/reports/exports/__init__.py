"""Dashboard tables as XLSX, and the printable PDF report."""

from ocop.reports.exports.pdf import pdf_report
from ocop.reports.exports.xlsx import xlsx_table

__all__ = ["pdf_report", "xlsx_table"]
