"""Reports pages, split by noun: dashboard and history, drill-down records, plans, and
producers' yearly reports."""

from ocop.reports.views.dashboard import dashboard, export_table, history, report_pdf
from ocop.reports.views.plans import plan_detail, plan_edit, plan_list, target_delete, target_edit
from ocop.reports.views.producer_reports import report_edit, report_list
from ocop.reports.views.records import records

__all__ = [
    "dashboard",
    "export_table",
    "history",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "records",
    "report_edit",
    "report_list",
    "report_pdf",
    "target_delete",
    "target_edit",
]
