"""What the least write of an import's rows costs, for `write_cost.py` to be read beside: the
rows of the same client file (its text cells, as read) inserted by one `executemany` (or, on
PostgreSQL with `--copy`, one `COPY`) into a bare table of text columns — no index, no
trigger, no journal — in one transaction, rolled back after. With `--callgrind LIB`, only
the insert is counted (run it under `valgrind --tool=callgrind --collect-atstart=no`, as
write_cost.py runs).

    DATABASE_URL=sqlite:///…/w.sqlite3 .venv/bin/python benchmarks/bare_write_cost.py \\
        --file var/bench/write2k.csv [--callgrind cg/cgtoggle.so]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind, env  # noqa: E402

TABLE = "bench_bare_write"


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True, help="write_cost.py's file")
    parser.add_argument("--copy", action="store_true", help="PostgreSQL: COPY, not executemany")
    callgrind.add_option(parser)
    return parser.parse_args()


def main() -> dict:
    options = _options()
    env.setup()
    from benchmarks.measure import Bare

    with options.file.open(newline="", encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    bare = Bare()
    if options.copy and bare.sqlite:
        raise SystemExit("--copy: PostgreSQL only")
    toggle = callgrind.toggle(options.callgrind) if options.callgrind else lambda: None
    cursor = bare.raw.cursor()
    if not bare.sqlite:
        bare.raw.autocommit = False
    cursor.execute(f"CREATE TABLE {TABLE} ({', '.join(f'c{i} text' for i in range(len(header)))})")
    started = time.process_time()
    toggle()
    if options.copy:
        with cursor.copy(f"COPY {TABLE} FROM STDIN") as copy:  # noqa: S608 (a constant)
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["?" if bare.sqlite else "%s"] * len(header))
        cursor.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", rows)  # noqa: S608
    toggle()
    spent = time.process_time() - started
    bare.raw.rollback()
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")  # (SQLite: its CREATE was committed)
    bare.raw.commit()
    report = {
        "benchmark": "bare_write_cost",
        "database": bare.vendor,
        "how": "copy" if options.copy else "executemany",
        "rows": len(rows),
        "cpu_ms_per_row": round(spent / len(rows) * 1000, 4),
    }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
