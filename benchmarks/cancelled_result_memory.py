"""The memory a cancelled import's result file takes as it streams (decision 234): a job of
`--rows` rows cancelled before it ran, so that every row is one it never reached, read on
from the upload. Prints JSON: the result's bytes and rows, and the peak of Python's
allocations (tracemalloc) while it is written, beside the upload's size.

`python benchmarks/cancelled_result_memory.py --rows 200000 --format csv` (DATABASE_URL, or
a SQLite file in var/bench; migrates it)."""

from __future__ import annotations

import argparse
import json
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402

HEADER = "office,firstname,lastname,externalId,submittedOnDate"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    options = parser.parse_args()
    env.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mteja.clients.bulk.download import result_chunks
    from mteja.clients.imports import files
    from mteja.clients.imports.services import import_job_cancel, import_job_create
    from mteja.organisation.models import Office
    from mteja.users.models import AppUser

    office = Office.objects.get(pk=1)
    user = AppUser.objects.filter(username="bench-cancel").first()
    if user is None:  # (never signs in: its job is made and cancelled here)
        user = AppUser.objects.create_user(username="bench-cancel", password=None, office=office)
    lines = (f"{office.name},Asha,Njeri{n},CR-{n},2024-01-10" for n in range(options.rows))
    data = ("\r\n".join([HEADER, *lines]) + "\r\n").encode()
    job = import_job_create(actor=user, data=data, file_name="big.csv")
    job = import_job_cancel(actor=user, job=job)
    tracemalloc.start()
    written = rows = 0
    for chunk in result_chunks(files.header(job), files.result_rows(job), options.format):
        written += len(chunk)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = sum(1 for _row in files.result_rows(job))
    print(json.dumps({"rows": rows, "format": options.format, "uploadBytes": len(data),
                      "resultBytes": written, "peakTracedBytes": peak}))  # fmt: skip


if __name__ == "__main__":
    main()
