"""What the pass over a row's text cells costs (`TextLimits.bounded`: lengths, and a whole
number written as a decimal, decision 188), alone: a RowReader of a client file's header,
`bounded` of each of its rows, read --times over; CPU seconds, the best of --repeat (steadier
than wall time on a shared machine). Run it with one `src` then another on PYTHONPATH to
compare two versions. Prints JSON.

    DATABASE_URL=sqlite:///…/bench.sqlite3 PYTHONPATH=src:. .venv/bin/python \\
        benchmarks/text_pass_cost.py --file var/bench/check1k.csv --times 100
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True, help="a client CSV (its header)")
    parser.add_argument("--times", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="admin")
    return parser.parse_args()


def main() -> dict:
    options = _options()
    env.setup()
    from mteja.clients.bulk.rows import RowReader
    from mteja.users.models import AppUser

    with options.file.open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    bounded = RowReader(AppUser.objects.get(username=options.user), header).text_limits.bounded
    read = rows * options.times
    best = float("inf")
    for _run in range(options.repeat):
        start = time.process_time()
        for row in read:
            bounded(row)
        best = min(best, time.process_time() - start)
    return {
        "rows": len(read),
        "cpu_seconds": round(best, 4),
        "ns_per_row": round(best / len(read) * 1e9),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
