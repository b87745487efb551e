"""The table of a file's values that must be unique in it (first_seen.py), kept in a file past
MTEJA_IMPORT_KEYS_MEMORY_BYTES (key_slots.py, decision 264): an import's memory stays bounded
whatever the file's size, and a row repeating a line above is refused as before — across
batches, across lanes, after a resume — once the table lives in the file.

The lanes' test forks, so it runs on PostgreSQL with real transactions (CI's PostgreSQL
pass); the others run on either database."""

import os

import pytest
from django.db import connection
from tests.clients.bulk.dying_batches import batches_dying
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file, result_lines, start
from tests.clients.bulk.test_lanes import two_lanes  # noqa: F401 (a fixture)

from mteja.clients.bulk import key_slots
from mteja.clients.bulk.first_seen import FirstSeen
from mteja.clients.imports import files, running
from mteja.clients.imports.services import enqueue, import_job_resume
from mteja.clients.models import Client, ImportJob

TINY = 256  # bytes: 16 values' slots in memory, then a file (the table grows at 9 values)


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_the_tables_memory_stays_within_its_bound_however_many_values_it_holds(settings):
    """150,000 values: their table takes 8 MiB (12 MiB as it grows), in a file;
    the process holds no more than its bound of its pages, and every answer is the same."""
    settings.MTEJA_IMPORT_KEYS_MEMORY_BYTES = 256 * 1024
    seen = FirstSeen()
    before = resident_bytes()
    for line in range(2, 150_002):
        seen.line_of(("externalId", f"BIG-{line}"), line)
    grown = resident_bytes() - before
    assert len(seen) == 150_000
    assert grown < 4 * 1024 * 1024, grown
    for line in (2, 77_777, 150_001):
        assert seen.line_of(("externalId", f"BIG-{line}"), 400_000) == line
    assert seen.get(("externalId", "BIG-150002")) == 0


@pytest.fixture
def tables_in_files(settings, monkeypatch, tmp_path):
    """Tables past TINY bytes in files; the pid of each process that made one, in a file."""
    settings.MTEJA_IMPORT_KEYS_MEMORY_BYTES = TINY
    makers, made = tmp_path / "table-makers", key_slots.SlotsInFile.__init__

    def noted(self, count):
        made(self, count)
        with makers.open("a") as out:
            out.write(f"{os.getpid()}\n")

    monkeypatch.setattr(key_slots.SlotsInFile, "__init__", noted)
    return lambda: {int(pid) for pid in makers.read_text().split()} if makers.exists() else set()


def repeating(count: int, repeats: dict[int, int]) -> bytes:
    """client_file's rows, each line of `repeats` giving the external id of the line named."""
    text = client_file(count).decode()
    for line, of in repeats.items():
        text = text.replace(f",JOB-{line},", f",JOB-{of},")
    return text.encode()


def errors_by_line(job) -> dict[int, list]:
    return {row.line: row.errors for row in files.result_rows(job) if row.errors}


@pytest.mark.django_db
def test_repeats_across_batches_and_after_a_resume_are_refused_with_the_table_in_a_file(
    admin_user, kibera, tables_in_files, monkeypatch
):
    """Batches of two rows; the job dies in its sixth batch (lines 12-13) and is resumed:
    line 9 repeats line 2 (both before the death), line 20 line 3 (written before it, noted
    by the resumed run), line 27 line 18 (both in the resumed run)."""
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    batches = []

    def the_sixth(last_line: int) -> bool:
        batches.append(last_line)
        return len(batches) == 6

    revive = batches_dying(monkeypatch, the_sixth)
    data = repeating(30, {9: 2, 20: 3, 27: 18})
    job = start(admin_user, data)
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=DEAD_WORKER)
    job.refresh_from_db()
    assert (job.rows_done, job.last_line) == (10, 11)
    assert tables_in_files() == {os.getpid()}  # (past its 16 slots already)
    revive()
    import_job_resume(actor=admin_user, job=job)
    enqueue(job)
    job.refresh_from_db()
    assert job.status == "completed" and job.outcomes == {"imported": 27, "invalid": 3}
    assert errors_by_line(job) == {
        9: [("externalId", "Line 2 has the same external id.")],
        20: [("externalId", "Line 3 has the same external id.")],
        27: [("externalId", "Line 18 has the same external id.")],
    }
    assert Client.objects.count() == 27


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="forked lanes need a database on a server"
)
def test_repeats_across_lanes_are_refused_with_each_lanes_table_in_a_file(
    admin_user,
    kibera,
    two_lanes,  # noqa: F811
    tables_in_files,
    monkeypatch,
):
    """Two lanes, batches of two rows (lane 1 checks lines 4-5, 8-9…): line 33 (lane 1)
    repeats line 2 (lane 0), line 30 line 3 (both lane 0's, far apart), line 25 (lane 1)
    line 19 (lane 0); then the job dies at line 27 and is resumed: line 37 repeats line 10,
    written before the death, noted by both new lanes."""
    revive = batches_dying(monkeypatch, lambda last_line: last_line == 27)
    job = start(admin_user, repeating(40, {33: 2, 30: 3, 25: 19, 37: 10}))
    assert (job.status, job.last_line) == ("failed", 25)
    first_lanes = tables_in_files()
    assert len(first_lanes) == 2 and os.getpid() not in first_lanes
    revive()
    import_job_resume(actor=admin_user, job=job)
    running.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "completed" and job.outcomes == {"imported": 36, "invalid": 4}
    assert errors_by_line(job) == {
        25: [("externalId", "Line 19 has the same external id.")],
        30: [("externalId", "Line 3 has the same external id.")],
        33: [("externalId", "Line 2 has the same external id.")],
        37: [("externalId", "Line 10 has the same external id.")],
    }
    assert len(tables_in_files() - first_lanes) == 2  # the resumed run's lanes
    assert sorted(Client.objects.values_list("external_id", flat=True)) == sorted(
        f"JOB-{line}" for line in range(2, 42) if line not in (25, 30, 33, 37)
    )
    assert result_lines(job)[-1] == (41, "imported")
