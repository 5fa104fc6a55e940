"""Every change to an import job from outside the engine: upload, start, retry.

The status moves by conditional UPDATEs (WHERE status = the expected one), so a second click
on 导入, or two people on the same job, start nothing twice.
"""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.imports import storage
from gonghui.core.imports.reader import BadFile, check_extension, max_upload_bytes
from gonghui.core.imports.spec import get_spec
from gonghui.core.models import ImportJob, ImportMode, ImportStatus

RUNNING = {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.QUEUED, ImportStatus.IMPORTING}
STALE_SECONDS = 120  # a running pass that has shown no progress for this long has died


def job_create(*, spec_name: str, org, acting_user, chunks, original_name: str, size: int | None = None) -> ImportJob:
    """Store an upload as a new job (nothing is read yet). `chunks` iterates over bytes."""
    spec = get_spec(spec_name)
    if acting_user is not None and not spec.can_import(acting_user, org):
        raise PermissionDenied("无权向该组织导入")
    original_name = os.path.basename(original_name or "")[:255]
    try:
        check_extension(original_name)
    except BadFile as exc:
        raise ValidationError({"file": exc.message}) from None
    if size is not None and size > max_upload_bytes():
        raise ValidationError({"file": f"文件大小 {size // (1024 * 1024)} MB，超过上限 {max_upload_bytes() // (1024 * 1024)} MB"})
    job = ImportJob.objects.create(spec=spec.name, org=org, created_by=acting_user, original_name=original_name, file_path="")
    job.file_path, job.file_size, job.file_sha256 = storage.store_upload(job, chunks)
    job.save(update_fields=["file_path", "file_size", "file_sha256"])
    return job


def enqueue_validation(job: ImportJob) -> None:
    from gonghui.core.imports.tasks import validate_upload

    validate_upload.enqueue(job_id=job.pk)


def enqueue_import(job: ImportJob) -> None:
    from gonghui.core.imports.tasks import run_import

    run_import.enqueue(job_id=job.pk)


def can_start(user, job: ImportJob) -> bool:
    return user is not None and get_spec(job.spec).can_import(user, job.org)


def job_start(*, job: ImportJob, acting_user, mode: str, enqueue: bool = True) -> bool:
    """Queue the import of a validated job. False when it had already been started (a second
    click): nothing is queued twice."""
    if acting_user is not None and not can_start(acting_user, job):
        raise PermissionDenied("无权导入")
    if mode not in ImportMode.values:
        raise ValidationError({"mode": "请选择导入方式"})
    if mode == ImportMode.ALL and job.invalid_rows:
        raise ValidationError({"mode": f"有 {job.invalid_rows:,} 行错误，不能按“全部无误才导入”方式导入：请改正后重新上传，或选择只导入无误的行"})
    if job.status == ImportStatus.VALIDATED and not job.valid_rows:
        raise ValidationError({"mode": "没有可导入的行"})
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(status=ImportStatus.QUEUED, mode=mode, run_token="")
    if started and enqueue:
        enqueue_import(job)
    job.refresh_from_db()
    return bool(started)


def job_import_directly(*, job: ImportJob, acting_user, enqueue: bool = True) -> bool:
    """Queue an uploaded job for the import of its valid rows without a validate pass first:
    one pass reads, checks and writes, the bad rows going to the error workbook as ever, but
    there are no counts to look at before anything is written. For a large file from a
    trusted source (the command line's --mode valid; 直接导入 on the upload form): the file is
    read once, not twice. False when the job had already been started."""
    if acting_user is not None and not can_start(acting_user, job):
        raise PermissionDenied("无权导入")
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(status=ImportStatus.QUEUED, mode=ImportMode.VALID, run_token="")
    if started and enqueue:
        enqueue_import(job)
    job.refresh_from_db()
    return bool(started)


def live(job: ImportJob) -> dict:
    """What the page shows while a pass runs: progress from the worker's progress file."""
    snapshot = storage.read_progress(job) if job.status in RUNNING else None
    fraction = (snapshot or {}).get("fraction", 0.0)
    since = (snapshot or {}).get("age")
    if since is None and job.status in {ImportStatus.VALIDATING, ImportStatus.IMPORTING}:
        begun = job.started_at if job.status == ImportStatus.IMPORTING else job.created_at
        since = (timezone.now() - begun).total_seconds() if begun else 0
    return {
        "percent": int(fraction * 100),
        "processed": (snapshot or {}).get("processed", job.processed_rows),
        "rate": (snapshot or {}).get("rate", 0),
        "stale": job.status in {ImportStatus.VALIDATING, ImportStatus.IMPORTING} and since is not None and since > STALE_SECONDS,
        "running": job.status in RUNNING,
        "reading": job.status in {ImportStatus.VALIDATING, ImportStatus.IMPORTING} and snapshot is None,
    }


def can_retry(job: ImportJob) -> bool:
    if job.status == ImportStatus.FAILED:
        # An all-or-nothing import refused for bad rows needs a corrected file, not a retry.
        return not (job.mode == ImportMode.ALL and job.invalid_rows)
    return live(job)["stale"]


def job_retry(*, job: ImportJob, acting_user, enqueue: bool = True) -> bool:
    """Run again a pass whose process died or failed: validation from the start; an import
    from the row after the last committed batch (valid-rows mode) or from the start (all)."""
    if acting_user is not None and not can_start(acting_user, job):
        raise PermissionDenied("无权导入")
    if not can_retry(job):
        return False
    if job.status == ImportStatus.VALIDATING or (job.status == ImportStatus.FAILED and not job.mode):
        moved = ImportJob.objects.filter(pk=job.pk, status=job.status, run_token=job.run_token).update(status=ImportStatus.UPLOADED, run_token="")
        if moved and enqueue:
            enqueue_validation(job)
    else:
        moved = ImportJob.objects.filter(pk=job.pk, status=job.status, run_token=job.run_token).update(status=ImportStatus.QUEUED, run_token="")
        if moved and enqueue:
            enqueue_import(job)
    job.refresh_from_db()
    return bool(moved)



PURGED_MESSAGE = "上传的文件和错误清单已超过保留期限({days} 天)，已删除；如需再导入请重新上传"


def jobs_purge(*, older_than_days: int) -> int:
    """Delete the uploaded files and error workbooks of jobs that finished (or were left
    waiting) more than `older_than_days` ago: they hold whole ID numbers and phones in plain
    cells, and keeping them for ever would keep that outside the sealed registry. The job rows
    stay, with their counts, as the record of what was imported. Returns how many were purged."""
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    settled = [ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.REJECTED, ImportStatus.VALIDATED]
    candidates = ImportJob.objects.filter(status__in=settled, created_at__lt=cutoff).exclude(file_path="")
    purged = 0
    for job in candidates.iterator():
        if (job.finished_at or job.created_at) >= cutoff:
            continue
        message = PURGED_MESSAGE.format(days=older_than_days)
        # A job still waiting for its import can no longer run without its file.
        status = ImportStatus.REJECTED if job.status == ImportStatus.VALIDATED else job.status
        if ImportJob.objects.filter(pk=job.pk, status=job.status).update(file_path="", has_error_file=False, status=status, message=message):
            storage.remove(job)
            purged += 1
    return purged
