"""The two passes of a member import: pass 1 keeps its checked rows beside the upload and pass 2
writes them, checking again only what the database may have changed in between."""

import os

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.imports import engine, services as import_services, storage
from gonghui.core.models import ImportStatus
from gonghui.members import services
from gonghui.members.imports import MemberImportSpec
from gonghui.members.models import Member, MembershipPeriod
from gonghui.members.tests.test_member_import import good_row, workbook
from gonghui.testing import id_number, member_data


@pytest.fixture
def clerk(city, make_user):
    return make_user("clerk", city.town_a)


def validate(user, org, content: bytes):
    job = import_services.job_create(spec_name="members", org=org, acting_user=user, chunks=[content], original_name="会员.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    return job


def start(job, user, mode="valid"):
    import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_the_checked_rows_are_kept_until_the_import_is_done_and_then_deleted(city, clerk):
    code = city.primaries[0].code
    job = validate(clerk, city.town_a, workbook([good_row(1, code), good_row(2, code)]))
    assert os.path.exists(storage.spool_path(job))
    job = start(job, clerk)
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert not os.path.exists(storage.spool_path(job))
    assert not os.path.exists(storage.spool_path(job) + ".part")


def test_a_file_of_only_bad_rows_keeps_nothing(city, clerk):
    job = validate(clerk, city.town_a, workbook([["坏行", "123", "", "", "", "", "2012-01-01", city.primaries[0].code]]))
    assert job.invalid_rows == 1
    assert not os.path.exists(storage.spool_path(job))


def test_a_person_registered_elsewhere_between_the_passes_is_refused_and_added_to_the_error_workbook(city, clerk, make_user):
    code = city.primaries[0].code
    rows = [good_row(1, code), ["", id_number(2), "", "", "", "", "2012-01-01", code], good_row(3, code)]
    job = validate(clerk, city.town_a, workbook(rows))
    assert (job.valid_rows, job.invalid_rows) == (2, 1)
    services.member_register(acting_user=make_user("clerk", city.town_b), org=city.primaries[2], data=member_data(3))

    job = start(job, clerk)
    assert (job.status, job.created_count, job.invalid_rows, job.valid_rows) == (ImportStatus.DONE, 1, 2, 1)
    sheet = CalamineWorkbook.from_path(storage.error_path(job)).get_sheet_by_index(0).to_python()
    header = sheet[0]
    reasons = {int(r[header.index("原行号")]): r[header.index("错误原因")] for r in sheet[1:]}
    assert sorted(reasons) == [3, 4]
    assert "不能为空" in reasons[3] and city.primaries[2].name in reasons[4] and id_number(3) not in reasons[4]
    assert [r[1] for r in sheet[1:]] == [id_number(2), id_number(3)]  # the rows as they were in the file


def test_an_import_killed_after_some_batches_resumes_after_the_last_whole_batch(city, clerk, monkeypatch):
    monkeypatch.setattr(MemberImportSpec, "batch_size", 3)
    code = city.primaries[0].code
    job = validate(clerk, city.town_a, workbook([good_row(s, code) for s in range(1, 9)]))
    write_batch = MemberImportSpec.write_batch
    calls = []

    def dies_in_the_third_batch(self, rows, state, job):
        calls.append(len(rows))
        if len(calls) == 3:
            write_batch(self, rows[:1], state, job)  # half the batch reaches the database ...
            raise KeyboardInterrupt  # ... and the process is killed
        return write_batch(self, rows, state, job)

    monkeypatch.setattr(MemberImportSpec, "write_batch", dies_in_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        start(job, clerk)
    job.refresh_from_db()
    # Two whole batches committed (rows 2-7); nothing of the third.
    assert (job.status, job.last_committed_row, Member.objects.count(), MembershipPeriod.objects.count()) == (ImportStatus.IMPORTING, 7, 6, 6)
    assert os.path.exists(storage.spool_path(job))

    monkeypatch.setattr(MemberImportSpec, "write_batch", write_batch)
    # The page offers a retry once the run is seen to have stopped.
    monkeypatch.setattr(import_services, "STALE_SECONDS", -1)
    assert import_services.job_retry(job=job, acting_user=clerk, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count, Member.objects.count(), MembershipPeriod.objects.count()) == (ImportStatus.DONE, 8, 8, 8)
    assert "自第 7 行后继续" in job.message
    assert not os.path.exists(storage.spool_path(job))
