"""The statistics pages, targets and the report, on the small test city (two towns)."""

import datetime
import io
import json
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from gonghui.core.indicators import REGISTRY, Period, Ratio, catalogue, indicator
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.stats import figures, services
from gonghui.stats.models import Target
from gonghui.stats.report import json_rows, report_data, word
from gonghui.stats.report.sentences import SECTIONS, fill, write_value, written_sections
from gonghui.testing import id_number, login_as, member_data


@pytest.fixture
def recruited(city, make_user):
    """Three members who joined in 2012 in town A, one in town B, one in town A in 2011."""
    clerk_a, clerk_b = make_user("clerk", city.town_a, username="a-clerk"), make_user("clerk", city.town_b, username="b-clerk")
    a_union, b_union = city.primaries[0], city.primaries[2]
    for n, name in enumerate(["周浒一", "周浒二", "周浒三"], start=1):
        member_services.member_register(acting_user=clerk_a, org=a_union, data=member_data(n, name=name, joined_on=datetime.date(2012, 3, n)))
    member_services.member_register(acting_user=clerk_b, org=b_union, data=member_data(11, name="吴观一", joined_on=datetime.date(2012, 5, 1)))
    member_services.member_register(acting_user=clerk_a, org=a_union, data=member_data(21, name="周浒旧", joined_on=datetime.date(2011, 6, 1)))
    return clerk_a, clerk_b


def test_the_catalogue_lists_every_indicator_with_its_definition_value_and_the_year_before(client, city, recruited, make_user):
    login_as(client, make_user("leader", city.federation))
    page = client.get("/stats/catalogue/", {"year": "2012"}).content.decode()
    for item in catalogue():
        assert item.code in page and item.name in page and item.definition in page
    row = page[page.index("members.recruited"):]
    row = row[: row.index("</tr>")]
    assert ">4</a>" in row  # 2012: four joined in the whole city
    assert ">1<" in row.replace("</td>", "<")  # 2011: one
    assert "+3" in row


def test_a_town_leader_sees_the_town_alone_and_another_town_is_404(client, city, recruited, make_user):
    login_as(client, make_user("leader", city.town_a))
    page = client.get("/stats/catalogue/", {"year": "2012"}).content.decode()
    assert city.town_a.name in page and city.town_b.name not in page
    row = page[page.index("members.recruited"):]
    assert ">3</a>" in row[: row.index("</tr>")]
    for url in ("/stats/catalogue/", "/stats/", "/stats/indicators/members.recruited/", "/stats/report/", "/stats/progress/", "/stats/report/download/"):
        assert client.get(url, {"org": city.town_b.pk, "format": "json"}).status_code == 404
    assert client.get("/stats/catalogue/", {"org": "abc"}).status_code == 404


