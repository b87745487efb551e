"""What a PostgreSQL commit waits for its log's flush (decision 229): transactions of about
an import batch's log (--rows rows of 2 kB by COPY into a scratch table), committed in
turn as usual and with `SET LOCAL synchronous_commit = off`, each commit timed alone.
Prints JSON: each way's median and mean milliseconds. The table is dropped after.

    DATABASE_URL=postgres://…/scratch .venv/bin/python benchmarks/commit_wait.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402

ROW = ("x" * 1000, "y" * 1000)


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=60)
    options = parser.parse_args()
    env.setup()
    from django.db import connection, transaction

    waited: dict[str, list[float]] = {"on": [], "off": []}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_commit_wait (a text, b text)")
    try:
        for number in range(options.commits):
            way = "off" if number % 2 else "on"
            with transaction.atomic(), connection.cursor() as cursor:
                if way == "off":
                    cursor.execute("SET LOCAL synchronous_commit = off")
                with cursor.copy("COPY bench_commit_wait (a, b) FROM STDIN") as copy:
                    for _ in range(options.rows):
                        copy.write_row(ROW)
                started = time.perf_counter()  # the commit: the block's end
            waited[way].append((time.perf_counter() - started) * 1000)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_commit_wait")
    report = {
        "benchmark": "commit_wait",
        "rows": options.rows,
        "load_average": os.getloadavg(),
        **{
            f"commit_ms_{way}": {
                "median": round(statistics.median(times), 2),
                "mean": round(statistics.mean(times), 2),
            }
            for way, times in waited.items()
        },
    }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
