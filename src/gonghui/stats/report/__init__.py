"""The annual work report of a scope and a year, in three forms: a Word document whose part
one is written in the source report's manner (word.py), an Excel workbook of every indicator
by child node with the total (workbook.py), and JSON for other systems (one object per
indicator). A town produces its own: the scope is any node the user may see."""

from dataclasses import dataclass

from gonghui.core.indicators import Period, Ratio, catalogue
from gonghui.stats import figures


@dataclass(frozen=True)
class ReportData:
    org: object
    year: int
    figures: list  # figures.Figure for every registered indicator

    @property
    def values(self) -> dict:
        return {f.code: f.value for f in self.figures}


def report_data(org, year: int) -> ReportData:
    return ReportData(org, year, figures.figures(org, Period.year(year), with_previous=True))


def json_rows(org, year: int) -> list[dict]:
    """One object per indicator: code, name, unit, value (a rate: its percentage, with its base)."""
    rows = []
    for figure in figures.figures(org, Period.year(year), with_previous=False):
        value = figure.value
        row = {"code": figure.code, "name": figure.indicator.name, "unit": figure.indicator.unit, "value": _json_number(figures.number(value))}
        if isinstance(value, Ratio):
            row.update(numerator=_json_number(value.numerator), denominator=_json_number(value.denominator), base=value.base)
        rows.append(row)
    return rows


def _json_number(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def filename(org, year: int, extension: str) -> str:
    return f"{org.name}{year}年工作报告.{extension}" if extension == "docx" else f"{org.name}{year}年统计指标.{extension}"


__all__ = ["ReportData", "report_data", "json_rows", "filename", "catalogue"]
