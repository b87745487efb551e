"""The progress bar and its figures (`GET /imports/{id}`, the service that feeds it) never go
back and reach 100 % as the job ends: a resumed all or nothing job checks the rows not yet
written again before writing any (its bar went back to the share of those checked), and the
count up front counts a file's blank lines and the lines above its header, which a pass read
as no row (the bar stopped short, then jumped to 100 %)."""

import io

import pytest
import xlsxwriter
from tests.clients.bulk.test_jobs import HEADER, client_file

from mteja.clients.bulk import reading
from mteja.clients.imports import running
from mteja.clients.imports.progress import progress
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
KEYS = ("phase", "rowsHandled", "phaseRows", "totalRows", "percent")


def _file_with_blank_lines(rows: int, *, preamble=()) -> bytes:
    """Each row followed by a blank line, and three more at the end."""
    lines = [*preamble, HEADER]
    for line in range(rows):
        lines += [f"Kibera,Asha,Njeri{line},BLANK-{line},2024-01-10", ""]
    return ("\r\n".join([*lines, "", "", ""]) + "\r\n").encode()


def _shown(api, job_id: int) -> dict:
    body = api.get(f"{API}/imports/{job_id}").json()
    return {key: body[key] for key in KEYS}


def _polled(api, seen: list):
    """Each batch's figures as the API answers them, once the batch committed (the job's
    record of it is in the batch's transaction: what a poll would see just after)."""

    def poll(job):
        seen.append({key: progress(job)[key] for key in KEYS})

    return poll


def _never_back(seen: list[dict]) -> None:
    percents = [shown["percent"] for shown in seen]
    assert percents == sorted(percents), percents


def test_a_resumed_all_or_nothing_jobs_bar_goes_on_from_where_it_stood(
    api, admin_user, kibera, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    seen = []
    poll = _polled(api, seen)

    def killed_in_the_third_written_batch(job):
        if job.rows_done == 6:
            raise OSError("killed")  # the batch rolled back with its record
        poll(job)

    job = import_job_create(actor=admin_user, data=client_file(10), file_name="a.csv",
                            all_or_nothing=True)  # fmt: skip
    job = running.run_job(job.pk, on_progress=killed_in_the_third_written_batch)
    assert (job.status, job.rows_done, Client.objects.count()) == ("failed", 4, 4)
    # The check's five batches, then two written: (10 + 4) rows of 20.
    assert seen[-1] == _shown(api, job.pk) == {
        "phase": "importing", "rowsHandled": 4, "phaseRows": 10, "totalRows": 10, "percent": 70
    }  # fmt: skip
    import_job_resume(actor=admin_user, job=job, run_here=True)
    seen.append(_shown(api, job.pk))
    running.run_job(job.pk, on_progress=poll, claimed=True)
    seen.append(_shown(api, job.pk))
    _never_back(seen)
    # Claimed again, it checks the six rows not yet written again (three batches, the last
    # one ending the check), then writes them (three), its bar going on from 70 %.
    resumed = seen[seen.index(_shown_at(seen, "rechecking")) :]
    assert [(s["phase"], s["rowsHandled"], s["phaseRows"]) for s in resumed] == [
        ("rechecking", 0, 6), ("rechecking", 2, 6), ("rechecking", 4, 6),
        ("importing", 4, 10), ("importing", 6, 10), ("importing", 8, 10), ("importing", 10, 10),
        ("importing", 10, 10),
    ]  # fmt: skip
    assert [s["percent"] for s in resumed] == [70, 75, 80, 85, 90, 95, 99, 100]
    assert resumed[-1] == {
        "phase": "importing", "rowsHandled": 10, "phaseRows": 10, "totalRows": 10, "percent": 100
    }  # fmt: skip
    assert Client.objects.count() == 10


def _shown_at(seen: list[dict], phase: str) -> dict:
    return next(shown for shown in seen if shown["phase"] == phase)


def test_a_job_killed_in_its_check_does_not_go_back_as_it_checks_again(
    api, admin_user, kibera, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    seen = []
    poll = _polled(api, seen)

    def killed_in_the_third_checked_batch(job):
        if job.rows_checked == 6:
            raise OSError("killed")
        poll(job)

    job = import_job_create(actor=admin_user, data=client_file(8), file_name="a.csv",
                            all_or_nothing=True)  # fmt: skip
    running.run_job(job.pk, on_progress=killed_in_the_third_checked_batch)
    assert seen[-1]["percent"] == _shown(api, job.pk)["percent"] == 25  # 4 rows of 16
    import_job_resume(actor=admin_user, job=ImportJob.objects.get(pk=job.pk), run_here=True)
    running.run_job(job.pk, on_progress=poll, claimed=True)
    seen.append(_shown(api, job.pk))
    _never_back(seen)
    assert _shown_at(seen, "rechecking")["phaseRows"] == 8  # none written: all again
    assert seen[-1]["percent"] == 100


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "check"])
def test_a_single_pass_counts_blank_lines_and_a_preamble_as_passed(
    api, admin_user, kibera, monkeypatch, dry_run
):
    monkeypatch.setattr(running, "BATCH_SIZE", 3)
    data = _file_with_blank_lines(6, preamble=["Clients of Kibera", "Prepared by Asha"])
    job = import_job_create(actor=admin_user, data=data, file_name="a.csv", dry_run=dry_run)
    assert job.total_rows == 17  # counted up front: 2 + 6 × 2 + 3 lines below the first
    seen = []
    running.run_job(job.pk, on_progress=_polled(api, seen))
    phase = "checking" if dry_run else "importing"
    # The first batch passes the preamble and the header, its rows and the blank lines after
    # them (up to line 9); the last one, the file's end: every line counted is passed.
    assert seen == [
        {"phase": phase, "rowsHandled": 8, "phaseRows": 17, "totalRows": 17, "percent": 47},
        {"phase": phase, "rowsHandled": 17, "phaseRows": 17, "totalRows": 17, "percent": 99},
    ]
    # Done, the total is its rows.
    assert _shown(api, job.pk) == {
        "phase": phase, "rowsHandled": 6, "phaseRows": 6, "totalRows": 6, "percent": 100
    }  # fmt: skip


