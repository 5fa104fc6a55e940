"""The background tasks (django-tasks): the web process enqueues, the worker runs the
engine. `gonghui run` starts the worker (`db_worker`) beside the web server."""

from django_tasks import task

from gonghui.core.imports import engine


@task()
def validate_upload(job_id: int) -> None:
    engine.validate_job(job_id)


@task()
def run_import(job_id: int) -> None:
    engine.import_job(job_id)
