"""A year's in-house titles and grades by Excel: enterprises by credit code, an association
by name; re-importing updates; one year per file; bad counts refused."""

from gonghui.campaigns import indicators
from gonghui.campaigns.models import InHouseRating
from gonghui.campaigns.tests.conftest import run_import, workbook
from gonghui.core.indicators import Period

HEADERS = ["年度", "企业信用代码或行业协会名称", "所在工会编码", "评聘技术类职工数", "评聘技能类职工数", "市级表彰"]


def test_a_years_ratings_import_and_reimport_updates_them(city, city_clerk):
    rows = [[2012, e.credit_code, "", 10 + i, 100 + i, "市级示范单位" if i == 0 else ""] for i, e in enumerate(city.enterprises[:3])]
    rows.append([2012, "模具行业协会", city.federation.code, 5, 50, "市级先进单位"])
    job = run_import("inhouse-ratings", city_clerk, city.federation, workbook(HEADERS, rows))
    assert (job.status, job.created_count, job.invalid_rows) == ("done", 4, 0), job.error_sample
    year = Period.year(2012)
    assert (indicators.inhouse_enterprises(city.federation, year), indicators.inhouse_associations(city.federation, year)) == (3, 1)
    assert (indicators.inhouse_model_units(city.federation, year), indicators.inhouse_advanced_units(city.federation, year)) == (1, 1)
    assert indicators.inhouse_technical(city.federation, year) == 10 + 11 + 12 + 5
    rows[0][3] = 40
    again = run_import("inhouse-ratings", city_clerk, city.federation, workbook(HEADERS, rows))
    assert (again.created_count, again.updated_count) == (0, 4) and InHouseRating.objects.count() == 4
    assert indicators.inhouse_technical(city.federation, year) == 40 + 11 + 12 + 5


def test_bad_rating_rows_are_refused_with_the_reason(city, make_user):
    clerk = make_user("clerk", city.town_a)
    rows = [
        [2012, city.enterprises[-1].credit_code, "", 3, 10, ""],  # town B's
        [2012, city.enterprises[0].credit_code, "", -3, 10, ""],
        [2013, city.enterprises[1].credit_code, "", 3, 10, ""],
        [2012, "某行业协会", "", 3, 10, ""],
    ]
    job = run_import("inhouse-ratings", clerk, city.town_a, workbook(HEADERS, rows))
    text = str(job.error_sample)
    assert job.invalid_rows == 4 and not InHouseRating.objects.exists()
    for reason in ("应为不小于0的整数", "一个文件只能导入一个年度", "不存在或不在本次导入的范围内", "须填写所在工会编码"):
        assert reason in text, reason
