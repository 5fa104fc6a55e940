"""The city records its skills games by Excel: the entry list (trials and finals), then the
finalists' results; bad rows are refused with the reason and nothing half-written."""

from gonghui.campaigns import indicators
from gonghui.campaigns.models import ContestEntry, ContestUnit
from gonghui.campaigns.tests.conftest import run_import, workbook
from gonghui.core.indicators import Period
from gonghui.members.models import Member
from gonghui.members import services as member_services
from gonghui.testing import id_number, member_data

ENTRY_HEADERS = ["竞赛编号", "参赛编号", "项目", "参赛单位", "单位所在工会编码", "姓名", "身份证号", "阶段"]
RESULT_HEADERS = ["竞赛编号", "参赛编号", "姓名", "名次", "奖项", "授予称号", "证书", "发证机关"]
EVENTS = ["数控车工", "焊工", "电工"]


def entry_rows(city, count=12, finals=6):
    codes = [p.code for p in city.primaries]
    return [
        ["JN2012", f"{n:04d}", EVENTS[n % 3], f"单位{n % 4}", codes[n % 4], f"选手{n}", id_number(500 + n), "决赛" if n <= finals else "岗位练兵和选拔"]
        for n in range(1, count + 1)
    ]


def test_entries_import_then_reimport_updates_without_duplicates_and_links_members(city, city_clerk, skills_games):
    member_services.member_register(acting_user=city_clerk, org=city.primaries[0], data=member_data(501, name="选手1"))
    rows = entry_rows(city)
    job = run_import("contest-entries", city_clerk, city.federation, workbook(ENTRY_HEADERS, rows))
    assert (job.status, job.created_count, job.invalid_rows) == ("done", 12, 0)
    assert ContestUnit.objects.filter(contest=skills_games).count() == 4
    assert ContestEntry.objects.get(bib="0001").member == Member.objects.get(name="选手1")
    rows[6][7] = "决赛"
    again = run_import("contest-entries", city_clerk, city.federation, workbook(ENTRY_HEADERS, rows))
    assert (again.created_count, again.updated_count) == (0, 12)
    assert ContestEntry.objects.count() == 12 and ContestEntry.objects.filter(stage="final").count() == 7


def test_results_go_onto_finalists_and_become_the_reports_figures(city, city_clerk, skills_games):
    run_import("contest-entries", city_clerk, city.federation, workbook(ENTRY_HEADERS, entry_rows(city)))
    results = [
        ["JN2012", "0001", "选手1", 1, "一等奖", "技术能手", "高级工资格证书", "市人力资源和社会保障局"],
        ["JN2012", "0002", "选手2", 1, "一等奖", "技术能手", "", ""],
        ["JN2012", "0003", "选手3", "第2名", "二等奖", "", "", ""],
    ]
    job = run_import("contest-results", city_clerk, city.federation, workbook(RESULT_HEADERS, results))
    assert (job.status, job.updated_count, job.invalid_rows) == ("done", 3, 0)
    year = Period.year(2012)
    assert indicators.skills_events(city.federation, year) == 3
    assert indicators.skills_units(city.federation, year) == 4
    assert indicators.skills_trainees(city.federation, year) == 12
    assert indicators.skills_finalists(city.federation, year) == 6
    assert indicators.skills_prize_winners(city.federation, year) == 3
    assert indicators.skills_technical_experts(city.federation, year) == 2
    assert indicators.skills_senior_certificates(city.federation, year) == 1
    # A town sees its own units' workers in the city's games, and not the other town's.
    town_a = indicators.skills_trainees(city.town_a, year)
    assert 0 < town_a < 12 and town_a + indicators.skills_trainees(city.town_b, year) == 12
    assert indicators.skills_events(city.town_a, year) == 0


def test_a_result_for_someone_not_in_the_final_is_refused_and_nothing_is_written(city, city_clerk, skills_games):
    run_import("contest-entries", city_clerk, city.federation, workbook(ENTRY_HEADERS, entry_rows(city)))
    results = [["JN2012", "0001", "选手1", 1, "一等奖", "", "", ""], ["JN2012", "0010", "选手10", 3, "三等奖", "", "", ""]]
    job = run_import("contest-results", city_clerk, city.federation, workbook(RESULT_HEADERS, results))
    assert job.invalid_rows == 1
    assert "未进入决赛" in str(job.error_sample)
    assert not ContestEntry.objects.exclude(prize="").exists()


