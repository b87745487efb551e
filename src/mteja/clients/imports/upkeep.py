"""What the job worker tidies when it starts and after each import it runs: jobs left queued
with no task (unclaimed.py) and directories of jobs never made (orphans.py). A chore that
fails is logged, not raised: the worker goes on."""

from __future__ import annotations

import logging

from mteja.clients.imports.orphans import remove_orphaned_folders
from mteja.clients.imports.unclaimed import requeue_unclaimed

logger = logging.getLogger(__name__)

CHORES = (requeue_unclaimed, remove_orphaned_folders)


def worker_upkeep() -> None:
    for chore in CHORES:
        try:
            chore()
        except Exception:
            logger.exception("The import jobs' upkeep failed (%s)", chore.__name__)
