"""The import upkeep a worker runs once a minute while idle writes nothing to its log when it
has nothing to do: django-tasks' start and end lines of it (two INFO lines a minute) are left
out; what it does is logged (a warning), and other tasks' lines are kept."""

import logging

import pytest
from tests.clients.bulk.test_job_unclaimed import left_queued

from mteja.clients.tasks import import_upkeep

pytestmark = pytest.mark.django_db


def lines(caplog) -> list[tuple[str, str, str]]:
    return [(r.name, r.levelname, r.getMessage()) for r in caplog.records]


def test_an_idle_upkeep_logs_nothing(caplog):
    with caplog.at_level(logging.INFO):  # the log's default level
        import_upkeep.enqueue()
    assert lines(caplog) == []


def test_an_upkeep_that_queues_a_lost_job_again_logs_that_and_the_import_it_ran(
    admin_user, kibera, caplog
):
    lost = left_queued(admin_user)
    with caplog.at_level(logging.INFO):
        import_upkeep.enqueue()  # (the tests' backend runs the job's task at once)
    logged = lines(caplog)
    assert logged[0] == (
        "mteja.clients.imports.unclaimed",
        "WARNING",
        f"Import job {lost.pk} was queued with no task to run it: queued again.",
    )
    tasks = [message for name, _level, message in logged if name == "django_tasks"]
    assert len(tasks) == 2 and all("path=mteja.clients.tasks.run_import_job" in m for m in tasks)
    assert "SUCCESSFUL" in tasks[1]
    assert not any("import_upkeep" in message for _name, _level, message in logged)


def test_an_upkeep_that_fails_is_still_logged(caplog, monkeypatch):
    from mteja.clients.imports import upkeep

    def failing():
        raise RuntimeError("disk gone")

    monkeypatch.setattr(upkeep, "worker_upkeep", failing)
    with caplog.at_level(logging.INFO):
        import_upkeep.enqueue()
    assert [(name, level) for name, level, _message in lines(caplog)] == [("django_tasks", "ERROR")]


@pytest.mark.parametrize("logger", ["django_tasks", "django.tasks"])
def test_the_routine_lines_are_left_out_under_the_backports_logger_and_djangos(caplog, logger):
    """The backport logs each task's start and end as `django_tasks`; Django 6's own tasks as
    `django.tasks`: moving to it must not bring two lines a minute back."""
    from mteja.clients.tasks import run_import_job

    with caplog.at_level(logging.INFO):
        for task in (import_upkeep, run_import_job):
            for state in ("RUNNING", "SUCCESSFUL"):
                logging.getLogger(logger).info(
                    "Task id=%s path=%s state=%s", "abc", task.module_path, state
                )
    assert lines(caplog) == [
        (logger, "INFO", f"Task id=abc path=mteja.clients.tasks.run_import_job state={state}")
        for state in ("RUNNING", "SUCCESSFUL")
    ]
