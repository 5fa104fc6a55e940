"""QC projects and small innovations by Excel: keyed by their number, a negative benefit
refused, an enterprise outside the importer's subtree refused."""

from decimal import Decimal

from gonghui.campaigns import indicators
from gonghui.campaigns.models import Innovation
from gonghui.campaigns.tests.conftest import run_import, workbook
from gonghui.core.indicators import Period

HEADERS = ["成果编号", "类别", "成果名称", "企业信用代码", "完成人/小组", "评定级别", "评定日期", "经济效益(元)"]


def rows(city):
    return [[f"QC-2012-{n:04d}", "QC技术攻关", f"降低不良率{n}", city.enterprises[n % 2].credit_code, f"第{n}QC小组", "企业级", "2012-06-01", f"{n * 1000}"]
            for n in range(1, 11)]


def test_qc_projects_import_and_reimport_updates_them(city, city_clerk):
    job = run_import("innovations", city_clerk, city.federation, workbook(HEADERS, rows(city)))
    assert (job.status, job.created_count) == ("done", 10)
    assert indicators.qc_projects(city.federation, Period.year(2012)) == 10
    assert indicators.innovation_benefit(city.federation, Period.year(2012)) == Decimal("55000")
    changed = rows(city)
    changed[0][7] = "1,500.5"
    again = run_import("innovations", city_clerk, city.federation, workbook(HEADERS, changed))
    assert (again.created_count, again.updated_count) == (0, 10) and Innovation.objects.count() == 10
    assert Innovation.objects.get(number="QC-2012-0001").benefit == Decimal("1500.50")


def test_a_negative_benefit_or_another_towns_enterprise_is_refused_and_nothing_is_written(city, make_user):
    clerk = make_user("clerk", city.town_a)
    bad = rows(city)[:3]
    bad[0][7] = "-200"
    bad[1][3] = city.enterprises[-1].credit_code  # town B's
    bad[2][7] = "十万"
    job = run_import("innovations", clerk, city.town_a, workbook(HEADERS, bad))
    text = str(job.error_sample)
    assert job.invalid_rows == 3 and not Innovation.objects.exists()
    for reason in ("经济效益不能为负数", "不在本次导入的范围内", "不是金额"):
        assert reason in text, reason
