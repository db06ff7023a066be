"""Background tasks (django-tasks): the database backend runs them in `ocop db_worker`."""

from django_tasks import task

from ocop.exchange.models import ImportJob
from ocop.exchange.runner import apply_job, check_job


@task()
def check_import(job_id: int) -> None:
    check_job(ImportJob.objects.get(pk=job_id))


@task()
def apply_import(job_id: int) -> None:
    apply_job(ImportJob.objects.get(pk=job_id))
