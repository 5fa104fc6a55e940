"""Reads of import jobs, scoped: a job is seen by accounts whose subtree holds its node."""

from gonghui.core import scope
from gonghui.core.models import ImportJob


def jobs_visible(user):
    return scope.visible(ImportJob.objects.select_related("org", "created_by"), user)


def job_get(user, job_id) -> ImportJob:
    return scope.get_visible_or_404(ImportJob.objects.select_related("org", "created_by"), user, pk=job_id)