def test_a_quoted_line_break_counted_up_front_is_no_row_once_the_file_ends(
    api, admin_user, kibera, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    rows = [f'Kibera,Asha,"Njeri\r\nWanjiru{line}",QUOTED-{line},2024-01-10' for line in range(4)]
    data = ("\r\n".join([HEADER, *rows]) + "\r\n").encode()
    job = import_job_create(actor=admin_user, data=data, file_name="a.csv")
    assert job.total_rows == 8  # each row's two lines
    seen = []
    running.run_job(job.pk, on_progress=_polled(api, seen))
    # Its last batch passes the file's end: the total becomes the rows passed.
    assert [(s["rowsHandled"], s["totalRows"], s["percent"]) for s in seen] == [
        (2, 8, 25), (4, 4, 99)
    ]  # fmt: skip
    assert _shown(api, job.pk)["percent"] == 100


@pytest.mark.parametrize("streamed", [False, True], ids=["calamine", "streamed"])
def test_an_xlsx_preamble_blank_and_hidden_rows_are_passed_as_its_height_counts_them(
    api, admin_user, kibera, monkeypatch, streamed
):
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    rows = [["Clients of Kibera"], [], HEADER.split(",")]
    for line in range(4):
        rows += [["Kibera", "Asha", f"Njeri{line}", f"XLSX-{line}", "2024-01-10"], []]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    for number, row in enumerate(rows[:-1]):  # sheet rows 1 to 10
        sheet.write_row(number, 0, row)
    sheet.set_row(5, None, None, {"hidden": True})  # the sixth, a client's
    book.close()
    job = import_job_create(actor=admin_user, data=buffer.getvalue(), file_name="a.xlsx")
    assert job.total_rows == 9  # its height, A1:E10, less a header
    seen = []
    running.run_job(job.pk, on_progress=_polled(api, seen))
    assert [(s["rowsHandled"], s["totalRows"], s["percent"]) for s in seen] == [
        (6, 9, 66), (9, 9, 99)
    ]  # fmt: skip
    assert _shown(api, job.pk)["percent"] == 100
    assert Client.objects.count() == 4


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "check"])
def test_a_cancelled_job_resumed_goes_on_from_where_its_bar_stood(
    api, admin_user, kibera, monkeypatch, dry_run
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    seen = []
    poll = _polled(api, seen)

    def cancelled_after_the_second_batch(job):
        poll(job)
        if len(seen) == 2:  # asked as the batch commits: the next one is rolled back
            ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)

    job = import_job_create(actor=admin_user, data=_file_with_blank_lines(6), file_name="a.csv",
                            dry_run=dry_run)  # fmt: skip
    job = running.run_job(job.pk, on_progress=cancelled_after_the_second_batch)
    assert job.status == "cancelled"
    seen.append(_shown(api, job.pk))
    job = import_job_resume(actor=admin_user, job=job, run_here=True)
    seen.append(_shown(api, job.pk))
    running.run_job(job.pk, on_progress=poll, claimed=True)
    seen.append(_shown(api, job.pk))
    _never_back(seen)
    # Lines 2-5 and 6-9 of 15 below the header, kept when cancelled, then the rest.
    assert [(s["rowsHandled"], s["percent"]) for s in seen] == [
        (4, 26), (8, 53), (8, 53), (8, 53), (15, 99), (6, 100)
    ]  # fmt: skip
