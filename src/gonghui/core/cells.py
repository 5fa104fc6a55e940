"""Reading typed values out of spreadsheet cells, whatever the cell holds: a date, a
number Excel stored for a date or a code, or text typed in any of the ways clerks type."""

import datetime
import re

from django.core.exceptions import ValidationError

from gonghui.core.validators import normalise

_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def cell_text(value) -> str:
    """Text of a cell; an integral float (Excel's storage of typed digits) loses its '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and 1 < value < 80000:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = normalise(cell_text(value))
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValidationError(f"日期「{cell_text(value)}」无法识别，请写成 2012-05-01 的形式")


def parse_yes_no(value) -> bool:
    text = cell_text(value)
    if text in {"是", "Y", "y", "1", "TRUE", "True", "true", "规上", "规模以上"}:
        return True
    if text in {"否", "N", "n", "0", "FALSE", "False", "false", "", "规下", "规模以下"}:
        return False
    raise ValidationError(f"「{text}」应填“是”或“否”")