def test_a_figure_drills_down_to_its_records_with_personal_data_masked_and_exports(client, city, recruited, make_user):
    login_as(client, make_user("leader", city.federation))
    page = client.get("/stats/indicators/members.recruited/", {"year": "2012"}).content.decode()
    assert all(name in page for name in ["周浒一", "周浒二", "周浒三", "吴观一"]) and "周浒旧" not in page
    assert id_number(1) not in page and "********" in page  # the ID number shows masked
    assert city.town_a.name in page  # the nodes below, with their share
    export = client.get("/stats/indicators/members.recruited/", {"year": "2012", "export": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(0).to_python()
    assert len(rows) == 5 and id_number(1) not in str(rows)
    assert AuditEntry.objects.filter(action="export", summary__contains="明细").exists()
    assert client.get("/stats/indicators/no.such/").status_code == 404


def test_a_rate_shows_its_base_and_an_indicator_without_records_still_has_a_page(client, city, make_user):
    @indicator("stats.test_rate", "测试比率", "%", "测试用：已建会企业 / 全部企业。")
    def test_rate(org, period):
        return Ratio(3, 8, base="已建会企业 / 全部企业")

    try:
        login_as(client, make_user("leader", city.federation))
        page = client.get("/stats/catalogue/").content.decode()
        assert "37.5%" in page and "3 / 8" in page and "已建会企业 / 全部企业" in page
        detail = client.get("/stats/indicators/stats.test_rate/").content.decode()
        assert "分子 3，分母 8" in detail
        assert {"code": "stats.test_rate", "name": "测试比率", "unit": "%", "value": 37.5, "numerator": 3, "denominator": 8,
                "base": "已建会企业 / 全部企业"} in json_rows(city.federation, 2012)
    finally:
        REGISTRY.pop("stats.test_rate")


def test_a_clerk_sets_a_target_for_the_own_subtree_only_and_a_leader_none(city, make_user):
    clerk = make_user("clerk", city.town_a)
    target = services.target_set(acting_user=clerk, indicator_code="members.recruited", org=city.town_a, year=2013, value=Decimal("100"))
    again = services.target_set(acting_user=clerk, indicator_code="members.recruited", org=city.town_a, year=2013, value=Decimal("150"))
    assert again.pk == target.pk and Target.objects.get().value == 150
    with pytest.raises(PermissionDenied):
        services.target_set(acting_user=clerk, indicator_code="members.recruited", org=city.town_b, year=2013, value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.target_set(acting_user=make_user("leader", city.town_a), indicator_code="members.recruited", org=city.town_a, year=2013, value=1)
    with pytest.raises(ValidationError) as error:
        services.target_set(acting_user=clerk, indicator_code="no.such", org=city.town_a, year=2013, value=Decimal("-1"))
    assert "indicator_code" in error.value.message_dict and "value" in error.value.message_dict
    assert AuditEntry.objects.filter(object_type="stats.target").count() == 2


def test_the_target_form_names_a_bad_field_and_saves_a_good_one(client, city, make_user):
    login_as(client, make_user("clerk", city.town_a))
    bad = client.post("/stats/targets/new/", {"indicator_code": "members.recruited", "org_code": city.town_b.code, "year": 2013, "value": "10"})
    assert "不存在或不在您的管辖范围内" in bad.content.decode() and not Target.objects.exists()
    good = client.post("/stats/targets/new/", {"indicator_code": "members.recruited", "org_code": city.town_a.code, "year": 2013, "value": "10"})
    assert good.status_code == 302 and Target.objects.get().org == city.town_a
    target = Target.objects.get()
    assert client.post(f"/stats/targets/{target.pk}/delete/").status_code == 302 and not Target.objects.exists()


def test_targets_import_from_excel_through_the_engine_and_reimport_updates(city, make_user, tmp_path):
    from gonghui.core.export import write_workbook
    from gonghui.core.imports import services as import_services

    clerk = make_user("clerk", city.federation)
    path = tmp_path / "目标.xlsx"

    from gonghui.core.imports import engine

    def import_file(rows):
        write_workbook(str(path), [("目标", ["指标编码", "工会编码", "年度", "目标值", "说明"], rows)])
        job = import_services.job_create(spec_name="targets", org=city.federation, acting_user=clerk, chunks=[path.read_bytes()], original_name="目标.xlsx")
        engine.validate_job(job.pk)
        job.refresh_from_db()
        if job.invalid_rows == 0:
            import_services.job_start(job=job, acting_user=clerk, mode="all", enqueue=False)
            engine.import_job(job.pk)
            job.refresh_from_db()
        return job

    job = import_file([["members.recruited", city.town_a.code, 2013, 100, ""], ["发展会员数", city.town_b.code, "2013年", "80", "分解"],
                       ["members.recruited", city.federation.code, 2013, 180, ""]])
    assert job.invalid_rows == 0, job
    assert {(t.org_id, t.value) for t in Target.objects.all()} == {(city.town_a.pk, 100), (city.town_b.pk, 80), (city.federation.pk, 180)}
    import_file([["members.recruited", city.town_a.code, 2013, 120, ""]])
    assert Target.objects.count() == 3 and Target.objects.get(org=city.town_a).value == 120
    bad = import_file([["no.such", city.town_a.code, 2013, 1, ""], ["members.recruited", "NOPE", 2013, 1, ""], ["members.recruited", city.town_a.code, 2013, -5, ""]])
    assert bad.invalid_rows == 3 and Target.objects.count() == 3


def test_progress_per_town_names_those_behind(client, city, recruited, make_user):
    clerk = make_user("clerk", city.federation)
    for org, value in ((city.federation, 4), (city.town_a, 2), (city.town_b, 5)):
        services.target_set(acting_user=clerk, indicator_code="members.recruited", org=org, year=2012, value=Decimal(value))
    login_as(client, make_user("leader", city.federation))
    page = client.get("/stats/progress/", {"year": "2012"}).content.decode()
    behind = page[page.index('id="behind"'):page.index("</div>", page.index('id="behind"'))]
    assert city.town_b.name in behind and "20.0%" in behind and city.town_a.name not in behind
    assert "150.0%" in page and "已完成" in page
    town_page = client.get("/stats/progress/", {"year": "2012", "org": city.town_a.pk}).content.decode()
    assert city.town_b.name not in town_page


def test_the_dashboard_shows_key_figures_charts_with_tables_and_the_home_is_it(client, city, recruited, make_user):
    login_as(client, make_user("leader", city.federation))
    page = client.get("/stats/", {"year": "2012"}).content.decode()
    assert "2012年工作概况" in page and "发展会员数" in page
    assert 'data-chart="data-months"' in page and 'id="data-months"' in page and "vendor/echarts/echarts.min.js" in page
    assert city.town_a.name in page and city.town_b.name in page  # towns compared
    assert "<script>" not in page.replace('<script type="application/json"', "")  # nothing inline to run (CSP)
    assert client.get("/").content.decode().count("工作概况") >= 1
    town = client.get("/stats/", {"org": city.town_a.pk}).content.decode()
    assert city.town_b.name not in town


def test_a_sentence_is_filled_from_indicators_and_left_out_when_one_is_missing(city):
    values = {"orgs.new_single_unions": 123, "members.recruited": 11984, "assistance.archived_helped_amount": 635000}
    assert fill("{area}新增企业单建工会{orgs.new_single_unions}家，发展会员{members.recruited}人。", values, city.federation) == "全市新增企业单建工会123家，发展会员11984人。"
    assert fill("{area}新增{orgs.new_single_unions}家。", values, city.town_a) == "全镇(街道)新增123家。"
    assert fill("发放{assistance.archived_helped_amount:wan}元，{assistance.warmth_visited}名。", values, city.federation) is None
    assert write_value(635000, "wan") == "63.5万" and write_value(Ratio(88, 100), None) == "88%" and write_value(Ratio(425, 1000), None) == "42.5%"
    sections = written_sections(values, city.federation)
    assert [s[0][:3] for s in sections] == ["(三)"]


def test_every_report_figure_of_part_one_has_a_sentence():
    from gonghui.stats.report.sentences import all_codes
    from gonghui.stats.tests.report_2012 import FIGURES_2012

    assert {f.code for f in FIGURES_2012} <= set(all_codes())
    assert len(SECTIONS) == 5


def test_the_word_report_writes_part_one_with_chinese_fonts_and_page_numbers(city, recruited):
    document = docx.Document(io.BytesIO(word.document_bytes(report_data(city.town_a, 2012))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "浒山街道总工会2012年工作报告" in text and "全镇(街道)新增企业单建工会" in text and "发展会员3人" in text
    assert 'w:eastAsia="仿宋"' in document.element.xml
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    table = document.tables[0]
    assert any(row.cells[0].text == "发展会员数" and row.cells[2].text == "3" for row in table.rows)


def test_the_report_downloads_as_word_excel_by_town_and_json(client, city, recruited, make_user):
    login_as(client, make_user("leader", city.federation))
    word_file = client.get("/stats/report/download/", {"format": "docx", "year": "2012"})
    assert word_file.status_code == 200 and "wordprocessingml" in word_file["Content-Type"]
    book = client.get("/stats/report/download/", {"format": "xlsx", "year": "2012"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(book.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[0][3:] == [city.town_a.name, city.town_b.name, "慈溪市总工会合计"]
    recruited_row = next(r for r in rows if r[0] == "members.recruited")
    assert recruited_row[3:] == [3, 1, 4]
    data = json.loads(client.get("/stats/report/download/", {"format": "json", "year": "2012"}).content)
    assert {"code": "members.recruited", "name": "发展会员数", "unit": "人", "value": 4} in data
    assert len(data) == len(catalogue())
    assert client.get("/stats/report/download/", {"format": "pdf"}).status_code == 404
    assert AuditEntry.objects.filter(object_type="stats.report").count() == 3


def test_the_report_command_writes_each_format(city, recruited, tmp_path):
    for kind in ("docx", "xlsx", "json"):
        out = tmp_path / f"r.{kind}"
        call_command("report", "--year", "2012", "--org", city.town_a.code, "--format", kind, "--output", str(out))
        assert out.stat().st_size > 0
    assert {"code": "members.recruited", "name": "发展会员数", "unit": "人", "value": 3} in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report", "--year", "2012", "--org", "NOPE", "--format", "json")


def test_cached_figures_are_dropped_when_a_write_is_audited(city, recruited, make_user, settings):
    settings.STATS_CACHE = True
    from gonghui.stats.figures import cache

    cache.clear()
    item = REGISTRY["members.recruited"]
    period = Period.year(2012)
    assert figures.raw_value(item, city.federation, period) == 4
    clerk_a, _ = recruited
    member_services.member_register(acting_user=clerk_a, org=city.primaries[0], data=member_data(31, name="周浒新", joined_on=datetime.date(2012, 9, 1)))
    assert figures.raw_value(item, city.federation, period) == 5
    cache.clear()


def _recruited_card(page: str) -> str:
    """The key-figure card of 发展会员数 on a dashboard page, as text."""
    start = page.index("发展会员数")
    return page[start:page.index("比上年", start)]


def test_after_a_write_the_dashboard_shows_the_last_figures_saying_when_and_the_next_visit_the_new_ones(client, city, recruited, make_user, settings, monkeypatch):
    settings.STATS_CACHE = True
    figures.cache.clear()
    figures.snapshots.clear()
    later = []
    monkeypatch.setattr(figures, "refresh", lambda key, work: later.append(work))  # the background thread, run below where the test can see it
    login_as(client, make_user("leader", city.federation))
    first = client.get("/stats/", {"year": "2012"}).content.decode()
    assert ">4 <" in _recruited_card(first) and "数据截至" in first and "正在重新计算" not in first
    clerk_a, _ = recruited
    member_services.member_register(acting_user=clerk_a, org=city.primaries[0], data=member_data(31, name="周浒新", joined_on=datetime.date(2012, 9, 1)))
    stale = client.get("/stats/", {"year": "2012"}).content.decode()
    assert ">4 <" in _recruited_card(stale) and "正在重新计算" in stale
    client.get("/stats/", {"year": "2012"})
    assert len(later) == 1  # one refresh at a time, however many visits meanwhile
    later.pop()()
    fresh = client.get("/stats/", {"year": "2012"}).content.decode()
    assert ">5 <" in _recruited_card(fresh) and "正在重新计算" not in fresh
    assert not later
    figures.cache.clear()
    figures.snapshots.clear()


def test_a_failed_refresh_is_logged_and_the_next_visit_tries_again(city, recruited, settings, monkeypatch, caplog):
    settings.STATS_CACHE = True
    figures.snapshots.clear()
    later = []
    monkeypatch.setattr(figures, "refresh", lambda key, work: later.append(work))
    calls = []

    def compute(version):
        calls.append(version)
        if len(calls) == 2:
            raise RuntimeError("数据库忙")
        return len(calls)

    assert figures.snapshot("k", compute).data == 1
    clerk_a, _ = recruited
    member_services.member_register(acting_user=clerk_a, org=city.primaries[0], data=member_data(32, name="周浒再", joined_on=datetime.date(2012, 9, 2)))
    shown = figures.snapshot("k", compute)
    assert shown.data == 1 and not shown.fresh
    later.pop()()
    assert "anew failed" in caplog.text
    assert figures.snapshot("k", compute).data == 1 and len(later) == 1  # tried again
    later.pop()()
    assert figures.snapshot("k", compute).data == 3
    figures.snapshots.clear()


def test_a_server_process_works_out_the_citys_dashboard_at_start_so_the_first_leader_does_not_wait(client, city, recruited, make_user, settings, monkeypatch):
    from gonghui.stats.views import dashboard

    settings.STATS_CACHE = True
    settings.REPORT_YEAR = 2012
    figures.cache.clear()
    figures.snapshots.clear()
    later = []
    monkeypatch.setattr(figures, "refresh", lambda key, work: later.append(work))
    dashboard.warm_up()
    later.pop()()

    def not_again(*args):
        raise AssertionError("the dashboard was worked out again")

    monkeypatch.setattr(dashboard, "_dashboard_data", not_again)
    login_as(client, make_user("leader", city.federation))
    page = client.get("/stats/").content.decode()
    assert ">4 <" in _recruited_card(page) and "正在重新计算" not in page
    figures.cache.clear()
    figures.snapshots.clear()
