"""Which worker runs a job, and whether it is gone: a job left running by a worker that died
(killed, its host restarted) is shown "interrupted" until someone resumes it. Apart from
running.py so that what reads a job's state without running it (its result file: files.py)
can tell an interrupted job too."""

from __future__ import annotations

import datetime
import os
import socket

from mteja.clients.models import ImportJob, ImportStatus
from mteja.core import clock

# A running job whose worker has not reported for this long (and cannot be asked: another
# host) is taken for dead.
STALE_AFTER = datetime.timedelta(minutes=10)
# Shown, never stored: a running job whose worker is gone (killed, its host restarted) until
# someone resumes it.
INTERRUPTED = "interrupted"


def this_worker() -> str:
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


def worker_gone(job: ImportJob) -> bool:
    """Whether a running job's worker is dead: on this host, a process gone is; on any
    host, a worker whose last report is older than STALE_AFTER is (on this host, its pid
    may since belong to another process: after a restart, a container's pids start again
    from 1)."""
    if job.status != ImportStatus.RUNNING:
        return False
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname()[:100] and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OverflowError):
            pass
    beat = job.heartbeat_at or job.started_at
    return beat is None or clock.now() - beat > STALE_AFTER
