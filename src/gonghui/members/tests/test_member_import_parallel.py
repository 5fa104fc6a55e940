"""Pass 2 of a valid-rows member import on PostgreSQL writes two batches at once, each on a
connection of its own, and commits them in file order: what lands, and what a failure leaves
behind, is the same as with one writer. (Other tests run inside a test transaction, where the
engine writes on its one connection; these commit for real.)"""

import re
import threading
import time

import pytest
from django.db import connection  # noqa: F401 (the skipif condition reads it)
from gonghui.core.audit import Action
from gonghui.core.imports import engine, services as import_services
from gonghui.core.models import AuditEntry, ImportStatus
from gonghui.members.imports import MemberImportSpec
from gonghui.members.models import Member, MembershipPeriod
from gonghui.members.tests.test_member_import import good_row, workbook
from gonghui.members.tests.test_member_import_passes import start, validate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two writers only on PostgreSQL"),
]

ROWS = 13  # data rows 2-14: batches of 3 end at rows 4, 7, 10, 13 and 14


@pytest.fixture
def clerk(city, make_user):
    return make_user("clerk", city.town_a)


@pytest.fixture
def writers(monkeypatch):
    """The names of the threads that wrote each batch, by the batch's first member."""
    monkeypatch.setattr(MemberImportSpec, "batch_size", 3)
    write_batch = MemberImportSpec.write_batch
    seen = {}

    def recorded(self, rows, state, job):
        seen[rows[0]["name"]] = threading.current_thread().name
        return write_batch(self, rows, state, job)

    monkeypatch.setattr(MemberImportSpec, "write_batch", recorded)
    return seen


def import_ranges(job) -> list[tuple[int, int]]:
    entries = AuditEntry.objects.filter(action=Action.IMPORT, object_id=job.pk, summary__contains="行：新增").order_by("id")
    return [tuple(map(int, re.search(r"第 (\d+)-(\d+) 行", e.summary).groups())) for e in entries]


def test_batches_written_two_at_once_all_land_and_commit_in_file_order(city, clerk, writers):
    job = validate(clerk, city.town_a, workbook([good_row(s, city.primaries[0].code) for s in range(1, ROWS + 1)]))
    job = start(job, clerk)
    assert (job.status, job.created_count, job.last_committed_row) == (ImportStatus.DONE, ROWS, ROWS + 1)
    assert Member.objects.count() == MembershipPeriod.objects.count() == ROWS
    assert set(writers.values()) <= {"import-write-0", "import-write-1"} and len(writers) == 5
    # One audit entry a batch, in file order: each batch committed after the one before it.
    assert import_ranges(job) == [(2, 4), (5, 7), (8, 10), (11, 13), (14, 14)]


def test_a_failed_batch_keeps_the_whole_ones_before_it_and_nothing_after_and_the_import_resumes(city, clerk, writers, monkeypatch):
    job = validate(clerk, city.town_a, workbook([good_row(s, city.primaries[0].code) for s in range(1, ROWS + 1)]))
    write_batch = MemberImportSpec.write_batch

    def fails_in_the_third_batch(self, rows, state, job):
        created = write_batch(self, rows, state, job)  # the batch reaches the database ...
        if rows[0]["name"] == "会员7":
            time.sleep(0.5)  # long enough for the fourth batch, beside it, to be ready to commit first
            raise RuntimeError("磁盘已满")  # ... and fails before it commits
        return created

    monkeypatch.setattr(MemberImportSpec, "write_batch", fails_in_the_third_batch)
    job = start(job, clerk)
    # Rows 2-7 committed; the third batch rolled back, and the fourth, written beside it,
    # with it; nothing after.
    assert (job.status, job.last_committed_row) == (ImportStatus.FAILED, 7)
    assert "已提交至第 7 行" in job.message
    assert sorted(Member.objects.values_list("name", flat=True)) == sorted(f"会员{s}" for s in range(1, 7))
    assert MembershipPeriod.objects.count() == 6
    assert import_ranges(job) == [(2, 4), (5, 7)]

    monkeypatch.setattr(MemberImportSpec, "write_batch", write_batch)
    assert import_services.job_retry(job=job, acting_user=clerk, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    assert (job.status, Member.objects.count(), MembershipPeriod.objects.count()) == (ImportStatus.DONE, ROWS, ROWS)
    assert import_ranges(job) == [(2, 4), (5, 7), (8, 10), (11, 13), (14, 14)]



def test_a_file_imported_directly_is_read_checked_and_written_in_one_pass_and_resumes_after_a_failure(city, clerk, writers, monkeypatch):
    rows = [good_row(s, city.primaries[0].code) for s in range(1, ROWS + 1)]
    rows[4][1] = rows[4][1][:-1] + ("0" if rows[4][1][-1] != "0" else "1")  # row 6: a wrong check digit
    job = import_services.job_create(spec_name="members", org=city.town_a, acting_user=clerk, chunks=[workbook(rows)], original_name="会员.xlsx")
    write_batch = MemberImportSpec.write_batch

    def fails_in_the_third_batch(self, rows, state, job):
        created = write_batch(self, rows, state, job)
        if rows[0]["name"] == "会员8":
            raise RuntimeError("磁盘已满")
        return created

    monkeypatch.setattr(MemberImportSpec, "write_batch", fails_in_the_third_batch)
    assert import_services.job_import_directly(job=job, acting_user=clerk, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    # Batches of three valid rows: 2-4, 5-8 (row 6 refused), then the one that fails; the
    # batch written beside it commits or is rolled back with it, whichever came first.
    assert job.status == ImportStatus.FAILED
    assert (job.last_committed_row, Member.objects.count()) in {(4, 3), (8, 6)}

    monkeypatch.setattr(MemberImportSpec, "write_batch", write_batch)
    assert import_services.job_retry(job=job, acting_user=clerk, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert (job.total_rows, job.valid_rows, job.invalid_rows, job.created_count) == (ROWS, ROWS - 1, 1, ROWS - 1)
    assert Member.objects.count() == MembershipPeriod.objects.count() == ROWS - 1
    assert [item["row"] for item in job.error_sample] == [6] and job.has_error_file
    assert set(writers.values()) <= {"import-write-0", "import-write-1"}
