"""Client import at scale, beside a bare bulk load (`benchmarks/import_bench.py`).

Issue 14's import figures. Writes a realistic client file of --rows rows (benchmarks/rows.py's
clients: names, phones and birth dates of several countries, officers and code values by
name, pending or active, 3% entities; a unique external id each; a national ID for 30% of
the people and a home address for half the clients), then imports it with
`mteja import FILE --user admin` in a child process — every row checked as `POST /clients`
checks it, the valid ones written in batches — timing it and reading the child's peak memory
(ru_maxrss: the largest of its processes, one per core — clients/bulk/lanes.py). In the
same run the bare database loads the same file into a bare table of text columns:
PostgreSQL `COPY … FROM STDIN (FORMAT csv)`, SQLite Python's csv module and `executemany`;
and the rows the import wrote go again into the same tables by the database alone, indexes
and triggers included (`tables_again`: the database's own share of the import). Prints JSON.

    DATABASE_URL=… .venv/bin/python benchmarks/import_bench.py --rows 100000 --fresh \\
        --output var/bench/import-100k.json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.report import print_report

# The code-list references a row holds, by the file's column naming each.
PERSON_CODES = {"gender_id": "gender", "marital_status_id": "maritalStatus",
                "profession_id": "profession", "client_type_id": "clientType",
                "client_classification_id": "clientClassification"}  # fmt: skip
ENTITY_CODES = {"constitution_id": "constitution", "main_business_line_id": "mainBusinessLine"}
HEADER = ["externalId", "legalForm", "office", "staff", "firstname", "middlename", "lastname",
          "fullname", "mobileNo", "dateOfBirth", "gender", "maritalStatus", "profession",
          "numberOfDependents", "clientType", "clientClassification", "submittedOnDate",
          "activationDate", "constitution", "incorpNumber", "mainBusinessLine", "documentType",
          "documentKey", "addressType", "address.street", "address.city"]  # fmt: skip
ADDRESS_SHARE = 0.5  # of clients whose file gives a home address
STREETS = ("Market Road", "Station Road", "Church Street", "Mission Road", "River Lane",
           "School Road", "Hospital Road", "Main Street", "Avenue 3", "Rue du Marché")  # fmt: skip


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="empty the database first")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--file", type=Path, default=env.BENCH_DIR / "import.csv")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    parser.add_argument(
        "--keyless",
        action="store_true",
        help="rows without external id or identity document (known again by their values)",
    )
    return parser.parse_args()


def write_file(path: Path, rows: int, seed: int, *, keyless: bool = False) -> None:
    """The realistic client file an institution would migrate (`keyless`: as field teams
    keep one, with no external id nor identity document)."""
    from benchmarks import institution
    from benchmarks.cultures import build_cultures
    from benchmarks.rows import NATIONAL_ID_SHARE, Context, client_row, code_values, identifier_row
    from mteja.clients.models import Client, ClientStatus
    from mteja.core import clock
    from mteja.organisation.models import CodeValue, Office, Staff

    rng = random.Random(seed)
    branches = institution.create_institution(rng)
    ctx = Context(branches, build_cultures(), code_values(), institution.admin_id(), clock.today())
    offices = dict(Office.objects.values_list("pk", "name"))
    staff = dict(Staff.objects.values_list("pk", "display_name"))
    codes = dict(CodeValue.objects.values_list("pk", "name"))
    first_id = (Client.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for number in range(rows):
            row, entity = client_row(first_id + number, rng, ctx)
            active = row["status"] == ClientStatus.ACTIVE
            values = {
                "externalId": "" if keyless else f"IMP-{seed}-{number:08d}",
                "legalForm": "Entity" if entity else "Person",
                "office": offices[row["office_id"]],
                "staff": staff.get(row.get("staff_id"), ""),
                "mobileNo": row.get("mobile_no", ""),
                "dateOfBirth": row.get("date_of_birth", ""),
                "numberOfDependents": row.get("number_of_dependents", ""),
                "submittedOnDate": row["submitted_on"],
                "activationDate": row.get("activation_date", "") if active else "",
                "incorpNumber": (entity or {}).get("incorp_no", ""),
            }
            for name in ("firstname", "middlename", "lastname", "fullname"):
                values[name] = row.get(name, "")
            if not entity and rng.random() < NATIONAL_ID_SHARE and not keyless:
                values["documentType"] = "National ID"
                values["documentKey"] = identifier_row(row, ctx)["document_key"]
            if rng.random() < ADDRESS_SHARE:
                values["addressType"] = "Residential"
                values["address.street"] = f"Plot {rng.randint(1, 400)}, {rng.choice(STREETS)}"
                values["address.city"] = offices[row["office_id"]]
            for field, column in (ENTITY_CODES if entity else PERSON_CODES).items():
                chosen = (entity or row).get(field)
                values[column] = codes.get(chosen, "") if chosen else ""
            writer.writerow([values.get(name, "") for name in HEADER])


def import_file(path: Path) -> dict:
    """`mteja import` in a child process: its summary, seconds and peak memory."""
    from benchmarks.institution import ADMIN

    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "mteja.cli", "import", str(path), "--user", ADMIN],
        stdout=subprocess.PIPE,
        text=True,
    )
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"mteja import failed ({status})")
    summary = json.loads(output.strip().splitlines()[-1])
    from django.conf import settings

    return {
        "summary": summary,
        "seconds": round(seconds, 1),
        "rows_per_second": round(summary["totalRecords"] / seconds),
        # The import's processes (clients/bulk/lanes.py) and the largest one's peak memory.
        "lanes": min(settings.MTEJA_IMPORT_LANES, os.cpu_count() or 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def bare_load(path: Path) -> dict:
    """The same file into a bare table of text columns, as the database loads fastest."""
    from benchmarks.measure import Bare

    bare = Bare()
    columns = ", ".join(f'"{name}" text' for name in HEADER)
    cursor = bare.raw.cursor()
    cursor.execute("DROP TABLE IF EXISTS bench_bare_import")
    cursor.execute(f"CREATE TABLE bench_bare_import ({columns})")
    started = time.perf_counter()
    if bare.sqlite:
        with path.open(newline="", encoding="utf-8") as file:
            rows = csv.reader(file)
            next(rows)
            marks = ", ".join("?" * len(HEADER))
            cursor.executemany(f"INSERT INTO bench_bare_import VALUES ({marks})", rows)  # noqa: S608
        bare.raw.commit()
    else:
        sql = "COPY bench_bare_import FROM STDIN WITH (FORMAT csv, HEADER true)"
        with path.open("rb") as file, cursor.copy(sql) as copy:
            while chunk := file.read(1 << 20):
                copy.write(chunk)
    seconds = time.perf_counter() - started
    count = bare.one("SELECT count(*) FROM bench_bare_import")
    cursor.execute("DROP TABLE bench_bare_import")
    bare.commit()
    return {"rows": count, "seconds": round(seconds, 2), "rows_per_second": round(count / seconds)}


# The tables an import writes, each with the column naming its client (children after their
# parent): the rows of the clients the import created are written again by the database alone.
WRITTEN = (("clients_client", "id"), ("clients_clientnonperson", "client_id"),
           ("clients_staffassignment", "client_id"), ("clients_clientaddress", "client_id"),
           ("clients_clientidentifier", "client_id"), ("core_auditevent", "client_id"))  # fmt: skip


def tables_again(first_client: int) -> dict:
    """The rows the import wrote (clients from id `first_client` on, with their related rows
    and audit events) inserted again into the same tables, by the database alone: every
    index, trigger and the search index maintained, no Python between rows. Copied aside,
    deleted, timed while inserted back with `INSERT … SELECT` and, on PostgreSQL, while their
    foreign keys are checked (deferred to a commit, so run here before the rollback: left
    out, they were some 45 % of the database's work, docs/benchmarks.md twenty-fourth
    session; SQLite looks each parent up as it inserts), then rolled back. What the
    database's own share of an import costs: the rest of the import's time is Python."""
    from benchmarks.measure import Bare

    bare = Bare()
    cursor = bare.raw.cursor()
    cursor.execute("BEGIN")
    try:
        for table, column in WRITTEN:
            cursor.execute(
                f"CREATE TEMP TABLE again_{table} AS SELECT * FROM {table} "  # noqa: S608
                f"WHERE {column} >= {int(first_client)}"
            )
        for table, column in reversed(WRITTEN):
            cursor.execute(f"DELETE FROM {table} WHERE {column} >= {int(first_client)}")  # noqa: S608
        started = time.perf_counter()
        for table, _column in WRITTEN:
            cursor.execute(f"INSERT INTO {table} SELECT * FROM again_{table}")  # noqa: S608
        if not bare.sqlite:  # the foreign keys' checks, deferred to a commit that never comes
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
        cursor.execute(f"SELECT count(*) FROM again_{WRITTEN[0][0]}")  # noqa: S608
        count = cursor.fetchone()[0]
    finally:
        cursor.execute("ROLLBACK")
    return {"rows": count, "seconds": round(seconds, 2), "rows_per_second": round(count / seconds)}


def main() -> dict:
    options = _options()
    from benchmarks.generate import set_up

    set_up(fresh=options.fresh)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    write_file(options.file, options.rows, options.seed, keyless=options.keyless)
    report = {
        "database": connection.vendor,
        "rows": options.rows,
        "keyless": options.keyless,
        "file_mb": round(options.file.stat().st_size / 2**20, 1),
        "file_seconds": round(time.perf_counter() - started, 1),
    }
    from mteja.clients.models import Client

    first_client = (Client.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    connection.close()
    report["import"] = import_file(options.file)
    report["bare"] = bare_load(options.file)
    report["tables_again"] = tables_again(first_client)
    print_report(report, options.output)
    return report


if __name__ == "__main__":
    main()
