"""Where a PostgreSQL import's time goes: the import's process and its server process, part
by part. A real import of a realistic client file in this process, one lane
(`benchmarks/write_cost.py`'s file and database copy), with each batch's check and each
batch's turn (its transaction: admitted, written, committed) timed three ways: wall
seconds, this process's CPU seconds, and the CPU seconds of the server process serving its
connection (read from `/proc/<pid>/stat`: the server runs on this machine). Inside the
turn, each table's insert (`core/bulk_insert._write`: a COPY) and the commit (where
PostgreSQL runs the deferred foreign-key checks) are split out, and every statement is
counted by its shape (round trips a batch). The server's CPU is counted in clock ticks
(10 ms): give a few thousand rows. With `--as-job`, each batch is committed as a job's
(bulk/batch_commit.py: told to a caller that records it, here recording nothing).
Prints JSON.

    DATABASE_URL=postgres://…/bench .venv/bin/python benchmarks/server_share.py \\
        --rows 20000 --file var/bench/write20k.csv
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1415)
    parser.add_argument("--file", type=Path, default=env.BENCH_DIR / "write.csv")
    parser.add_argument("--as-job", action="store_true", help="commit batches as a job's")
    return parser.parse_args()


def main() -> dict:
    options = _options()
    os.environ.setdefault("MTEJA_IMPORT_LANES", "1")
    database = env.institution_with_file(options.file, options.rows, options.seed)
    with env.database_put_back(database) as again:
        again()
        report = _measure(options.file, as_job=options.as_job)
    print(json.dumps(report, indent=2))
    return report


class _Clocks:
    """Wall, this process's and its server process's CPU seconds, summed by part."""

    def __init__(self, connection):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self._stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
        self._tick = os.sysconf("SC_CLK_TCK")
        self.spent: dict[str, Counter] = {}

    def _server(self) -> float:
        fields = self._stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self._tick  # utime + stime

    @contextmanager
    def part(self, name: str):
        wall, cpu, server = time.perf_counter(), time.process_time(), self._server()
        try:
            yield
        finally:
            spent = self.spent.setdefault(name, Counter())
            spent["wall"] += time.perf_counter() - wall
            spent["cpu"] += time.process_time() - cpu
            spent["server_cpu"] += self._server() - server
            spent["times"] += 1


def _shape(sql: str) -> str:
    """A statement without its values: its round trips counted together."""
    sql = re.sub(r"\s+", " ", re.sub(r"'[^']*'|\b\d+\b", "?", sql))
    return re.sub(r"(%s, )+%s|(\?, )+\?", "…", sql)[:120]


def _measure(file: Path, *, as_job: bool) -> dict:
    from django.db import connection

    from benchmarks.institution import ADMIN
    from mteja.clients.bulk import checking, importing
    from mteja.core import bulk_insert
    from mteja.users.models import AppUser

    clocks = _Clocks(connection)
    statements: Counter = Counter()

    def counted(execute, sql, params, many, context):
        statements[_shape(sql)] += 1
        return execute(sql, params, many, context)

    def timed(name_of, function):
        def run(*args, **kwargs):
            with clocks.part(name_of(*args)):
                return function(*args, **kwargs)

        return run

    originals = [
        (importing.ClientImport, "_commit"),
        (checking.RowChecker, "check_batch"),
        (bulk_insert, "_write"),
        (connection, "_commit"),
    ]
    kept = [getattr(owner, name) for owner, name in originals]
    importing.ClientImport._commit = timed(lambda *_: "turn", kept[0])
    checking.RowChecker.check_batch = timed(lambda *_: "check", kept[1])
    bulk_insert._write = timed(lambda plan, *_: (plan.copy_sql or plan.sql)[:48], kept[2])
    connection._commit = timed(lambda *_: "COMMIT (the deferred foreign-key checks)", kept[3])
    connection.execute_wrappers.append(counted)
    try:
        user = AppUser.objects.get(username=ADMIN)
        with clocks.part("import"):
            job = importing.ClientImport(user=user, source=file)
            summary = job.run(on_batch=(lambda *_batch: None) if as_job else None).summary()
    finally:
        connection.execute_wrappers.remove(counted)
        for (owner, name), original in zip(originals, kept, strict=True):
            setattr(owner, name, original)
    rows = summary["totalRecords"]
    return {
        "benchmark": "server_share",
        "rows": rows,
        "imported": summary["imported"],
        "load_average": os.getloadavg(),
        "seconds": {
            name: {key: round(value, 3) for key, value in spent.items()}
            for name, spent in clocks.spent.items()
        },
        "server_cpu_us_per_row": {
            name: round(spent["server_cpu"] / rows * 1e6) for name, spent in clocks.spent.items()
        },
        "statements": dict(statements.most_common()),
    }


if __name__ == "__main__":
    main()
