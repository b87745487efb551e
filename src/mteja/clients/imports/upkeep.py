"""What the job worker tidies when it starts, after each import it runs and, idle, once a
minute: jobs left queued with no task (unclaimed.py), directories of jobs never made
(orphans.py) and the files of jobs finished long ago (retention.py). A chore that fails is
logged, not raised: the worker goes on.

An idle worker runs no import after which to tidy: the worker (django_tasks_db's `db_worker`)
has no hook of its own for it, so the upkeep is itself a task, deferred by UPKEEP_EVERY, which
queues the next when it runs. Its database keeps it: every worker runs it in turn, none twice
at once, and a worker busy with an import runs it after (the import's own upkeep done)."""

from __future__ import annotations

import datetime
import logging

from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from mteja.clients.imports.orphans import remove_orphaned_folders
from mteja.clients.imports.retention import remove_expired_files
from mteja.clients.imports.unclaimed import requeue_unclaimed
from mteja.core import clock

logger = logging.getLogger(__name__)

CHORES = (requeue_unclaimed, remove_orphaned_folders, remove_expired_files)
UPKEEP_EVERY = datetime.timedelta(minutes=1)


def worker_upkeep() -> None:
    for chore in CHORES:
        try:
            chore()
        except Exception:
            logger.exception("The import jobs' upkeep failed (%s)", chore.__name__)


def upkeep_now_and_later() -> None:
    """The upkeep, then the next one queued UPKEEP_EVERY from now (what a worker does when it
    starts, and the upkeep task each time it runs)."""
    worker_upkeep()
    _schedule_next()


def _schedule_next() -> None:
    """Queues the upkeep task UPKEEP_EVERY from now unless one waits already (another
    worker's: two chains become one), and drops the earlier runs' results (a row a minute
    otherwise). Only with the database backend, whose workers run a deferred task when it is
    due; any other would run it at once, here, for ever."""
    from mteja.clients.tasks import import_upkeep

    backend = import_upkeep.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return
    runs = DBTaskResult.objects.filter(
        task_path=import_upkeep.module_path, backend_name=backend.alias
    )
    runs.filter(status=TaskResultStatus.SUCCESSFUL).delete()
    if not runs.filter(status=TaskResultStatus.READY).exists():
        import_upkeep.using(run_after=clock.now() + UPKEEP_EVERY).enqueue()
