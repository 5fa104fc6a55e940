"""The one import engine: every Excel/CSV import of every app goes through here.

An app declares WHAT it imports; the engine does everything else (template, upload checks,
header matching, per-row validation collecting every error, error workbook, the two modes,
batches, progress, resume, audit, scope).

Declaring an import (in `<app>/imports.py`, found automatically)::

    from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register

    @register
    class EnterpriseImportSpec(ImportSpec):
        name = "enterprises"            # URL /imports/enterprises/new/, CLI `gonghui import enterprises`
        title = "企业"
        natural_key = "credit_code"     # the column that identifies a record: re-import updates, never duplicates
        batch_size = 5000               # rows per write_batch call (and per commit in valid-rows mode)
        back_url = "orgs:enterprise-list"   # optional: the list page to link back to
        columns = [
            ImportColumn("credit_code", "统一社会信用代码", synonyms=("信用代码",), parse=..., example="...", help="..."),
            ImportColumn("industry", "行业门类", choices=Industry.choices),      # dropdown in the template
            ImportColumn("address", "地址", required=False),
        ]

        def prepare(self, job) -> state: ...                      # once per pass: load lookups into dicts
        def validate_row(self, values, state, seen) -> dict: ...  # raise RowError({key: "中文原因"}) or return the cleaned row
        def write_batch(self, rows, state, job) -> (created, updated): ...   # bulk writes, inside the engine's transaction
        def can_import(self, user, org) -> bool: ...             # optional; default: a clerk/reviewer whose subtree holds org

The contract, hook by hook:

- Columns. Headers are matched by name in any order, after NFKC (full-width to half-width),
  removing spaces and "*"/"(必填)" marks, case-folded; `synonyms` are other accepted headers.
  Unknown columns are ignored (listed on the job page). A missing required column, a header
  repeated, an empty sheet, a sheet with only headers: the file is refused with a message.
- Cell values. `parse` receives the cell as read: str from CSV, or str/int/float/bool/date/
  datetime from a workbook (use gonghui.core.cells.cell_text for its text). It returns the
  value or raises django's ValidationError with a Chinese message. Without `parse` the value
  is the cell's stripped text. With `choices`, the cell may hold a value or a label; it
  becomes the value (then `parse`, if any, gets that value). An empty cell of a required
  column is "不能为空" (parse is not called); of an optional column, parse("") is called when
  there is a parse, else the value is "". A column absent from the file is absent from
  `values` (so an update can keep what the file does not mention).
- `prepare(job)`: `job.org` is the node imported into (the subtree every row must stay in),
  `job.created_by` the account (None from the command line without --user). Called once per
  pass; in all-or-nothing mode inside the import's transaction.
- `validate_row(values, state, seen)`: called only when every column parsed. Rows are
  validated in file order before they are written, so record in `state` what later rows
  must see (a union now taken). `seen` is a set the spec may use for in-file uniqueness of
  other keys; the engine itself refuses a natural key repeated in the file ("与第 N 行重复").
  Raise RowError({column key: message}) (any other key for a message about the whole row);
  every column error of the row is reported together.
- `write_batch(rows, state, job)`: the cleaned rows of one batch; called inside a transaction
  (bulk_create/bulk_update, or COPY on PostgreSQL: `gonghui.core.imports.bulk.bulk_insert(Model,
  [dict(attname=value)])` does COPY there and bulk_create elsewhere, without returning pks).
  Return (created, updated). The engine
  audits each commit (core.audit Action.IMPORT with the counts) and moves the job's
  progress in the same transaction.
- Optional, for speed on large files: `keeps_checked_rows = True` with `recheck_row(row,
  state)`: pass 1 spools the rows validate_row returned (VAR_DIR, beside the upload; deleted
  when the import is done), and pass 2 reads them instead of the file, calling recheck_row to
  check again only what the database may have changed (raise RowError as above; the row is
  added to the error workbook). `prepare_batch(rows, state)`: the part of writing that needs
  no database (sealing, formatting COPY lines), run in a helper thread while the batch
  before is written; it must not query. `writes_in_parallel = True` when write_batch neither
  changes `state` nor needs an earlier batch committed: in valid-rows mode on PostgreSQL two
  batches are then written at once, each on its own connection, and committed in file order
  (a failed batch rolls back the one written beside it; last_committed_row stays whole).

The flow (web: /imports/<spec>/new/; CLI: `gonghui import <spec> FILE --union CODE`):
1. Upload: stored under VAR_DIR/imports/<job id>/ (never served), job status 等待校验.
2. Validate (background task): the file is checked before it is read (type by content, not
   by extension; encrypted OOXML; zip bomb by the central directory, then a bounded stream;
   row limit from the sheet's dimension), then every row is checked; counts and an error
   workbook (the rows as uploaded, plus 错误原因 and 原行号) are kept. Nothing is written.
3. Import (background task, after the clerk picks a mode; a conditional status UPDATE makes
   a second click a no-op): all-or-nothing (one transaction; any bad row, nothing written)
   or valid rows only (each batch commits with the job's last_committed_row; a killed import
   resumes after the last whole batch). Rows are re-validated against the database as it is
   now (all of each row, or only recheck_row for a spec that keeps_checked_rows).
Or, valid rows only without the preview (the upload form's 直接导入, the CLI's --mode valid:
services.job_import_directly): step 2 is skipped and the import's one pass reads and checks
every row of the file as step 2 would, writing the error workbook and the batches as it goes.

Limits (settings attribute, else environment variable GONGHUI_<name>): IMPORT_MAX_ROWS
(2,000,000), IMPORT_MAX_UNZIPPED_MB (2048), IMPORT_MAX_RATIO (200), IMPORT_MAX_UPLOAD_MB (512).

Modules: spec (the API above), reader (file checks, row streams), engine (the passes), spool
(pass 1's checked rows), bulk (COPY),
template (the template workbook), services/selectors (jobs), tasks (django-tasks), views/urls.
"""
