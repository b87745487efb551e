"""What checking one imported row costs in Python: a dry run of a realistic client file in
this process (`benchmarks/import_bench.py`'s file: every row read as `POST /clients`'s body,
through the API's input and the create service's checks, nothing written).

Prints JSON: this process's CPU milliseconds per row for the whole dry run and for the rows'
checks alone (`RowChecker.check_batch`; SQLite's reads included), the best of --repeat runs
(CPU time, steadier than wall time on a shared machine); with `--calls`, also the Python
calls per row of one more run, profiled (a count: the same on a busy machine). `--profile`
prints the cProfile of one dry run instead (the top functions by cumulative time). With
`--callgrind LIB` (benchmarks/callgrind.py), two dry runs, the second's checks alone counted
by callgrind (the first warms what a process keeps between files); with `--only MODULE:NAME`
too, that function's calls alone (the share of one part of the check). The file
is written first when it does not exist, with its own seed so that its rows are not those of
an earlier import.

    DATABASE_URL=sqlite:///…/imp.sqlite3 .venv/bin/python benchmarks/check_cost.py \\
        --rows 5000 --file var/bench/check5k.csv
    DATABASE_URL=… valgrind --tool=callgrind --collect-atstart=no .venv/bin/python \\
        benchmarks/check_cost.py --rows 1000 --file var/bench/check1k.csv --callgrind cgtoggle.so
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind, env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1414)
    parser.add_argument("--file", type=Path, default=env.BENCH_DIR / "check.csv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--calls", action="store_true", help="also count the Python calls of a profiled run"
    )
    callgrind.add_option(parser)
    callgrind.add_only_option(parser)
    return parser.parse_args()


def dry_run(path: Path, user, around_check=None) -> tuple[float, float, dict]:
    """CPU seconds of the whole dry run and of its checks, and its summary; `around_check`
    (start, stop) wraps each batch's checks."""
    from mteja.clients import phones
    from mteja.clients.bulk.checking import RowChecker
    from mteja.clients.bulk.importing import ClientImport

    # What a process keeps by a cell's text (a mobile number's key) would not serve another
    # file: each run reads the file's texts as new, as a new file's.
    phones.forget_kept_keys()
    checking = [0.0]
    check_batch = RowChecker.check_batch

    def timed(self, batch, *refused):  # (a batch checked again: refused_keys.py)
        started = time.process_time()
        if around_check:
            around_check[0]()
        try:
            return check_batch(self, batch, *refused)
        finally:
            if around_check:
                around_check[1]()
            checking[0] += time.process_time() - started

    RowChecker.check_batch = timed
    try:
        started = time.process_time()
        report = ClientImport(user=user, source=path, dry_run=True).run()
        return time.process_time() - started, checking[0], report.summary()
    finally:
        RowChecker.check_batch = check_batch


def main() -> dict:
    options = _options()
    from benchmarks.generate import set_up

    set_up(fresh=False)
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.import_bench import write_file
    from benchmarks.institution import ADMIN
    from mteja.users.models import AppUser

    call_command("migrate", verbosity=0)
    if not options.file.exists():
        write_file(options.file, options.rows, options.seed)
    user = AppUser.objects.get(username=ADMIN)
    if options.callgrind:
        toggle = callgrind.toggle(options.callgrind)
        dry_run(options.file, user)
        if options.only:
            with callgrind.counting_only(options.only, toggle):
                summary = dry_run(options.file, user)[2]
        else:
            summary = dry_run(options.file, user, around_check=(toggle, toggle))[2]
        counted = f"{options.only} counted" if options.only else "checks counted"
        report = {"benchmark": "check_cost", "summary": summary, "callgrind": counted}
        print(json.dumps(report, indent=2))
        return report
    if options.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        dry_run(options.file, user)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(80)
        return {}
    runs = [dry_run(options.file, user) for _ in range(options.repeat)]
    summary = runs[0][2]
    rows = summary["totalRecords"]
    report = {
        "benchmark": "check_cost",
        "database": connection.vendor,
        "rows": rows,
        "summary": summary,
        "dry_run_cpu_ms_per_row": round(min(run[0] for run in runs) / rows * 1000, 3),
        "check_cpu_ms_per_row": round(min(run[1] for run in runs) / rows * 1000, 3),
    }
    if options.calls:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        dry_run(options.file, user)
        profiler.disable()
        calls = pstats.Stats(profiler).total_calls
        report["python_calls_per_row"] = round(calls / rows)
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
