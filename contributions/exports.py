"""The statistics as a spreadsheet: .xlsx (openpyxl) and CSV, the same rows as the page."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from contributions.selectors import Statistics


def headers() -> list[str]:
    return [
        _("Rank"),
        _("Organisation"),
        _("Reports sent"),
        _("Reports adopted"),
        _("Adoption rate (%)"),
        _("Lead articles"),
        _("Points"),
    ]


def rows(statistics: Statistics) -> list[list]:
    return [
        [
            row.rank,
            row.organisation.name,
            row.submitted,
            row.adopted,
            float(row.rate) if row.rate is not None else None,
            row.lead,
            float(row.points),
        ]
        for row in statistics.rows
    ]


def title(statistics: Statistics) -> str:
    return _("%(series)s: reports %(start)s to %(end)s") % {
        "series": statistics.series.title,
        "start": statistics.start.isoformat(),
        "end": statistics.end.isoformat(),
    }


def filename(statistics: Statistics, extension: str) -> str:
    period = f"{statistics.start:%Y%m%d}-{statistics.end:%Y%m%d}"
    return f"reports-{statistics.series.slug}-{period}.{extension}"


def as_xlsx(statistics: Statistics) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistics")
    sheet.append([title(statistics)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Points rule: %(rule)s") % {"rule": statistics.rule}])
    sheet.append([])
    sheet.append(headers())
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows(statistics):
        sheet.append(row)
        sheet.cell(sheet.max_row, 2).data_type = "s"  # a name starting with = is no formula
    for letter, width in zip("ABCDEFG", (6, 36, 10, 10, 14, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_csv(statistics: Statistics) -> str:
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows(statistics):
        # Spreadsheets run a cell starting with = + - @ as a formula: not a name.
        row[1] = f"'{row[1]}" if row[1][:1] in ("=", "+", "-", "@") else row[1]
        writer.writerow(row)
    return buffer.getvalue()
