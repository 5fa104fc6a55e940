"""The report as an Excel workbook: every indicator (rows) by child node (columns) with the
scope's total, through the one writer (gonghui.core.export)."""

from gonghui.core.export import write_workbook, xlsx_response
from gonghui.core.indicators import Period, catalogue
from gonghui.stats import figures


def sheets(org, year: int):
    period = Period.year(year)
    nodes = figures.children(org)
    version = figures.data_version()
    headers = ["指标编码", "指标", "单位", *[n.name for n in nodes], f"{org.name}合计"]

    def rows():
        for item in catalogue():
            values = [figures.number(figures.raw_value(item, node, period, version=version)) for node in nodes]
            yield [item.code, item.name, "%" if item.unit == "%" else item.unit, *values, figures.number(figures.raw_value(item, org, period, version=version))]

    return [(f"{year}年指标", headers, rows())]


def write(path: str, org, year: int) -> int:
    return write_workbook(path, sheets(org, year))


def response(filename: str, org, year: int):
    return xlsx_response(filename, sheets(org, year))[0]
