"""One stage of the CSV export of every client as head office, for an instruction count
(`valgrind --tool=callgrind`: load-independent where the machine is shared). Each stage is
counted alone, less the count of `none` (Django set up and the export built, nothing read):

- `bare`: the bare database writing every column the export reads (`export_bench.
  EVERY_COLUMN`, the documents and addresses joined), fetched 2,000 rows at a time and
  written by the csv module into UTF-8; `barefetch` the same, fetched only;
- `read`: the export's reading of the rows (the client's, then those beside it), as columns;
- `chunks`: the same, names looked up and text neutralised (`column_chunks`);
- `full`: the file (`ClientExport.chunks()`: on SQLite, its lines written by the database,
  bulk/lined.py); `python`: the same file written in Python (`lined.applies` false);
- `xlsx`: the workbook (`ClientExport.chunks()` of format xlsx).

`--callgrind LIB` counts the stage alone (benchmarks/callgrind.py); `--columns` the columns
of the export (default: every one).

    DATABASE_URL=… valgrind --tool=callgrind --collect-atstart=no .venv/bin/python \\
        benchmarks/export_stages.py full --callgrind cgtoggle.so
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind  # noqa: E402
from benchmarks.export_bench import EVERY_COLUMN  # noqa: E402 (sets Django up)

STAGES = ("none", "bare", "barefetch", "read", "chunks", "full", "python", "xlsx")


def _bare(written: bool) -> int:
    from django.db import connection

    connection.ensure_connection()
    cursor = connection.connection.cursor()
    cursor.execute(EVERY_COLUMN)
    sink = io.StringIO()
    writer = csv.writer(sink, lineterminator="\r\n")
    rows = 0
    while fetched := cursor.fetchmany(2000):
        rows += len(fetched)
        if written:
            writer.writerows(fetched)
            sink.getvalue().encode()
            sink.seek(0)
            sink.truncate()
    return rows


def main(stage: str, columns: str, toggle) -> dict:
    from benchmarks.institution import ADMIN
    from mteja.clients.bulk import lined
    from mteja.clients.bulk.export import ClientExport, _ChunkReading, chosen_columns
    from mteja.users.models import AppUser

    user = AppUser.objects.get(username=ADMIN)
    export = ClientExport(
        user=user,
        filters={},
        columns=chosen_columns(columns or None),
        file_format="xlsx" if stage == "xlsx" else "csv",
    )
    if stage == "python":
        lined.applies = lambda *args: False
    toggle()
    rows = 0
    if stage in ("bare", "barefetch"):
        rows = _bare(written=stage == "bare")
    elif stage == "read":
        reading = _ChunkReading(export.columns, text_dates=True)
        for part in export._parts():
            rows += sum(len(columns[0]) for columns in reading.chunks(part.order_by("pk")))
    elif stage == "chunks":
        rows = sum(len(columns[0]) for columns in export.column_chunks(text_dates=True))
    elif stage in ("full", "python", "xlsx"):
        rows = sum(1 for _chunk in export.chunks()) and export.count
    toggle()
    return {"benchmark": "export_stages", "stage": stage, "rows": rows}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", nargs="?", default="full", choices=STAGES)
    parser.add_argument("--columns", default="", help="comma-separated (default: all)")
    callgrind.add_option(parser)
    options = parser.parse_args()
    toggle = callgrind.toggle(options.callgrind) if options.callgrind else lambda: None
    print(json.dumps(main(options.stage, options.columns, toggle)))
