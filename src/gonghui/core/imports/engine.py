"""The two passes over an uploaded file: validate (preview counts, error workbook), then
import (write in batches). Pass 1 reads the file row by row; neither pass holds the file. A
spec that keeps_checked_rows has pass 1 spool its checked rows (spool.py), and pass 2 then
reads those and checks again only what depends on the database; any other spec's pass 2
reads and checks the file again. Pass 2 prepares each batch (sealing, COPY lines) in a helper
thread while the batch before it is written; in valid-rows mode on PostgreSQL, a spec that
writes_in_parallel has two batches written at once on two connections, committed in file
order (_Writers): one database process was the limit. A job imported directly (valid rows,
no preview: services.job_import_directly) has no pass 1: its pass 2 reads and checks the file
as pass 1 would, while the batches before are sealed and written.

Called by the background tasks (tasks.py) and by `gonghui import` directly. Each pass first
claims the job with a conditional UPDATE of its status, so that two clicks, two workers or a
worker and the command line never run the same pass twice; the claim leaves a `run_token`
that every later write checks, so a process that lost its claim (taken over after it stalled)
can never commit another batch.
"""

import functools
import gc
import logging
import os
import queue
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import python_calamine
import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.cells import cell_text
from gonghui.core.export import write_rows
from gonghui.core.imports import spool, storage
from gonghui.core.imports.reader import BadFile, Table, max_rows, open_table
from gonghui.core.imports.spec import ImportSpec, RowError, get_spec
from gonghui.core.models import ImportJob, ImportMode, ImportStatus

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10  # a title row or two may stand above the headers
ERROR_SAMPLE = 100  # errors kept on the job for the page; all of them go to the workbook
ERROR_COLUMN = "错误原因"
ROW_COLUMN = "原行号"
PROGRESS_EVERY = 0.5  # seconds between progress writes
NO_DATA_ROWS = "表格只有表头，没有数据行"

Progress = Callable[[dict], None]


class _Superseded(Exception):
    """Another process now owns the job (its run_token changed)."""


class _RowsRejected(Exception):
    """All-or-nothing import with bad rows: roll everything back."""


# Headers ----------------------------------------------------------------------------------------


def normalise_header(text) -> str:
    """Header text as compared: full-width to half-width, no spaces, no required-marks."""
    text = unicodedata.normalize("NFKC", cell_text(text))
    for noise in ("(必填)", "(选填)", "(可选)", "*"):
        text = text.replace(noise, "")
    return "".join(text.split()).casefold()


def header_lookup(spec: ImportSpec) -> dict[str, str]:
    lookup = {}
    for column in spec.columns:
        for name in (column.header, *column.synonyms):
            lookup.setdefault(normalise_header(name), column.key)
    return lookup


def _merged_in_row(table: Table, row_number: int) -> list[str]:
    spans = []
    for (r1, c1), (r2, c2) in table.merged:
        if r1 <= row_number - 1 <= r2:
            spans.append(f"{_column_letter(c1)}{r1 + 1}:{_column_letter(c2)}{r2 + 1}")
    return spans


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def find_header(spec: ImportSpec, table: Table) -> tuple[int, list, dict[str, int], list[str]]:
    """Read up to the header row; return (its row number, its cells, {column key: cell index},
    unknown header names). Raises BadFile naming the missing required columns."""
    lookup = header_lookup(spec)
    scanned = []
    for row_number, cells in table.rows:
        if not any(cell_text(c) for c in cells):
            if len(scanned) >= HEADER_SCAN_ROWS:
                break
            continue
        scanned.append((row_number, cells))
        if any(normalise_header(c) in lookup for c in cells) or len(scanned) >= HEADER_SCAN_ROWS:
            break
    if not scanned:
        raise BadFile(f"工作表{('「' + table.sheet_name + '」') if table.sheet_name else ''}是空的，没有表头也没有数据")
    row_number, cells = scanned[-1]
    mapping, unknown, duplicates = {}, [], []
    for index, cell in enumerate(cells):
        name = normalise_header(cell)
        if not name:
            continue
        key = lookup.get(name)
        if key is None:
            unknown.append(cell_text(cell))
        elif key in mapping:
            duplicates.append(cell_text(cell))
        else:
            mapping[key] = index
    if duplicates:
        raise BadFile(f"表头中有重复的列「{'」「'.join(duplicates)}」(或同义列名重复)，请只保留一列")
    missing = [c.header for c in spec.columns if c.required and c.key not in mapping]
    if missing:
        message = f"缺少必填列：{'、'.join(missing)}。请使用下载的模板，表头写在第一行"
        merged = _merged_in_row(table, row_number)
        if merged:
            message += f"；第 {row_number} 行表头有合并单元格({'、'.join(merged)})，请取消合并，每列一个表头"
        raise BadFile(message)
    return row_number, cells, mapping, unknown


