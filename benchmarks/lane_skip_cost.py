"""What an import's lane spends on the rows that are not its own (`benchmarks/lane_skip_cost.py`).

Lane n of N (clients/bulk/lanes.py) reads the whole file and notes the unique values of the
batches another lane checks (`RowChecker.note_lines`), so that a row repeating one is
refused as one uninterrupted lane would refuse it. In this process, on the bench database,
the file (CSV, or an .xlsx of the same rows with `--xlsx`, written from it when missing) is
gone through once to warm what a process keeps, then once counted:

- `--part read`: its rows read into batches (`ClientImport.batches`), nothing else;
- `--part note`: read, and every batch noted as another lane's;
- `--part lane`: lane `--lane` of `--lanes` checks its batches and notes the others', as a
  dry run (nothing written: a writing lane spends more on its own rows).

With `--callgrind LIB` (benchmarks/callgrind.py) the counted pass alone is counted by
callgrind; without it, its CPU seconds are printed. Prints JSON.

    DATABASE_URL=sqlite:///…/imp.sqlite3 PYTHONHASHSEED=0 valgrind --tool=callgrind \\
        --collect-atstart=no .venv/bin/python benchmarks/lane_skip_cost.py --part note \\
        --rows 2000 --file var/bench/skip2k.csv --callgrind cgtoggle.so
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


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("read", "note", "lane"), default="note")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1471)
    parser.add_argument("--file", type=Path, default=env.BENCH_DIR / "skip.csv")
    parser.add_argument("--xlsx", action="store_true", help="read the file's rows as an .xlsx")
    parser.add_argument("--lane", type=int, default=0)
    parser.add_argument("--lanes", type=int, default=2)
    parser.add_argument("--block-duplicates", action="store_true")
    callgrind.add_option(parser)
    return parser.parse_args()


def as_workbook(csv_path: Path) -> Path:
    """The CSV's rows as the first sheet of an .xlsx beside it (every cell a text)."""
    import xlsxwriter

    path = csv_path.with_suffix(".xlsx")
    if path.exists():
        return path
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Clients")
    with csv_path.open(newline="", encoding="utf-8") as file:
        for row_number, row in enumerate(csv.reader(file)):
            for column, value in enumerate(row):
                if value:
                    sheet.write_string(row_number, column, value)
    book.close()
    return path


def opened(path: Path, user):
    """The file's import, its header read and its columns known (not counted)."""
    from mteja.clients.bulk.importing import ClientImport

    return ClientImport(user=user, source=path, dry_run=True)


def one_pass(importing, user, part: str, lane) -> int:
    """The rows gone through by one pass of `part`."""
    from mteja.clients.bulk.checking import RowChecker

    if part == "lane":
        return sum(importing._pass(0, None, 500, writing=False, lane=lane).outcomes.values())
    checker = RowChecker(user, importing.reader, importing.columns)
    rows = 0
    for batch in importing.batches():
        if part == "note":
            checker.note_lines(batch)
        rows += len(batch)
    return rows


def main() -> dict:
    options = _options()
    env.institution_with_file(options.file, options.rows, options.seed)
    from benchmarks.institution import ADMIN
    from mteja.clients import phones
    from mteja.clients.bulk.lanes import Lane
    from mteja.users.models import AppUser

    path = as_workbook(options.file) if options.xlsx else options.file
    user = AppUser.objects.get(username=ADMIN)
    if options.block_duplicates:
        from mteja.clients.kyc.policy import client_policy_update

        client_policy_update(
            actor=None, duplicate_mobile="block", duplicate_name_and_birth_date="block"
        )
    lane = Lane(options.lane, options.lanes, shared=None, parent=0)
    lane.turn = lambda index: _no_wait()
    lane.still_wanted = lambda: None
    one_pass(opened(path, user), user, options.part, lane)  # warms what a process keeps
    phones.forget_kept_keys()
    importing = opened(path, user)
    toggle = callgrind.toggle(options.callgrind) if options.callgrind else None
    started = time.process_time()
    if toggle:
        toggle()
    rows = one_pass(importing, user, options.part, lane)
    if toggle:
        toggle()
    report = {
        "benchmark": "lane_skip_cost",
        "part": options.part,
        "file": path.name,
        "rows": rows,
        "block_duplicates": options.block_duplicates,
        "cpu_s": round(time.process_time() - started, 3),
    }
    if options.part == "lane":
        report["lane"] = f"{options.lane} of {options.lanes}"
    print(json.dumps(report, indent=2))
    return report


def _no_wait():
    from contextlib import nullcontext

    return nullcontext()


if __name__ == "__main__":
    main()
