"""Queued jobs that no task will run. A job is made (its row committed, its file copied)
and then handed to the worker (`services.enqueue`): a web process that dies between the
two, or a worker that takes the task and dies before it claims the job, leaves the job
queued for ever, counted among its starter's waiting imports, with nothing to run it (nor,
being queued, to resume). The command line's jobs are claimed as they are made
(`running.claim_here`): they are never queued.

The job worker looks for such jobs when it starts, after each import it runs and, idle, once
a minute (upkeep.py): a job queued more than UNCLAIMED_AFTER ago (`heartbeat_at`: when it
was queued) with no task waiting for it is queued again. Queued twice is harmless: one claim
takes the job, the other task finds it taken (`running._claim`). Only a backend whose
waiting tasks can be read (the database's) is looked into; with any other, nothing is queued
again.

So a job queued for STUCK_AFTER while no import has reported (no worker runs one) is shown
as stuck (`stuck`): no worker runs, or its task was lost (another backend's). Its page says
so; resuming it queues it again, cancelling ends it."""

from __future__ import annotations

import datetime
import logging

from django.db.models import Q
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from mteja.clients.models import ImportJob, ImportStatus
from mteja.core import clock, context

logger = logging.getLogger(__name__)

# Longer than a job's making takes between its commit and its task (a moment), so that a
# job being handed over is not taken for one left behind.
UNCLAIMED_AFTER = datetime.timedelta(minutes=2)
# Longer than a busy worker takes between two batches' reports, and than UNCLAIMED_AFTER (a
# live worker of the database backend queues such a job again first).
STUCK_AFTER = datetime.timedelta(minutes=10)
STUCK = "stuck"  # shown, never stored, as running.INTERRUPTED


def stuck(job: ImportJob) -> bool:
    """Whether the job has been queued for STUCK_AFTER while no import reported: none ran, so
    none held it back in the queue."""
    if job.status != ImportStatus.QUEUED:
        return False
    before = clock.now() - STUCK_AFTER
    if (job.heartbeat_at or job.created_on) >= before:
        return False
    return not context.remembered(_IMPORTS_REPORTING, lambda: _imports_reporting(before))


_IMPORTS_REPORTING = "imports reporting lately"  # asked once a request, however many jobs


def _imports_reporting(since) -> bool:
    return ImportJob.objects.filter(status=ImportStatus.RUNNING, heartbeat_at__gte=since).exists()


def requeue_unclaimed() -> list[int]:
    """Queues again the jobs queued with no task to run them; their ids."""
    from mteja.clients.tasks import run_import_job

    waiting = _waiting_jobs(run_import_job)
    if waiting is None:
        return []
    before = clock.now() - UNCLAIMED_AFTER
    left = (
        ImportJob.objects.filter(status=ImportStatus.QUEUED)
        .filter(Q(heartbeat_at__lt=before) | Q(heartbeat_at=None, created_on__lt=before))
        .exclude(pk__in=waiting)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    left = list(left)
    for job_id in left:
        logger.warning("Import job %s was queued with no task to run it: queued again.", job_id)
        run_import_job.enqueue(job_id)
    return left


def _waiting_jobs(task) -> set[int] | None:
    """The jobs a task waits to run; None when the backend cannot say."""
    backend = task.get_backend()
    if isinstance(backend, ImmediateBackend):
        return set()  # (runs each task as it is queued)
    if not isinstance(backend, DatabaseBackend):
        return None
    arguments = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task.module_path, backend_name=backend.alias
    ).values_list("args_kwargs", flat=True)
    return {given["args"][0] for given in arguments if given.get("args")}