def test_bad_result_rows_each_say_why(city, city_clerk, skills_games):
    run_import("contest-entries", city_clerk, city.federation, workbook(ENTRY_HEADERS, entry_rows(city)))
    results = [
        ["JN2012", "9999", "", 1, "", "", "", ""],
        ["JN2012", "0001", "别人", 1, "", "", "", ""],
        ["JN2012", "0002", "", -3, "", "", "", ""],
        ["JN2012", "0003", "", 1, "特等奖", "", "", ""],
        ["JN2012", "0004", "", 1, "", "", "高级工资格证书", ""],
        ["XX2012", "0005", "", 1, "", "", "", ""],
    ]
    job = run_import("contest-results", city_clerk, city.federation, workbook(RESULT_HEADERS, results))
    text = str(job.error_sample)
    assert job.invalid_rows == 6 and job.updated_count == 0
    for reason in ("没有参赛编号 9999", "姓名与参赛名单不符", "名次", "不是可选的值", "发证机关", "一个文件只能导入一个竞赛"):
        assert reason in text, reason
    assert not ContestEntry.objects.exclude(rank__isnull=True).exists()


def test_a_medal_twice_for_one_event_is_refused(city, city_clerk, sports_games):
    codes = [p.code for p in city.primaries]
    rows = [["YD2012", f"{n:03d}", "田径", "男子100米", f"代表队{n}", codes[n % 4], f"运动员{n}", id_number(700 + n), "决赛"] for n in range(1, 4)]
    headers = ["竞赛编号", "参赛编号", "大项", "小项", "代表队", "单位所在工会编码", "姓名", "身份证号", "阶段"]
    assert run_import("contest-entries", city_clerk, city.federation, workbook(headers, rows)).created_count == 3
    medals = [["YD2012", "001", "金牌"], ["YD2012", "002", "金牌"], ["YD2012", "003", "铜牌"]]
    job = run_import("contest-results", city_clerk, city.federation, workbook(["竞赛编号", "参赛编号", "奖牌"], medals))
    assert job.invalid_rows == 1 and "金牌已由参赛编号 001 获得" in str(job.error_sample)
    assert not ContestEntry.objects.exclude(medal="").exists()  # all or nothing
    # Moving the gold from one finalist to another in a corrected file is fine.
    assert run_import("contest-results", city_clerk, city.federation, workbook(["竞赛编号", "参赛编号", "奖牌"], [medals[0], medals[2]])).status == "done"
    swapped = [["YD2012", "001", "银牌"], ["YD2012", "002", "金牌"]]
    assert run_import("contest-results", city_clerk, city.federation, workbook(["竞赛编号", "参赛编号", "奖牌"], swapped)).status == "done"
    assert ContestEntry.objects.get(bib="002").medal == "gold"
    # A file of ranks alone leaves the medals as they are.
    ranks = [["YD2012", "001", 2], ["YD2012", "002", 1]]
    assert run_import("contest-results", city_clerk, city.federation, workbook(["竞赛编号", "参赛编号", "名次"], ranks)).status == "done"
    assert ContestEntry.objects.get(bib="002").medal == "gold" and ContestEntry.objects.get(bib="002").rank == 1
    year = Period.year(2012)
    assert indicators.sports_gold_medals(city.federation, year) == 1
    assert (indicators.sports_sports(city.federation, year), indicators.sports_events(city.federation, year)) == (2, 3)
    assert (indicators.sports_teams(city.federation, year), indicators.sports_athletes(city.federation, year)) == (3, 3)


def test_bad_entry_rows_are_refused_with_the_reason(city, city_clerk, skills_games):
    code = city.primaries[0].code
    rows = [
        ["JN2012", "0001", "钳工", "单位甲", code, "甲", id_number(601), "决赛"],
        ["JN2012", "0002", "焊工", "单位乙", "", "乙", id_number(602), "决赛"],
        ["JN2012", "0003", "焊工", "单位甲", code, "丙", "33028219850315001", "决赛"],
        ["JN2012", "0004", "焊工", "单位甲", code, "丁", id_number(604), "决赛"],
        ["JN2012", "0005", "焊工", "单位甲", code, "丁", id_number(604), "决赛"],
        ["JN2012", "0004", "电工", "单位甲", code, "戊", id_number(605), "决赛"],
    ]
    job = run_import("contest-entries", city_clerk, city.federation, workbook(ENTRY_HEADERS, rows))
    text = str(job.error_sample)
    assert job.invalid_rows == 5 and ContestEntry.objects.count() == 0
    for reason in ("不是竞赛「第六届职工技能运动会」的比赛项目", "首次出现，须填写其所在工会编码", "身份证号应为18位", "已以参赛编号 0004 报名该项目", "与第"):
        assert reason in text, reason


def test_a_town_clerk_cannot_import_into_the_citys_contest(city, make_user, skills_games):
    town_clerk = make_user("clerk", city.town_a)
    job = run_import("contest-entries", town_clerk, city.town_a, workbook(ENTRY_HEADERS, entry_rows(city, count=2)))
    assert job.invalid_rows == 2 and "JN2012 不存在或不在本次导入的范围内" in str(job.error_sample)
    assert ContestEntry.objects.count() == 0
