"""The report as a self-contained HTML page (inline SVG charts) and as an XLSX workbook."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.export import neutralize
from pipeline.report.charts import CHART_CSS, draw
from pipeline.report.model import DailyReport

EMPTY = "—"
SHEETS = {"sectors": "Секторы", "municipalities": "Муниципалитеты", "sentiment": "Тональность",
          "top": "Главные инциденты", "surges": "Всплески", "overdue": "Просроченные",
          "unanswered": "Без ответа", "rating": "Рейтинг блоков", "problems": "Проблемы"}
_env = Environment(loader=PackageLoader("pipeline.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))


def cell_text(value: object) -> str:
    """How a cell reads in the HTML; the XLSX holds the same value (numbers as numbers)."""
    if value is None:
        return EMPTY
    return str(value)


_env.filters["cell"] = cell_text


def html_text(report: DailyReport) -> str:
    charts = [(c.title, draw(c)) for c in report.charts]
    return _env.get_template("report.html").render(
        report=report, charts=charts, chart_css=CHART_CSS,
        generated=report.generated_at.astimezone(_zone(report)).strftime("%d.%m.%Y %H:%M"))


def _zone(report: DailyReport):
    from zoneinfo import ZoneInfo

    return ZoneInfo(report.timezone)


def sheet_name(key: str) -> str:
    return SHEETS.get(key, key)[:31]


def file_stem(report: DailyReport) -> str:
    return f"radar-report-{report.day.isoformat()}"


def write_html(report: DailyReport, out_dir: Path) -> Path:
    path = Path(out_dir) / f"{file_stem(report)}.html"
    path.write_text(html_text(report), encoding="utf-8")
    return path


def write_xlsx(report: DailyReport, out_dir: Path) -> Path:
    """One sheet per table: title in row 1, column names in row 2, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in report.tables:
        sheet = book.create_sheet(sheet_name(table.key))
        sheet.append([neutralize(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([neutralize(c) for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralize(v) for v in row])
        if table.note:
            sheet.append([])
            sheet.append([neutralize(table.note)])
        sheet.freeze_panes = "A3"
        for i, column in enumerate(table.columns):
            sheet.column_dimensions[sheet.cell(2, i + 1).column_letter].width = \
                min(max(len(column), 10) + 2, 60)
    path = Path(out_dir) / f"{file_stem(report)}.xlsx"
    book.save(path)
    return path


def write_report(report: DailyReport, out_dir: Path) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_html(report, out), write_xlsx(report, out)