# Rows -------------------------------------------------------------------------------------------


def _choice_lookup(column) -> dict[str, str]:
    lookup = {}
    for value, label in column.choices:
        lookup.setdefault(normalise_header(value), value)
        lookup.setdefault(normalise_header(label), value)
    return lookup


class RowChecker:
    """Parses and validates rows of one file against one spec."""

    def __init__(self, spec: ImportSpec, mapping: dict[str, int], state):
        self.spec, self.state = spec, state
        self.columns = [(c, mapping[c.key]) for c in spec.columns if c.key in mapping]
        self.choices = {c.key: _choice_lookup(c) for c, _ in self.columns if c.choices}
        # Most cells hold a value or label exactly as declared: a dict hit before normalising.
        self.exact_choices = {c.key: {**{label: value for value, label in c.choices}, **{value: value for value, _ in c.choices}} for c, _ in self.columns if c.choices}
        # What check() reads of each column, looked up once for a million rows.
        self.plan = [(c.key, index, c.required, c.parse, self.exact_choices.get(c.key)) for c, index in self.columns]
        self.width = max((index for _column, index in self.columns), default=-1) + 1
        self.first_row_of_key: dict = {}  # natural key -> row number where it first appeared
        self.seen: set = set()
        self.headers = {c.key: c.header for c in spec.columns}
        self.example = [(index, c.example) for c, index in self.columns if c.example]

    def is_example(self, cells: list) -> bool:
        """The template's example row, left in by mistake: never imported."""
        if not self.example:
            return False
        index, text = self.example[0]
        if index >= len(cells) or cell_text(cells[index]) != text:  # the usual, quick answer
            return False
        return all(cell_text(cells[i] if i < len(cells) else None) == text for i, text in self.example)

    def rows(self, table: Table):
        for row_number, cells in data_rows(table):
            if not self.is_example(cells):
                yield row_number, cells

    def check(self, row_number: int, cells: list) -> tuple[dict | None, dict]:
        """(cleaned row, {}) or (None, {key: message})."""
        values, errors = {}, {}
        if len(cells) < self.width:  # a CSV row cut short: its missing cells are empty
            cells = [*cells, *([None] * (self.width - len(cells)))]
        for key, index, required, parse, exact in self.plan:
            raw = cells[index]
            text = raw.strip() if raw.__class__ is str else cell_text(raw)
            if not text:
                if required:
                    errors[key] = "不能为空"
                    continue
                if parse is None:
                    values[key] = ""
                    continue
            elif exact is not None:
                value = exact.get(text)
                if value is None:
                    value = self.choices[key].get(normalise_header(text))
                if value is None:
                    labels = [label for _, label in self.spec.column(key).choices]
                    shown = "、".join(labels[:12]) + ("等" if len(labels) > 12 else "")
                    errors[key] = f"「{text}」不是可选的值(可选：{shown})"
                    continue
                raw = value
            elif parse is None:
                values[key] = text
                continue
            if parse is None:
                values[key] = raw
                continue
            try:
                values[key] = parse(raw if text else "")
            except ValidationError as exc:
                errors[key] = "；".join(exc.messages)
            except (ValueError, TypeError, ArithmeticError):
                errors[key] = f"「{text}」格式不正确"
        if errors:
            return None, errors
        key = values.get(self.spec.natural_key)
        earlier = self.first_row_of_key.get(key) if key not in (None, "") else None
        if earlier is not None:
            return None, {self.spec.natural_key: f"与第 {earlier} 行重复(同一文件中出现两次)"}
        try:
            cleaned = self.spec.validate_row(values, self.state, self.seen)
        except RowError as exc:
            return None, exc.errors
        except ValidationError as exc:
            return None, {k: "；".join(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {"__all__": "；".join(exc.messages)}
        if key not in (None, ""):
            self.first_row_of_key[key] = row_number
        return cleaned, {}

    def describe(self, errors: dict) -> str:
        return describe(self.headers, errors)


def describe(headers: dict, errors: dict) -> str:
    parts = []
    for key, message in errors.items():
        header = headers.get(key)
        parts.append(f"{header}：{message}" if header else str(message))
    return "；".join(parts)


def _blank(cells) -> bool:
    for cell in cells:
        if cell.__class__ is str:
            if cell and not cell.isspace():
                return False
        elif cell is not None:
            return False
    return True


def data_rows(table: Table):
    """The non-blank rows after the header, refusing more than the configured limit."""
    limit, count = max_rows(), 0
    for row_number, cells in table.rows:
        if _blank(cells):
            continue
        count += 1
        if count > limit:
            raise BadFile(f"数据超过单次导入上限 {limit:,} 行，请拆分后分批导入(未写入任何数据)")
        yield row_number, cells


# The error workbook -----------------------------------------------------------------------------


class ErrorWorkbook:
    """The rows that failed, as they were in the file, plus 错误原因; streamed to disk."""

    def __init__(self, path: str, header_cells: list, title: str):
        self.path, self.tmp = path, path + ".part"
        self.count = 0
        self.workbook = xlsxwriter.Workbook(self.tmp, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        self.formats = {
            "date": self.workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "money": self.workbook.add_format({"num_format": "#,##0.00"}),
        }
        header_format = self.workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        error_format = self.workbook.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1})
        self.sheet = self.workbook.add_worksheet(f"{title}错误行"[:31])
        self.width = len(header_cells)
        for col, cell in enumerate(header_cells):
            self.sheet.write_string(0, col, cell_text(cell), header_format)
            self.sheet.set_column(col, col, 16)
        self.sheet.write_string(0, self.width, ERROR_COLUMN, error_format)
        self.sheet.write_string(0, self.width + 1, ROW_COLUMN, error_format)
        self.sheet.set_column(self.width, self.width, 60)
        self.sheet.freeze_panes(1, 0)

    def add(self, row_number: int, cells: list, message: str) -> None:
        self.count += 1
        cells = list(cells[: self.width]) + [None] * max(0, self.width - len(cells))
        write_rows(self.sheet, self.count, [*cells, message, row_number], self.formats)

    def close(self) -> bool:
        """Finish the file; keep it only when it has rows."""
        self.workbook.close()
        if self.count:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
            if os.path.exists(self.path):
                os.unlink(self.path)
        return bool(self.count)

    def discard(self) -> None:
        try:
            self.workbook.close()
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


# Progress ---------------------------------------------------------------------------------------


def _collected_by_ticks(run_pass):
    """Python's automatic collection of reference cycles is off while a pass runs; its Ticker
    collects the young generations at each progress write instead. A pass holds thousands of
    rows at a time (a batch, a spool chunk), and the automatic collections walked them again
    and again: about a third of pass 2's Python time (bench members_import). Garbage that is
    not a cycle is freed at once as always; the cycles of a pass (an exception's traceback)
    wait at most one progress interval."""

    @functools.wraps(run_pass)
    def wrapper(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return run_pass(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


class Ticker:
    """Live progress, written to a small file beside the upload (readable by the web process
    even while an all-or-nothing import holds its one transaction open) and handed to an
    optional callback (the command line's progress line). Each write also collects the young
    cycles of the pass (_collected_by_ticks)."""

    def __init__(self, job: ImportJob, phase: str, position: Callable[[], float] | None, callback: Progress | None):
        self.job, self.phase, self.position, self.callback = job, phase, position, callback
        self.started = time.monotonic()
        self.last = 0.0
        self.processed = 0

    def tick(self, processed: int, *, force: bool = False) -> None:
        self.processed = processed
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        gc.collect(1)
        fraction = self.position() if self.position else 0.0
        elapsed = now - self.started
        snapshot = {
            "phase": self.phase, "processed": processed, "fraction": round(fraction, 4),
            "rate": round(processed / elapsed) if elapsed > 0 else 0, "at": time.time(), "token": self.job.run_token,
        }
        storage.write_progress(self.job, snapshot)
        if self.callback:
            self.callback(snapshot)


# Pass 1: validate -------------------------------------------------------------------------------


def _claim(job_id: int, from_status, to_status, **extra) -> ImportJob | None:
    token = uuid.uuid4().hex
    claimed = ImportJob.objects.filter(pk=job_id, status=from_status).update(status=to_status, run_token=token, **extra)
    if not claimed:
        return None
    return ImportJob.objects.select_related("org", "created_by").get(pk=job_id)


def _finish(job: ImportJob, **fields) -> None:
    fields.setdefault("finished_at", timezone.now())
    updated = ImportJob.objects.filter(pk=job.pk, run_token=job.run_token).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
    if not updated:
        raise _Superseded


@_collected_by_ticks
def validate_job(job_id: int, *, progress: Progress | None = None) -> ImportJob | None:
    """Read every row, check it, count it; the failing rows go to the error workbook.
    Nothing is written but the job. Returns the job, or None when it was not waiting."""
    job = _claim(job_id, ImportStatus.UPLOADED, ImportStatus.VALIDATING, processed_rows=0, message="")
    if job is None:
        return None
    errors_out = kept = None
    try:
        spec = get_spec(job.spec)
        table = open_table(storage.source_path(job), job.original_name)
        _header_row, header_cells, mapping, unknown = find_header(spec, table)
        checker = RowChecker(spec, mapping, spec.prepare(job))
        errors_out = ErrorWorkbook(storage.error_path(job), header_cells, spec.title)
        kept = spool.SpoolWriter(storage.spool_path(job), job) if spec.keeps_checked_rows else None
        ticker = Ticker(job, "validating", table.position, progress)
        total = invalid = 0
        sample = []
        for row_number, cells in checker.rows(table):
            total += 1
            cleaned, errors = checker.check(row_number, cells)
            if errors:
                invalid += 1
                message = checker.describe(errors)
                errors_out.add(row_number, cells, message)
                if len(sample) < ERROR_SAMPLE:
                    sample.append({"row": row_number, "message": message})
            elif kept is not None:
                kept.add(row_number, cleaned)
            ticker.tick(total)
        ticker.tick(total, force=True)
        has_errors = errors_out.close()
        errors_out = None
        if total == 0 or total == invalid:
            _discard(kept)
            kept = None
        if total == 0:
            _finish(job, status=ImportStatus.REJECTED, message=NO_DATA_ROWS, unknown_headers=unknown)
            return job
        if kept is not None:
            kept.close()
            kept = None
        _finish(
            job, status=ImportStatus.VALIDATED, total_rows=total, valid_rows=total - invalid, invalid_rows=invalid, processed_rows=total,
            error_sample=sample, has_error_file=has_errors, unknown_headers=unknown, finished_at=None,
        )
    except BadFile as exc:
        _discard(errors_out, kept)
        _finish(job, status=ImportStatus.REJECTED, message=exc.message)
    except _Superseded:
        _discard(errors_out, kept)
    except Exception:
        logger.exception("import job %s: validation failed", job.pk)
        _discard(errors_out, kept)
        _finish(job, status=ImportStatus.FAILED, message="校验时发生内部错误(已记录日志)，未写入任何数据；可重试")
    return job


def _discard(*outputs):
    for output in outputs:
        if output is not None:
            output.discard()


# Pass 2: import ---------------------------------------------------------------------------------


class _Reread:
    """Pass 2 for a spec that keeps nothing from pass 1, and the one pass of a job imported
    without a validate pass (services.job_import_directly): the file read and every row
    checked; the error workbook written anew. Counts start from nothing."""

    def __init__(self, job, spec):
        self.table = open_table(storage.source_path(job), job.original_name)
        if self.table.height is None and not _validated(job):
            _read_through(job, spec)
        _header_row, header_cells, mapping, self.unknown = find_header(spec, self.table)
        self.checker = RowChecker(spec, mapping, spec.prepare(job))
        self.errors_out = ErrorWorkbook(storage.error_path(job), header_cells, spec.title)
        self.state, self.position = self.checker.state, self.table.position
        self.total = self.invalid = 0
        self.sample: list = []

    def rows(self):
        """(row number, cleaned row or None, error message or None) for every data row."""
        checker = self.checker
        for row_number, cells in checker.rows(self.table):
            cleaned, errors = checker.check(row_number, cells)
            if errors:
                message = checker.describe(errors)
                self.errors_out.add(row_number, cells, message)
                yield row_number, None, message
            else:
                yield row_number, cleaned, None

    def close(self) -> bool:
        """Whether there is an error workbook."""
        return self.errors_out.close()

    def discard(self) -> None:
        self.errors_out.discard()


def _validated(job) -> bool:
    """Whether pass 1 ran for this job (it counts the rows); not for one imported directly."""
    return job.total_rows > 0


def _read_through(job, spec) -> None:
    """A job imported directly from a file whose length is known only once it is read (CSV):
    read it through once, without checking its rows, so that a file refused for its length or
    its form (BadFile) is refused before any batch is committed, as pass 1 would have."""
    table = open_table(storage.source_path(job), job.original_name)
    find_header(spec, table)
    for _row in data_rows(table):
        pass


class _Recheck:
    """Pass 2 for a spec that keeps its checked rows: pass 1's rows read from the spool and
    checked again only against the database (recheck_row). The rows pass 1 refused are in its
    error workbook and counts already; a row refused now is added to them."""

    def __init__(self, job, spec, kept):
        self.job, self.spec, self.kept = job, spec, kept
        self.state, self.position = spec.prepare(job), kept.position
        self.unknown = job.unknown_headers
        self.headers = {c.key: c.header for c in spec.columns}
        self.total, self.invalid, self.sample = job.total_rows - job.valid_rows, job.invalid_rows, list(job.error_sample)
        self.refused: dict[int, str] = {}

    def rows(self):
        recheck, state = self.spec.recheck_row, self.state
        for row_number, row in self.kept:
            try:
                yield row_number, recheck(row, state), None
            except RowError as exc:
                message = describe(self.headers, exc.errors)
                self.refused[row_number] = message
                yield row_number, None, message

    def close(self) -> bool:
        if not self.refused:
            return self.job.has_error_file
        return _rewrite_errors(self.job, self.spec, self.refused)

    def discard(self) -> None:
        pass


def _rewrite_errors(job, spec, refused: dict[int, str]) -> bool:
    """The error workbook again, with the rows pass 2 refused added to pass 1's, in file
    order: the file is read once more for their cells (rare: the database changed between
    the passes)."""
    path = storage.error_path(job)
    messages = {}
    if os.path.exists(path):
        sheet = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
        at_row, at_message = sheet[0].index(ROW_COLUMN), sheet[0].index(ERROR_COLUMN)
        messages = {int(cells[at_row]): cells[at_message] for cells in sheet[1:]}
    messages.update(refused)
    table = open_table(storage.source_path(job), job.original_name)
    _header_row, header_cells, _mapping, _unknown = find_header(spec, table)
    errors_out = ErrorWorkbook(path, header_cells, spec.title)
    try:
        for row_number, cells in data_rows(table):
            message = messages.get(row_number)
            if message:
                errors_out.add(row_number, cells, message)
    except BaseException:
        errors_out.discard()
        raise
    return errors_out.close()


@_collected_by_ticks
def import_job(job_id: int, *, progress: Progress | None = None) -> ImportJob | None:
    """Write the valid rows: all of them in one transaction (mode all, and only when no row is
    bad), or batch by batch (mode valid), each batch committing with the job's
    last_committed_row so that a killed run resumes after it."""
    job = _claim(job_id, ImportStatus.QUEUED, ImportStatus.IMPORTING, processed_rows=0, started_at=timezone.now(), finished_at=None)
    if job is None:
        return None
    source = None
    try:
        spec = get_spec(job.spec)
        kept = spool.open_spool(storage.spool_path(job), job) if spec.keeps_checked_rows else None
        source = _Recheck(job, spec, kept) if kept is not None else _Reread(job, spec)
        ticker = Ticker(job, "importing", source.position, progress)
        if job.mode == ImportMode.ALL:
            _import_all(job, spec, source, ticker)
        else:
            _import_valid(job, spec, source, ticker)
        source = None
        if job.status == ImportStatus.DONE or job.mode == ImportMode.ALL:
            # Done, or refused for bad rows (a corrected file is needed): nothing to resume.
            spool.remove(storage.spool_path(job))
    except BadFile as exc:
        _discard(source)
        # Refused before its first row: a job imported without a validate pass meets here the
        # file checks that pass 1 would have made.
        _finish(job, status=ImportStatus.FAILED if _validated(job) else ImportStatus.REJECTED, message=exc.message)
    except _Superseded:
        _discard(source)
    except Exception:
        logger.exception("import job %s: import failed", job.pk)
        _discard(source)
        if job.mode == ImportMode.ALL:
            message = "导入时发生内部错误(已记录日志)，已全部撤销，未写入任何数据；可重试"
        else:
            job.refresh_from_db(fields=["last_committed_row"])
            message = f"导入时发生内部错误(已记录日志)；已提交至第 {job.last_committed_row} 行的数据保留，可继续导入"
        _finish(job, status=ImportStatus.FAILED, message=message)
    return job


class _Ahead:
    """Runs spec.prepare_batch (sealing, formatting: no database) for the next batch in a
    helper thread while this thread writes the batch before it: psycopg lets go of the GIL
    while PostgreSQL works, so Python and the database work at the same time."""

    def __init__(self, spec: ImportSpec, state):
        self.spec, self.state = spec, state
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-prepare")

    def submit(self, rows: list):
        return self.pool.submit(self.spec.prepare_batch, rows, self.state)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.pool.shutdown(wait=True, cancel_futures=True)


def _audit(job: ImportJob, spec: ImportSpec, *, first: int, last: int, created: int, updated: int) -> None:
    audit.record(
        actor=job.created_by, actor_name="命令行", action=audit.Action.IMPORT, object_type="core.importjob", object_id=job.pk,
        summary=f"导入{spec.title}「{job.original_name}」第 {first}-{last} 行：新增 {created}，更新 {updated}",
        changes={"spec": spec.name, "file": job.original_name, "org": job.org.code, "mode": job.mode, "rows": [first, last], "created": created, "updated": updated},
    )


def _import_all(job, spec, source, ticker) -> None:
    total, invalid, sample = source.total, source.invalid, source.sample
    created = updated = 0
    batch = []
    first_row = last_row = 0
    ahead = _Ahead(spec, source.state)
    try:
        with ahead, transaction.atomic():
            state = source.state
            pending = None  # the batch being prepared while the one before it is written
            for row_number, cleaned, message in source.rows():
                total += 1
                first_row = first_row or row_number
                last_row = row_number
                if message is not None:
                    invalid += 1
                    if len(sample) < ERROR_SAMPLE:
                        sample.append({"row": row_number, "message": message})
                elif not invalid:  # after the first bad row nothing more is written; errors are still collected
                    batch.append(cleaned)
                    if len(batch) >= spec.batch_size:
                        pending, ready = ahead.submit(batch), pending
                        batch = []
                        if ready is not None:
                            c, u = spec.write_batch(ready.result(), state, job)
                            created, updated = created + c, updated + u
                ticker.tick(total)
            if invalid:
                raise _RowsRejected
            for ready in (pending, ahead.submit(batch) if batch else None):
                if ready is not None:
                    c, u = spec.write_batch(ready.result(), state, job)
                    created, updated = created + c, updated + u
            if total:
                _audit(job, spec, first=first_row, last=last_row, created=created, updated=updated)
            ticker.tick(total, force=True)
            has_errors = source.close()
            _finish(
                job, status=ImportStatus.DONE, total_rows=total, valid_rows=total, invalid_rows=0, processed_rows=total,
                created_count=created, updated_count=updated, last_committed_row=last_row, error_sample=[], has_error_file=has_errors,
                unknown_headers=source.unknown,
                message=f"已导入 {total:,} 行：新增 {created:,}，更新 {updated:,}，未变 {total - created - updated:,}",
            )
    except _RowsRejected:
        has_errors = source.close()
        _finish(
            job, status=ImportStatus.FAILED, total_rows=total, valid_rows=total - invalid, invalid_rows=invalid, processed_rows=total,
            created_count=0, updated_count=0, error_sample=sample, has_error_file=has_errors, unknown_headers=source.unknown,
            message=f"有 {invalid:,} 行错误；按“全部无误才导入”方式，未写入任何数据。请下载错误清单，改正后重新上传",
        )


class _InOrder:
    """Batch n commits only after batch n-1 has: last_committed_row then always ends a run of
    whole batches, so a killed import resumes after it. Once a batch fails, none after it
    commits."""

    def __init__(self):
        self.turn = threading.Condition()
        self.next = 0
        self.failed = False

    def wait(self, seq: int) -> None:
        with self.turn:
            self.turn.wait_for(lambda: self.next == seq or self.failed)
            if self.failed:
                raise _Abandoned

    def done(self, seq: int) -> None:
        with self.turn:
            self.next = seq + 1
            self.turn.notify_all()

    def fail(self) -> None:
        with self.turn:
            self.failed = True
            self.turn.notify_all()


class _Abandoned(Exception):
    """A batch before this one failed: this one is rolled back."""


class _Writers:
    """Writes batches: on this thread, or, where it is safe and useful, on two threads with a
    connection each. Each batch writes its rows and runs its foreign-key checks (SET
    CONSTRAINTS ALL IMMEDIATE) beside the other, then commits in file order (_InOrder)."""

    THREADS = 2

    def __init__(self, job, spec, write):
        self.write = write
        self.parallel = (job.mode == ImportMode.VALID and spec.writes_in_parallel and connection.vendor == "postgresql"
                         and not connection.in_atomic_block)  # inside a transaction (a test's) other connections would not see its rows
        self.order = _InOrder()
        self.seq = 0
        self.error: BaseException | None = None
        if self.parallel:
            self.tasks: queue.Queue = queue.Queue(maxsize=1)
            self.threads = [threading.Thread(target=self._work, name=f"import-write-{n}", daemon=True) for n in range(self.THREADS)]
            for thread in self.threads:
                thread.start()

    def submit(self, prepared, first_row: int, last_row: int, processed: int) -> None:
        if not self.parallel:
            self.write(prepared, first_row, last_row, processed, None)
            return
        if self.error is not None:
            self.close()  # raises it
        self.tasks.put((self.seq, prepared, first_row, last_row, processed))
        self.seq += 1

    def _work(self) -> None:
        try:
            while (task := self.tasks.get()) is not None:
                seq, prepared, first_row, last_row, processed = task
                if self.order.failed:
                    continue  # drained, not written: the main thread stops at its next batch
                try:
                    self.write(prepared, first_row, last_row, processed, lambda seq=seq: self.order.wait(seq))
                except BaseException as exc:
                    if not isinstance(exc, _Abandoned) and self.error is None:
                        self.error = exc
                    self.order.fail()
                else:
                    self.order.done(seq)
        finally:
            connection.close()  # this thread's own

    def close(self, quietly: bool = False) -> None:
        """Wait for every batch; raise the first error (a later batch's rollback is not one)
        unless quietly (another error is on its way)."""
        if self.parallel and self.threads:
            for _ in self.threads:
                self.tasks.put(None)
            for thread in self.threads:
                thread.join()
            self.threads = []
        if self.error is not None and not quietly:
            raise self.error


def _import_valid(job, spec, source, ticker) -> None:
    resume_after = job.last_committed_row
    state = source.state
    total, invalid, sample = source.total, source.invalid, source.sample
    batch = []
    batch_first = row_number = 0
    pending = None  # (prepared rows, first row, last row, rows read): prepared while the batch before it is written

    def own() -> None:
        """Lock the job row and prove this run still owns it."""
        if not ImportJob.objects.select_for_update().filter(pk=job.pk, run_token=job.run_token).exists():
            raise _Superseded

    def commit(prepared, first_row: int, last_row: int, processed: int, in_turn) -> None:
        rows = prepared.result()
        with transaction.atomic():
            if in_turn is None:  # the one writer: owned before anything is written
                own()
                created, updated = spec.write_batch(rows, state, job)
            else:  # one of two writers: written beside the other batch, owned once its turn comes
                if not ImportJob.objects.filter(pk=job.pk, run_token=job.run_token).exists():
                    raise _Superseded
                with connection.cursor() as cursor:
                    # A batch waiting for its turn holds its locks; should the batch before it
                    # ever wait for one of them, PostgreSQL cannot see that cycle (half of it
                    # is here, in Python): the wait ends in an error, not a hang.
                    cursor.execute("SET LOCAL lock_timeout = '60s'")
                created, updated = spec.write_batch(rows, state, job)
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked now, beside the other batch, not at the commit
                in_turn()
                own()
            if created or updated:  # a batch that changed nothing is covered by the closing entry
                _audit(job, spec, first=first_row, last=last_row, created=created, updated=updated)
            ImportJob.objects.filter(pk=job.pk).update(
                last_committed_row=last_row, processed_rows=processed,
                created_count=F("created_count") + created, updated_count=F("updated_count") + updated,
            )

    writers = _Writers(job, spec, commit)
    with _Ahead(spec, state) as ahead:
        try:
            for row_number, cleaned, message in source.rows():
                total += 1
                if message is not None:
                    invalid += 1
                    if len(sample) < ERROR_SAMPLE:
                        sample.append({"row": row_number, "message": message})
                elif row_number > resume_after:  # rows up to resume_after were committed by an earlier run
                    if not batch:
                        batch_first = row_number
                    batch.append(cleaned)
                    if len(batch) >= spec.batch_size:
                        pending, ready = (ahead.submit(batch), batch_first, row_number, total), pending
                        batch = []
                        if ready is not None:
                            writers.submit(*ready)
                ticker.tick(total)
            if pending is not None:
                writers.submit(*pending)
            if batch:
                writers.submit(ahead.submit(batch), batch_first, row_number, total)
                batch = []
        except BaseException:
            writers.close(quietly=True)  # the batches handed over finish (in order) before this error goes on
            raise
        writers.close()
    ticker.tick(total, force=True)
    has_errors = source.close()
    if not total:  # only a job imported without a validate pass comes here without rows
        _finish(job, status=ImportStatus.REJECTED, message=NO_DATA_ROWS, unknown_headers=source.unknown)
        return
    job.refresh_from_db(fields=["created_count", "updated_count", "last_committed_row"])
    valid = total - invalid
    with transaction.atomic():
        audit.record(
            actor=job.created_by, actor_name="命令行", action=audit.Action.IMPORT, object_type="core.importjob", object_id=job.pk,
            summary=f"导入{spec.title}「{job.original_name}」完成：{total:,} 行，新增 {job.created_count:,}，更新 {job.updated_count:,}，错误 {invalid:,}",
            changes={"spec": spec.name, "file": job.original_name, "org": job.org.code, "mode": job.mode, "rows": total,
                     "created": job.created_count, "updated": job.updated_count, "invalid": invalid},
        )
        _finish(
            job, status=ImportStatus.DONE, total_rows=total, valid_rows=valid, invalid_rows=invalid, processed_rows=total,
            error_sample=sample, has_error_file=has_errors, unknown_headers=source.unknown,
            message=(
                f"已导入 {valid:,} 行：新增 {job.created_count:,}，更新 {job.updated_count:,}，未变 {max(0, valid - job.created_count - job.updated_count):,}"
                + (f"；{invalid:,} 行有错误未导入，请下载错误清单" if invalid else "")
                + (f"(自第 {resume_after} 行后继续)" if resume_after else "")
            ),
        )
