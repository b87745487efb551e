"""A job left queued with no task to run it (its process died between its making and its
handing over, or its worker between taking the task and claiming the job) is queued again by
the worker; a job of the command line is claimed as it is made, so that its process dying
leaves it resumable rather than queued for ever."""

import datetime
import signal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file

from mteja import cli
from mteja.clients.imports import files, running, unclaimed
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.core import clock

pytestmark = pytest.mark.django_db

A_WHILE_AGO = datetime.timedelta(minutes=5)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def left_queued(user, *, queued_ago=A_WHILE_AGO) -> ImportJob:
    """A job made, then its process gone before it was handed over."""
    job = import_job_create(actor=user, data=client_file(2), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=clock.now() - queued_ago)
    return job


def test_a_job_left_queued_with_no_task_is_run_by_the_worker(admin_user, kibera):
    job = left_queued(admin_user)
    assert unclaimed.requeue_unclaimed() == [job.pk]  # the tests' backend runs it at once
    job.refresh_from_db()
    assert (job.status, job.outcomes) == ("completed", {"imported": 2})


def test_a_job_just_queued_is_left_to_its_task(admin_user, kibera):
    job = left_queued(admin_user, queued_ago=datetime.timedelta(seconds=5))
    assert unclaimed.requeue_unclaimed() == []
    job.refresh_from_db()
    assert job.status == "queued"


def test_the_worker_looks_for_them_after_each_import_it_runs(admin_user, kibera):
    stuck = left_queued(admin_user)
    other = import_job_create(actor=admin_user, data=client_file(1), file_name="b.csv")
    from mteja.clients.tasks import run_import_job

    run_import_job.enqueue(other.pk)
    stuck.refresh_from_db()
    assert stuck.status == "completed"


@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_only_a_job_with_no_waiting_task_is_queued_again(
    admin_user, kibera
):
    from mteja.clients.tasks import run_import_job

    waiting, taken, left = (left_queued(admin_user) for _job in range(3))
    # A task a worker took and died with before it claimed the job: running for ever.
    run_import_job.enqueue(taken.pk)
    DBTaskResult.objects.update(status="RUNNING")
    run_import_job.enqueue(waiting.pk)
    assert unclaimed.requeue_unclaimed() == [taken.pk, left.pk]
    ready = DBTaskResult.objects.filter(status="READY").values_list("args_kwargs", flat=True)
    assert sorted(given["args"] for given in ready) == [[job.pk] for job in (waiting, taken, left)]
    assert unclaimed.requeue_unclaimed() == []  # a task waits for each now


# A database worker's loop that ends once no task is due, rather than waiting for more.
IDLE_WORKER = ("--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0")


@pytest.fixture
def signals_kept():
    """The worker sets its own handlers of SIGINT and SIGTERM: the test run's are put back."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


# Committed as it goes: the worker closes a connection it finds in a transaction (a test's).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_an_idle_database_worker_queues_a_lost_job_again_within_minutes(
    admin_user, kibera, signals_kept
):
    """It did so only when it started and after an import: idle, never, the job shown stuck
    until someone resumed it."""
    cli.worker(list(IDLE_WORKER))  # `mteja worker` starts: nothing is lost yet
    lost = left_queued(admin_user)  # then a job's task is lost while the worker idles
    call_command("db_worker", *IDLE_WORKER)
    assert ImportJob.objects.get(pk=lost.pk).status == "queued"  # its next upkeep not due yet
    DBTaskResult.objects.update(run_after=clock.now())  # a minute on
    call_command("db_worker", *IDLE_WORKER)
    lost.refresh_from_db()
    assert (lost.status, lost.outcomes) == ("completed", {"imported": 2})
    upkeep = DBTaskResult.objects.filter(task_path="mteja.clients.tasks.import_upkeep")
    (waiting,) = upkeep.filter(status="READY")  # the next one, and one only
    assert waiting.run_after > clock.now()


def test_the_cli_claims_its_job_as_it_makes_it_so_its_death_leaves_it_resumable(
    tmp_path, admin_user, kibera, monkeypatch
):
    """Ctrl-C, SIGTERM or a SIGKILL between the job's making and its run: the job was left
    queued (not resumable, and run by no one); now it is running with its worker gone."""
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(3))

    def killed_before_it_ran(job_id, **options):
        raise KeyboardInterrupt

    run_job = running.run_job
    monkeypatch.setattr(running, "run_job", killed_before_it_ran)
    with pytest.raises(CommandError, match="Continue with --resume"):
        call_command("import", str(source), "--user", admin_user.username)
    job = ImportJob.objects.get()
    assert (job.status, job.worker) == ("running", running.this_worker())
    ImportJob.objects.filter(pk=job.pk).update(worker=DEAD_WORKER)  # the process is gone
    monkeypatch.setattr(running, "run_job", run_job)
    call_command("import", "--resume", str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.outcomes) == ("completed", {"imported": 3})
    assert Client.objects.count() == 3


@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_a_job_and_its_task_are_written_together(
    api_as, clerk, monkeypatch
):
    """Its task written in the job's own transaction: both commit, or neither — a job whose
    task cannot be written is not made (it was left queued, its file kept, for ever)."""
    from django_tasks_db.backend import DatabaseBackend
    from tests.clients.bulk.test_job_api import upload

    job_id = upload(api_as(clerk), client_file(2)).json()
    assert ImportJob.objects.get(pk=job_id).status == "queued"  # for the worker
    (task,) = DBTaskResult.objects.all()
    assert (task.status, task.args_kwargs["args"]) == ("READY", [job_id])

    def refused(*args, **kwargs):
        raise OSError("the task could not be written")

    monkeypatch.setattr(DatabaseBackend, "enqueue", refused)
    with pytest.raises(OSError):
        import_job_create(actor=clerk, data=client_file(2), file_name="b.csv", hand_over=True)
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [job_id]
    assert not (files.job_dir(ImportJob(pk=job_id + 1))).exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_a_resumed_job_is_handed_over_with_its_resume(api_as, clerk):
    from tests.clients.bulk.test_job_api import API

    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="failed")
    response = api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume")
    assert response.status_code == 200, response.content
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [job.pk]


def test_the_worker_looks_for_them_when_it_starts(admin_user, kibera, monkeypatch):
    from mteja import cli

    job = left_queued(admin_user)
    started = []
    monkeypatch.setattr(cli, "_django", lambda *argv: started.append(argv))
    assert cli.worker([]) == 0
    assert started == [("db_worker",)]
    job.refresh_from_db()
    assert job.status == "completed"
