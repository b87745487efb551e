"""Background jobs of the clients app (django.tasks: `mteja serve` runs a worker beside the
web workers; tests run them at once)."""

from __future__ import annotations

from django_tasks import task

from mteja.clients import phones
from mteja.clients.models import Client, ClientPolicy
from mteja.core.shared_memory import give_back_freed_memory


@task()
def rekey_mobile_numbers() -> int:
    """Recomputes every client's mobile key for the institution's current default country
    (after a change of it): minutes at a million clients, so never inside a request. Reads the
    country when it runs, so that of two quick changes the later one wins whatever the order
    the jobs run in. Returns how many keys changed."""
    return phones.rekey(Client, ClientPolicy.current().phone_region)


@task()
def run_import_job(job_id: int) -> str:
    """Imports a job's file (clients/imports/running.py); returns how the job ended."""
    from mteja.clients.imports.running import run_job
    from mteja.clients.imports.upkeep import worker_upkeep

    try:
        status = run_job(job_id).status
    finally:
        # The job worker then idles for hours holding what the job freed (decision 300).
        give_back_freed_memory()
    worker_upkeep()  # jobs left queued with no task, or never made (imports/upkeep.py)
    return status


@task()
def import_upkeep() -> None:
    """The import jobs' upkeep while a database worker sits idle, once a minute
    (imports/upkeep.py)."""
    from mteja.clients.imports.upkeep import upkeep_now_and_later

    upkeep_now_and_later()
