"""Where an import's lanes spend their time (`benchmarks/lane_cost.py`; decisions 69, 100).

`mteja import FILE --user admin` run in this process — its lanes forked from it — on a copy
of the SQLite database as it was before the first run (so every run writes the same rows),
`--repeat` times, with timers around each lane's checking of its batches
(`RowChecker.check_batch`), its waits for its turn, and its turns (a batch's transaction:
the look-ups made under the turn, the inserts, the job's record and batch file, the commit
and SQLite's checkpoint); the rest of a lane's CPU is reading the whole file and noting the
other lanes' rows. Prints JSON: per run, the wall seconds of the import, the parent's CPU
(the job made, the file read through, the lanes waited for: Python's and Django's start,
about a second, comes before and is not counted), and each lane's CPU seconds by part and
its wall seconds waiting; with `--lanes 1`, the one process's. `--collections`: each
process's garbage collections too, their CPU seconds (`collections`) and their number by
generation (`collected_0`, …). On a machine shared with other work the CPU figures hold;
the wall ones stretch with the load.

    DATABASE_URL=sqlite:///…/lanes.sqlite3 .venv/bin/python benchmarks/lane_cost.py \\
        --rows 20000 --file var/bench/lanes20k.csv --lanes 2 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1469)
    parser.add_argument("--file", type=Path, default=env.BENCH_DIR / "lanes.csv")
    parser.add_argument("--lanes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--collections", action="store_true", help="time the collector too")
    return parser.parse_args()


class Timers:
    """One process's seconds by part (CPU unless named `_wall`)."""

    def __init__(self):
        self.seconds = Counter()

    def timed(self, part: str, function):
        def wrapper(*args, **kwargs):
            cpu = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[part] += time.process_time() - cpu

        return wrapper

    def turn(self, original):
        """A lane's turn (`Solo.turn`, `Lane.turn`), its wait and its work timed apart."""

        @contextmanager
        def turn(lane, index):
            waiting = time.perf_counter()
            with original(lane, index):
                self.seconds["wait_wall"] += time.perf_counter() - waiting
                cpu, wall = time.process_time(), time.perf_counter()
                yield
                self.seconds["turn"] += time.process_time() - cpu
                self.seconds["turn_wall"] += time.perf_counter() - wall

        return turn

    def collections(self):
        """A `gc.callbacks` entry adding each collection's CPU and counting it by generation
        (a lane forked after it was added times its own)."""
        started = [0.0]

        def collection(phase: str, info: dict) -> None:
            if phase == "start":
                started[0] = time.process_time()
                return
            self.seconds["collections"] += time.process_time() - started[0]
            self.seconds[f"collected_{info['generation']}"] += 1

        return collection

    def rounded(self, **more) -> dict:
        return {part: round(value, 2) for part, value in {**self.seconds, **more}.items()}


def _instrumented(timers: Timers, lane_reports: Path) -> None:
    from mteja.clients.bulk import checking, lanes

    checking.RowChecker.check_batch = timers.timed("check", checking.RowChecker.check_batch)
    lanes.Solo.turn = timers.turn(lanes.Solo.turn)
    lanes.Lane.turn = timers.turn(lanes.Lane.turn)
    lane_main = lanes._lane_main

    def timed_lane(work, lane, sending):
        timers.seconds.clear()  # (the parent's, copied by the fork)
        started = os.times()

        def timed_work(given):
            try:
                return work(given)
            finally:
                ended = os.times()
                cpu = ended.user + ended.system - started.user - started.system
                report = timers.rounded(lane=given.number, cpu=cpu)
                report["rest"] = round(cpu - report.get("check", 0) - report.get("turn", 0), 2)
                (lane_reports / f"lane-{given.number}.json").write_text(json.dumps(report))

        lane_main(timed_work, lane, sending)

    lanes._lane_main = timed_lane


def one_run(options: argparse.Namespace, timers: Timers, lane_reports: Path) -> dict:
    from django.core.management import call_command

    from benchmarks.institution import ADMIN

    timers.seconds.clear()
    started, wall = os.times(), time.perf_counter()
    out = io.StringIO()
    call_command("import", str(options.file), user=ADMIN, no_progress=True, stdout=out)
    wall = time.perf_counter() - wall
    ended = os.times()
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    cpu = ended.user + ended.system - started.user - started.system
    run = {"rows": summary["totalRecords"], "imported": summary["imported"]}
    run["wall"] = round(wall, 2)
    run["rows_per_second"] = round(run["rows"] / wall)
    run["parent"] = timers.rounded(cpu=cpu)
    run["lanes"] = [
        json.loads((lane_reports / f"lane-{number}.json").read_text())
        for number in range(options.lanes)
        if (lane_reports / f"lane-{number}.json").exists()
    ]
    run["cpu_all"] = round(cpu + sum(lane["cpu"] for lane in run["lanes"]), 2)
    return run


def main() -> dict:
    options = _options()
    os.environ["MTEJA_IMPORT_LANES"] = str(options.lanes)
    database = env.institution_with_file(options.file, options.rows, options.seed)
    timers = Timers()
    runs = []
    with tempfile.TemporaryDirectory() as reports, env.database_put_back(database) as again:
        _instrumented(timers, Path(reports))
        if options.collections:
            gc.callbacks.append(timers.collections())
        for _run in range(options.repeat):
            again()
            runs.append(one_run(options, timers, Path(reports)))
    report = {"benchmark": "lane_cost", "lanes": options.lanes, "runs": runs}
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
