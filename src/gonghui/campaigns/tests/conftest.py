import datetime
import io

import pytest
import xlsxwriter

from gonghui.campaigns import services
from gonghui.core.imports import engine
from gonghui.core.imports import services as import_services


def workbook(headers, rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def run_import(spec, user, org, content: bytes, mode="all"):
    job = import_services.job_create(spec_name=spec, org=org, acting_user=user, chunks=[content], original_name=f"{spec}.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows and (mode == "valid" or not job.invalid_rows):
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def city_clerk(city, make_user):
    return make_user("clerk", city.federation)


@pytest.fixture
def skills_games(city, city_clerk):
    return services.contest_create(acting_user=city_clerk, org=city.federation, data={
        "code": "JN2012", "kind": "skills_games", "name": "第六届职工技能运动会", "organiser": "市总工会、市人力社保局",
        "starts_on": datetime.date(2012, 5, 1), "ends_on": datetime.date(2012, 8, 20), "events": "数控车工\n焊工\n电工",
    })


@pytest.fixture
def sports_games(city, city_clerk):
    return services.contest_create(acting_user=city_clerk, org=city.federation, data={
        "code": "YD2012", "kind": "sports_games", "name": "职工运动会", "organiser": "市总工会",
        "starts_on": datetime.date(2012, 9, 1), "ends_on": datetime.date(2012, 10, 20), "events": "田径/男子100米\n田径/女子100米\n游泳/男子50米自由泳",
    })
