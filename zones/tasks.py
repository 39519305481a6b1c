"""Celery tasks of Excel imports: check a job's file, then write it once the user confirms. Each
takes the job's id, calls one function of zones.imports, is idempotent, and retries transient
failures (config.celery.RETRY); any other error marks the job failed, with the error, for its page.
"""

from celery import shared_task
from django.utils import timezone

from config.celery import RETRY, TRANSIENT_ERRORS

from . import imports
from .models import ImportJob


def _run(step, job_id: int) -> str:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        return step(job).status
    except TRANSIENT_ERRORS:
        raise  # retried; the job keeps its status meanwhile
    except Exception as error:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            message=f"导入任务出错：{error}",
            finished_at=timezone.now(),
        )
        raise


@shared_task(**RETRY)
def check_import(job_id: int) -> str:
    """Check every row of an uploaded file and store the preview; writes no data."""
    return _run(imports.check_job, job_id)


@shared_task(**RETRY)
def write_import(job_id: int) -> str:
    """Write a confirmed import in one transaction."""
    return _run(imports.write_job, job_id)
