"""An import's progress bar in real Chromium, polled as a clerk watches it: an all or nothing
job stopped in its writing and resumed checks the rows not yet written again before writing
them; its bar never goes back (it went back to the share of the rows checked again) and
reaches 100 % as the job completes. The job's states are those a real run recorded, each
shown to the page in turn."""

import pytest
from playwright.sync_api import expect
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import running
from mteja.clients.imports.progress import progress
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.clients.models import ImportJob

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a run changes on its job.
FIELDS = (
    "status", "worker", "started_at", "heartbeat_at", "finished_at", "error", "outcomes",
    "total_rows", "rows_done", "rows_checked", "last_line", "checked_line", "bar_from",
    "line_from", "rows_at_start", "rate_since", "held_back",
)  # fmt: skip


def _state(job: ImportJob) -> dict:
    return {name: getattr(job, name) for name in FIELDS}


def _recorded_states(admin, monkeypatch, settings) -> tuple[int, list[dict]]:
    """An all or nothing job of ten rows in batches of two, killed in its third written batch
    and resumed: its state after each batch, as stopped, as resumed and as completed (run
    by this process, whose callbacks record them: no lanes)."""
    settings.MTEJA_IMPORT_LANES = 1
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    states = []

    def killed_in_the_third_written_batch(job):
        if job.rows_done == 6:
            raise OSError("killed")
        states.append(_state(job))

    job = import_job_create(actor=admin, data=client_file(10), file_name="ten.csv",
                            all_or_nothing=True, run_here=True)  # fmt: skip
    job = running.run_job(job.pk, on_progress=killed_in_the_third_written_batch, claimed=True)
    states.append(_state(job))  # failed
    import_job_resume(actor=admin, job=job, run_here=True)
    states.append(_state(ImportJob.objects.get(pk=job.pk)))
    job = running.run_job(job.pk, on_progress=lambda job: states.append(_state(job)), claimed=True)
    states.append(_state(job))  # completed
    return job.pk, states


@pytest.fixture
def admin(make_user, make_office):
    make_office(name="Kibera")
    return make_user(("ALL_FUNCTIONS",), username="admin")


def test_a_resumed_all_or_nothing_jobs_bar_never_goes_back(
    page, admin, log_in, monkeypatch, settings, update_served
):
    job_id, states = _recorded_states(admin, monkeypatch, settings)
    log_in(page, "admin")
    page.clock.install()
    bar = page.locator("progress#import-bar")
    shown, polling, phases = [], False, set()
    for state in states:
        update_served(page, ImportJob.objects.filter(pk=job_id), **state)
        figures = progress(ImportJob.objects.get(pk=job_id))
        expected = figures["percent"]
        if polling:
            page.clock.run_for(2_500)  # the block refreshes itself
        else:
            page.goto(f"/imports/{job_id}/")  # (a failed job's page polls no more)
        expect(bar).to_have_attribute("value", str(expected))
        if figures["phase"] == "rechecking":
            name = "Running: checking again the rows not yet imported"
            expect(page.get_by_role("progressbar", name=name)).to_be_visible()
            rechecked = figures["rowsHandled"]
            expect(page.get_by_role("status")).to_contain_text(
                f"{rechecked} of the 6 rows not yet imported checked again ({expected} %)."
            )
        shown.append(int(bar.get_attribute("value")))
        phases.add(figures["phase"])
        polling = state["status"] == "running"
    assert phases == {"checking", "rechecking", "importing"}
    assert shown == sorted(shown), shown
    assert shown[-1] == 100 and shown.count(100) == 1
    expect(page.get_by_role("status")).to_contain_text("10 of 10 rows checked, 10 of 10 imported")
    assert not page.problems
