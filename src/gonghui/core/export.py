"""The one Excel writer: streaming (constant memory), formula injection neutralised."""

import datetime
import decimal
import os
import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import FileResponse

from gonghui.core.sealing import SealedValue

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """A cell that a spreadsheet would take as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_rows(worksheet, row_index: int, values: Sequence, formats: dict) -> None:
    for col, value in enumerate(values):
        if value is None or value == "":
            worksheet.write_blank(row_index, col, None)
        elif isinstance(value, bool):
            worksheet.write_string(row_index, col, "是" if value else "否")
        elif isinstance(value, (int, float, decimal.Decimal)):
            worksheet.write_number(row_index, col, float(value), formats["money"] if isinstance(value, decimal.Decimal) else None)
        elif isinstance(value, datetime.datetime):
            worksheet.write_datetime(row_index, col, value.replace(tzinfo=None), formats["datetime"])
        elif isinstance(value, datetime.date):
            worksheet.write_datetime(row_index, col, datetime.datetime.combine(value, datetime.time()), formats["date"])
        elif isinstance(value, SealedValue):
            worksheet.write_string(row_index, col, value.masked)
        else:
            worksheet.write_string(row_index, col, safe_text(str(value)))


def write_workbook(path: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> int:
    """Write sheets of (title, headers, rows) to path; returns the number of data rows."""
    count = 0
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
    }
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(safe_sheet_title(title))
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, formats["header"])
            sheet.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
        sheet.freeze_panes(1, 0)
        row_index = 0
        for row_index, values in enumerate(rows, start=1):
            write_rows(sheet, row_index, values, formats)
        count += row_index
        if headers:
            sheet.autofilter(0, 0, max(row_index, 1), len(headers) - 1)
    workbook.close()
    return count


def safe_sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, "_")
    return title[:31] or "Sheet1"


def xlsx_response(filename: str, sheets) -> tuple[FileResponse, int]:
    """A download of the workbook; the temporary file is gone once the response is closed."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    try:
        count = write_workbook(handle.name, sheets)
        stream = open(handle.name, "rb")
    finally:
        os.unlink(handle.name)
    response = FileResponse(stream, as_attachment=True, filename=filename)
    response["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response, count
