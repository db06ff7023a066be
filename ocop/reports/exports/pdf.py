"""The printable report for a conference: summary, progress, bar charts drawn as vectors, and
every dashboard table. fpdf2 with DejaVu Sans, which has the Vietnamese glyphs."""

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from ocop.reports.tables import Table
from ocop.reports.templatetags.reports import figure

if TYPE_CHECKING:
    from ocop.reports.dashboard import Dashboard


# The certification app vendors DejaVu Sans (with its licence) for its certificates; reuse it.
FONTS = Path(settings.BASE_DIR) / "ocop" / "certification" / "fonts"


BAR = (11, 107, 58)  # the site's brand green


class Report(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        fonts = FONTS
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"OCOP · {self.page_no()}", align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 13) -> None:
        if self.get_y() > 250:
            self.add_page()
        self.ln(3)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def paragraph(self, text: str) -> None:
        self.set_font("DejaVu", "", 9)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def bars(self, labels: list[str], values: list[float | None], unit: str = "") -> None:
        """A horizontal bar chart drawn with rectangles (vector, sharp when printed)."""
        numbers = [v or 0 for v in values]
        top = max(numbers, default=0) or 1
        label_width, bar_width, height = 55, self.epw - 55 - 25, 5
        if self.get_y() + height * len(labels) > 280:
            self.add_page()
        self.set_font("DejaVu", "", 8)
        for label, value in zip(labels, numbers, strict=True):
            y = self.get_y()
            self.set_xy(self.l_margin, y)
            self.cell(label_width, height, self.fit(label, label_width - 2))
            self.set_fill_color(*BAR)
            width = bar_width * value / top
            if width > 0:
                self.rect(self.l_margin + label_width, y + 0.8, width, height - 1.6, style="F")
            self.set_xy(self.l_margin + label_width + width + 1, y)
            self.cell(24, height, f"{figure(value, 'int')}{unit}")
            self.set_y(y + height)
        self.set_fill_color(255)
        self.ln(2)

    def fit(self, text: str, width: float) -> str:
        """`text` cut with an ellipsis so that it fits `width` mm in the current font."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def table_of(self, table: Table) -> None:
        self.heading(str(table.title), 11)
        if table.is_empty:
            self.paragraph(_("No rows."))
            return
        self.set_font("DejaVu", "", 8)
        with self.table(
            headings_style=FontFace(emphasis="BOLD", fill_color=(232, 244, 236)),
            line_height=4.5,
            text_align="LEFT",
            padding=1,
            cell_fill_mode="NONE",
        ) as pdf_table:
            header = pdf_table.row()
            for column in table.columns:
                header.cell(str(column.header))
            for row in table.rows:
                line = pdf_table.row()
                for cell, column in zip(row, table.columns, strict=True):
                    line.cell(figure(cell.value, column.kind))
        if table.note:
            self.paragraph(str(table.note))


def pdf_report(board: "Dashboard", sample: bool | None = None) -> bytes:
    """The report's bytes for `board` (see dashboard.build)."""
    from ocop.registry.models import Producer

    if sample is None:
        sample = Producer.objects.filter(is_sample=True).exists()
    pdf = Report()
    pdf.set_title(f"OCOP – {board.plan.name}")
    pdf.add_page()
    pdf.heading(_("OCOP programme report"), 16)
    pdf.paragraph(board.plan.name)
    pdf.paragraph(_("Figures on %(day)s") % {"day": board.on.strftime("%d/%m/%Y")})
    if board.area_label:
        pdf.paragraph(_("Area: %(area)s") % {"area": board.area_label})
    if sample:
        pdf.paragraph(_("SAMPLE DATA: generated for demonstration, not real records."))
    pdf.heading(_("Summary"))
    if not board.has_data:
        pdf.paragraph(_("No data for this day: every figure below is zero."))
    for p in board.progress:
        kind = "percent" if p.target.comparison == "share" else "int"
        value = figure(p.value, kind) if p.value is not None else _("not available yet")
        line = f"• {p.label}: {value} / {figure(p.goal, kind)} – {p.status_label}"
        if p.forecast:
            line += " " + _("(forecast %(value)s, range %(low)s–%(high)s)") % {
                "value": figure(p.forecast.value, "int"),
                "low": figure(p.forecast.low, "int"),
                "high": figure(p.forecast.high, "int"),
            }
        pdf.paragraph(line)
    pdf.heading(_("Charts"))
    chart = board.charts["progress"]
    pdf.paragraph(_("Progress towards each target (%)"))
    pdf.bars([str(x) for x in chart["labels"]], chart["values"], " %")
    years = board.charts["years"]
    for series in years["series"]:
        pdf.paragraph(str(series["label"]))
        pdf.bars(years["labels"], series["values"])
    stars = board.charts["stars"]
    pdf.paragraph(_("Products ranked by star class"))
    pdf.bars(stars["labels"], stars["values"])
    pdf.heading(_("Tables"))
    for table in board.tables.values():
        pdf.table_of(table)
    return bytes(pdf.output())
