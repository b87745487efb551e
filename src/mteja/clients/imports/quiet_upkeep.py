"""The worker's log without the import upkeep's routine lines: django-tasks logs each task's
start and end at INFO ("Task id=… path=mteja.clients.tasks.import_upkeep state=RUNNING", then
SUCCESSFUL), two lines a minute from an idle worker saying nothing happened. The upkeep logs
what it does itself, as warnings (a job queued again, a directory removed); its failure is
still logged (an ERROR); other tasks' lines (an import's) are kept. Configured in settings'
LOGGING, before the apps are ready: nothing here imports a model at import time."""

from __future__ import annotations

import logging

# The loggers of each task's start and end lines: the django-tasks backport's, and Django's
# own (`django.tasks`, from Django 6). Each needs the filter: a logger's filters judge the
# records logged under its own name only, not those of another logger that reach its handlers.
TASK_LOGGERS = ("django_tasks", "django.tasks")
FILTER = "upkeep_routine"


def logging_settings() -> dict:
    """The parts of settings.LOGGING that leave the routine lines out: the filter, and every
    task logger using it."""
    return {
        "filters": {FILTER: {"()": f"{__name__}.{UpkeepRoutineLines.__qualname__}"}},
        "loggers": {name: {"filters": [FILTER]} for name in TASK_LOGGERS},
    }


class UpkeepRoutineLines(logging.Filter):
    """Drops the records below WARNING that name the upkeep task (django-tasks' per-task
    lines, whose arguments hold the task's path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or not isinstance(record.args, tuple):
            return True
        from mteja.clients.tasks import import_upkeep  # (a task logs once the apps are ready)

        return import_upkeep.module_path not in record.args
