"""All or nothing's bar once its check is over: its check passed the file's rows, blank lines
included (which the count up front counts). Its writing was shown as "checking the rows" (the
rows checked never reached the count), the bar stopping half-way before jumping to 100 %."""

import pytest
from tests.clients.bulk.test_jobs import HEADER

from mteja.clients.imports import running
from mteja.clients.imports.progress import progress
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db


def _file_with_blank_lines(rows: int) -> bytes:
    lines = [HEADER]
    for line in range(rows):
        lines += [f"Kibera,Asha,Njeri{line},BLANK-{line},2024-01-10", ""]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_an_all_or_nothing_jobs_writing_is_shown_as_writing_of_the_rows_checked(
    admin_user, kibera, monkeypatch
):
    job = import_job_create(actor=admin_user, data=_file_with_blank_lines(1_200),
                            file_name="blank-lines.csv", all_or_nothing=True)  # fmt: skip
    assert job.total_rows > 1_200  # the blank lines counted up front
    seen = []
    record = running._record_batch

    def record_and_look(job, results, last_line, writing):
        record(job, results, last_line, writing)
        if writing:
            seen.append(progress(ImportJob.objects.get(pk=job.pk)))

    monkeypatch.setattr(running, "_record_batch", record_and_look)
    running.run_job(job.pk)
    assert Client.objects.count() == 1_200
    first = seen[0]
    # 500 rows and the blank lines after them: lines 2 to 1,001 of 2,401.
    assert (first["phase"], first["totalRows"], first["rowsHandled"]) == ("importing", 2_400, 1_000)
    assert first["percent"] == (2_400 + 1_000) * 100 // 4_800
    assert [shown["percent"] for shown in seen] == sorted(shown["percent"] for shown in seen)
