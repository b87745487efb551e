"""What the export's SQLite lines spend telling a text cell exactly NA (decision 231): the
text cell's expression (`lined._text_sql`) with and without its comparison with NA, over
200,000 names of realistic first letters (1 in 20 exactly NA), in an in-memory database.
Counted by callgrind between two calls of LIB's `cg_toggle()` (a shared library built from
`#include <valgrind/callgrind.h>` + `void cg_toggle(void){CALLGRIND_TOGGLE_COLLECT;}`):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \\
        .venv/bin/python benchmarks/na_text_cost.py --callgrind LIB {without,with}

Prints JSON: the variant, the cells read and those written 'NA."""

from __future__ import annotations

import argparse
import ctypes
import json
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402

NAMES = ["Wanjiku", "Njeri", "Otieno", "Akinyi", "Mwangi", "Nadia", "NA", "Zawadi", "Baraka"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callgrind", required=True, help="the library exporting cg_toggle")
    parser.add_argument("variant", choices=["without", "with"])
    options = parser.parse_args()
    env.setup()
    from mteja.clients.bulk import lined

    toggle = ctypes.CDLL(options.callgrind).cg_toggle
    chosen = random.Random(0)
    names = [
        (chosen.choice(NAMES) + ("" if chosen.random() < 0.5 else "a"),) for _ in range(200_000)
    ]
    database = sqlite3.connect(":memory:")
    database.create_function(lined.SHOWN_TEXT, 1, lined._shown_text, deterministic=True)
    database.execute("CREATE TABLE t (name TEXT)")
    database.executemany("INSERT INTO t VALUES (?)", names)
    sql = lined._text_sql("t.name")
    if options.variant == "without":
        start, end = sql.index("WHEN t.name = 'NA'"), sql.index("WHEN t.name >= char(")
        sql = sql[:start] + sql[end:]
    query = f"SELECT {sql} FROM t, (SELECT 0 AS quoted) AS w"  # noqa: S608 (constants)
    toggle()
    rows = database.execute(query).fetchall()
    toggle()
    shown = sum(row[0] == "'NA" for row in rows)
    print(json.dumps({"variant": options.variant, "cells": len(rows), "writtenQuotedNA": shown}))


if __name__ == "__main__":
    main()
