"""Issue 9's "done when" for contests, in a real browser: the city clerk records the skills
games with its events, imports the entry list (trials and finals) by Excel, has a results
file refused for a worker who was not in the final, imports the corrected winners, and
reads the figures as indicators. Screenshots: /tmp/gonghui-shots/campaigns-*.png."""

import re
from pathlib import Path

import pytest
import xlsxwriter

from gonghui.campaigns.models import ContestEntry
from gonghui.core.roles import Role
from gonghui.testing import TEST_PASSWORD, id_number, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")
EVENTS = ["数控车工", "焊工", "维修电工"]
ENTRIES, FINALISTS = 60, 24


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"campaigns-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def sheet(path: Path, headers, rows) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            ws.write_string(r, c, str(value))
    book.close()
    return path


def upload(page, link_name, path: Path):
    page.get_by_role("link", name=link_name).first.click()
    page.wait_for_url(re.compile(r"/imports/contest-[a-z]+/new/$"))
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    page.wait_for_load_state()


def import_all(page):
    page.get_by_label("全部无误才导入(有一行错误则不导入任何数据)").check()
    page.get_by_role("button", name="导入").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    page.wait_for_load_state()
    assert page.get_by_test_id("job-status").inner_text() == "导入完成", page.locator("#job-progress").inner_text()


@pytest.fixture
def city_clerk(city):
    return make_user(Role.CLERK, city.federation, username="city-clerk")


def test_the_city_records_the_skills_games_with_finals_and_winners_by_excel(city, city_clerk, browser_page, live_server, tmp_path):
    page, base = browser_page, live_server.url
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    sign_in(page, base, city_clerk.username)
    page.locator("nav.navbar").get_by_role("link", name="劳动竞赛与创新").click()
    page.wait_for_url(re.compile(r"/campaigns/$"))

    # The contest with its events.
    page.get_by_role("link", name="登记竞赛").click()
    page.get_by_label("竞赛编号").fill("JN2012")
    page.get_by_label("类型").select_option(label="职工技能运动会")
    page.get_by_label("名称").fill("第六届职工技能运动会")
    page.get_by_label("主办单位").fill("市总工会、市人力社保局")
    page.get_by_label("开始日期").fill("2012-05-10")
    page.get_by_label("结束日期").fill("2012-08-28")
    page.get_by_label("比赛项目").fill("\n".join(EVENTS))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/$"))
    assert page.locator("#contest-code").inner_text() == "JN2012"
    assert page.locator("#events tbody tr").count() == 3

    # The entry list: trials and finals, units filed under their unions.
    codes = [p.code for p in city.primaries]
    entries = [["JN2012", f"{n:04d}", EVENTS[n % 3], f"单位{n % 6}", codes[n % 6 % len(codes)], f"选手{n}", id_number(800 + n),
                "决赛" if n <= FINALISTS else "岗位练兵和选拔"] for n in range(1, ENTRIES + 1)]
    upload(page, "导入参赛名单", sheet(tmp_path / "参赛名单.xlsx", ["竞赛编号", "参赛编号", "比武项目", "参赛单位", "单位所在工会编码", "姓名", "身份证号", "阶段"], entries))
    assert page.get_by_test_id("job-status").inner_text() == "校验完成，待导入", page.locator("#job-progress").inner_text()
    import_all(page)

    # The winners: a row for a worker who only took part in the trials is refused.
    headers = ["竞赛编号", "参赛编号", "姓名", "名次", "奖项", "授予称号", "证书", "发证机关"]
    winners = [["JN2012", f"{n:04d}", f"选手{n}", 1 if n <= 3 else 2, "一等奖" if n <= 3 else "二等奖", "技术能手" if n <= 3 else "", "高级工资格证书" if n <= 2 else "",
                "市人力资源和社会保障局" if n <= 2 else ""] for n in range(1, 9)]
    page.goto(base + f"/campaigns/{ContestEntry.objects.first().contest_id}/")
    upload(page, "导入决赛成绩", sheet(tmp_path / "成绩(有误).xlsx", headers, winners + [["JN2012", "0050", "选手50", 3, "三等奖", "", "", ""]]))
    assert "未进入决赛" in page.locator("body").inner_text()
    shot(page, "results-refused")
    assert not ContestEntry.objects.exclude(prize="").exists()
    page.goto(base + f"/campaigns/{ContestEntry.objects.first().contest_id}/")
    upload(page, "导入决赛成绩", sheet(tmp_path / "成绩.xlsx", headers, winners))
    import_all(page)

    page.goto(base + f"/campaigns/{ContestEntry.objects.first().contest_id}/")
    assert page.locator("#count-finalists").inner_text() == str(FINALISTS)
    assert page.locator("#count-prizes").inner_text() == "8"
    shot(page, "contest")

    # The figures, as indicators of the city for 2012.
    page.get_by_role("link", name="参赛名单与成绩").click()
    assert f"共 {ENTRIES} 条" in page.locator("#list-table").inner_text()
    page.locator("nav.navbar").get_by_role("link", name="劳动竞赛与创新").click()
    page.get_by_role("link", name="指标", exact=True).click()
    page.get_by_label("年度").select_option("2012")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(r"year=2012"))
    figures = {code: page.get_by_test_id(f"campaigns.{code}").inner_text() for code in (
        "skills_events", "skills_units", "skills_trainees", "skills_finalists", "skills_technical_experts", "skills_prize_winners", "skills_senior_certificates")}
    assert figures == {"skills_events": "3", "skills_units": "6", "skills_trainees": str(ENTRIES), "skills_finalists": str(FINALISTS),
                       "skills_technical_experts": "3", "skills_prize_winners": "8", "skills_senior_certificates": "2"}
    shot(page, "figures")
    assert not refused, refused
