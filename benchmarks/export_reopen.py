"""An export's file opened again and held against the database
(`benchmarks/export_reopen.py`, PostgreSQL).

    DATABASE_URL=… .venv/bin/python benchmarks/export_reopen.py clients.csv clients.xlsx

Each file (a CSV read by Python's csv module, an .xlsx by python-calamine) is read whole: its
rows counted beside the database's clients, and the cells of a random sample of clients
(`--sample`, by account number) compared with what a bare SQL query reads for them: the
client's own columns and its active identity document. A text cell that the export
neutralised against spreadsheet formulas (a leading apostrophe before `= + - @` and their
full-width forms) is compared without its apostrophe.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.report import print_report  # noqa: E402

# The file's header → the SQL reading the same value (`c` the client, `i` its document).
COMPARED = {
    "accountNo": "c.account_no",
    "externalId": "c.external_id",
    "firstname": "c.firstname",
    "middlename": "c.middlename",
    "lastname": "c.lastname",
    "mobileNo": "c.mobile_no",
    "dateOfBirth": "c.date_of_birth",
    "documentKey": "i.document_key",
}
FORMULA_STARTS = tuple("=+-@＝＋－＠\t\r")


def _cell(value) -> str:
    """A cell as text, as the CSV holds it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and not value.time():
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _rows(path: Path):
    """The file's rows, header first, each a list of cells as text."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as file:
            yield from ([_cell(v) for v in row] for row in csv.reader(file))
        return
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_index(0)
    yield from ([_cell(v) for v in row] for row in sheet.iter_rows())


def _database_values(accounts: list[str]) -> dict[str, dict[str, str]]:
    from django.db import connection

    columns = ", ".join(f"{sql} AS {name!r}".replace("'", '"') for name, sql in COMPARED.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM clients_client c LEFT JOIN clients_clientidentifier i "  # noqa: S608
            "ON i.client_id = c.id AND i.status = 200 WHERE c.account_no = ANY(%s)",
            [accounts],
        )
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, map(_cell, row), strict=True)) for row in cursor}


def reopen(path: Path, sample: int, seed: float) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute("SELECT count(*) FROM clients_client")
        clients = cursor.fetchone()[0]
        cursor.execute("SELECT account_no FROM clients_client ORDER BY random() LIMIT %s", [sample])
        wanted = {row[0] for row in cursor}
    rows = _rows(path)
    header = next(rows)
    where = {name: header.index(name) for name in COMPARED}
    count, seen = 0, {}
    for row in rows:
        count += 1
        account = row[where["accountNo"]]
        if account in wanted:
            seen[account] = {name: row[index] for name, index in where.items()}
    database = _database_values(sorted(wanted))
    differing = [
        {"accountNo": account, "column": name, "file": cells[name], "database": expected}
        for account, cells in seen.items()
        for name, expected in database[account].items()
        if cells[name] != expected
    ]
    return {
        "file": str(path),
        "columns": len(header),
        "rows": count,
        "clients": clients,
        "sampled": len(wanted),
        "found_in_file": len(seen),
        "cells_compared": len(seen) * len(COMPARED),
        "differing": differing[:20],
        "differing_count": len(differing),
    }


def main(options: argparse.Namespace) -> dict:
    env.setup()
    runs = [reopen(path, options.sample, options.seed) for path in options.files]
    return {"benchmark": "export_reopen", "runs": runs}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+", help="exported .csv and .xlsx files")
    parser.add_argument("--sample", type=int, default=2000, help="clients compared cell by cell")
    parser.add_argument("--seed", type=float, default=0.14, help="PostgreSQL's setseed")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    options = parser.parse_args()
    print_report(main(options), options.output)
