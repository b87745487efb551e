"""What writing one imported row costs in Python: a real import of a realistic client file in
this process, one lane (`benchmarks/import_bench.py`'s file, written first with a seed of its
own so that its rows are new), timing the whole import and its writing alone
(`bulk_create.write_clients`: the clients, their parts, journal events and search words).

Each run imports into a copy of the database made before the first, so the runs write the
same rows into the same tables, and the database is left as it was (SQLite: the copy is
the file; PostgreSQL: a database made with the bench database as its template). Prints JSON: CPU
milliseconds per row of the whole import and of the writing, the best of --repeat runs;
with `--calls`, the Python calls per row of one more run of each, profiled (counts: the
same on a busy machine); `--profile` prints cProfile's functions of one run's writing
instead (`PROFILE_SORT=tottime` to order them by own time). With `--callgrind LIB` (a
shared library exporting `cg_toggle()`, which runs valgrind's CALLGRIND_TOGGLE_COLLECT),
one run only, whose writing alone callgrind counts — or, with `--only MODULE:NAME`, that
function's calls alone (`mteja.clients.bulk.importing:ClientImport._commit`: a batch's
turn) — run it under `valgrind --tool=callgrind --collect-atstart=no`.

    DATABASE_URL=sqlite:///…/var/bench/imp.sqlite3 .venv/bin/python benchmarks/write_cost.py \\
        --rows 5000 --file var/bench/write5k.csv --repeat 5 --calls
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind, env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1415)
    parser.add_argument("--file", type=Path, default=env.BENCH_DIR / "write.csv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calls", action="store_true", help="also count the Python calls")
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile's functions of one writing"
    )
    callgrind.add_option(parser)
    callgrind.add_only_option(parser)
    return parser.parse_args()


def main() -> dict:
    options = _options()
    os.environ.setdefault("MTEJA_IMPORT_LANES", "1")
    database = env.institution_with_file(options.file, options.rows, options.seed)
    with env.database_put_back(database) as again:
        return _measure(options, again)


def _measure(options: argparse.Namespace, again) -> dict:
    from django.db import connection

    from benchmarks.institution import ADMIN
    from mteja.clients.bulk import importing
    from mteja.users.models import AppUser

    write_clients = importing.write_clients

    def one_run(*, around_write=None, whole=None) -> tuple[float, float, int]:
        """CPU seconds of the import and of its writing, and its rows; `around_write`
        (start, stop) and `whole` (start, stop) wrap the writing and the import."""
        again()
        writing = [0.0]

        def timed(prepared, *built):
            started = time.process_time()
            if around_write:
                around_write[0]()
            try:
                return write_clients(prepared, *built)
            finally:
                if around_write:
                    around_write[1]()
                writing[0] += time.process_time() - started

        importing.write_clients = timed
        try:
            user = AppUser.objects.get(username=ADMIN)
            job = importing.ClientImport(user=user, source=options.file, dry_run=False)
            if whole:
                whole[0]()
            started = time.process_time()
            summary = job.run().summary()
            spent = time.process_time() - started
            if whole:
                whole[1]()
            return spent, writing[0], summary["totalRecords"]
        finally:
            importing.write_clients = write_clients

    if options.callgrind:
        toggle = callgrind.toggle(options.callgrind)
        if options.only:
            with callgrind.counting_only(options.only, toggle):
                _spent, _writing, rows = one_run()
        else:
            _spent, _writing, rows = one_run(around_write=(toggle, toggle))
        counted = f"{options.only} counted" if options.only else "writing counted"
        report = {"benchmark": "write_cost", "rows": rows, "callgrind": counted}
        print(json.dumps(report, indent=2))
        return report
    if options.profile:
        profiler = cProfile.Profile(time.process_time)
        one_run(around_write=(profiler.enable, profiler.disable))
        order = os.environ.get("PROFILE_SORT", "cumulative")
        pstats.Stats(profiler).sort_stats(order).print_stats(80)
        if os.environ.get("PROFILE_DUMP"):
            profiler.dump_stats(os.environ["PROFILE_DUMP"])
        return {}
    runs = [one_run() for _ in range(options.repeat)]
    rows = runs[0][2]
    report = {
        "benchmark": "write_cost",
        "database": connection.vendor,
        "rows": rows,
        "import_cpu_ms_per_row": round(min(run[0] for run in runs) / rows * 1000, 3),
        "write_cpu_ms_per_row": round(min(run[1] for run in runs) / rows * 1000, 3),
    }
    if options.calls:
        for name, wrap in (("import", "whole"), ("write", "around_write")):
            profiler = cProfile.Profile(time.process_time)
            one_run(**{wrap: (profiler.enable, profiler.disable)})
            report[f"{name}_python_calls_per_row"] = round(
                pstats.Stats(profiler).total_calls / rows
            )
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
