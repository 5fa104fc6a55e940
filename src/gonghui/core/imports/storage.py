"""Where uploads live: VAR_DIR/imports/<job id>/, outside the web root and never served
directly (the error workbook is downloaded through a view that checks scope)."""

import json
import os
import shutil
import time
from pathlib import Path

from django.conf import settings

SOURCE = "source"
ERRORS = "errors.xlsx"
PROGRESS = "progress.json"
SPOOL = "rows.spool"


def root() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def job_dir(job) -> Path:
    return root() / str(job.pk)


def source_path(job) -> str:
    return str(root() / job.file_path)


def error_path(job) -> str:
    return str(job_dir(job) / ERRORS)


def spool_path(job) -> str:
    return str(job_dir(job) / SPOOL)


def store_upload(job, chunks) -> tuple[str, int, str]:
    """Write the uploaded chunks to the job's folder; returns (relative path, size, sha256)."""
    import hashlib

    folder = job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    extension = os.path.splitext(job.original_name)[1].lower()[:8]
    target = folder / f"{SOURCE}{extension}"
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return f"{job.pk}/{target.name}", size, digest.hexdigest()


def write_progress(job, snapshot: dict) -> None:
    folder = job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{PROGRESS}.{os.getpid()}"
    tmp.write_text(json.dumps(snapshot))
    os.replace(tmp, folder / PROGRESS)


def read_progress(job) -> dict | None:
    try:
        snapshot = json.loads((job_dir(job) / PROGRESS).read_text())
    except (OSError, ValueError):
        return None
    if snapshot.get("token") != job.run_token:
        return None  # left by an earlier run
    snapshot["age"] = time.time() - snapshot.get("at", 0)
    return snapshot


def remove(job) -> None:
    shutil.rmtree(job_dir(job), ignore_errors=True)
