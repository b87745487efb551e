"""What a result file pays a cell and a Status (decision 287: both kept within an Excel
cell): `download.cell_text` of a million typical cells and `RowResult.status` of 100,000
invalid rows of two errors, CPU seconds, the best of --repeat (steadier than wall time on a
shared machine). No database is asked. Run it with one `src` then another on PYTHONPATH to
compare two versions. Prints JSON.

    PYTHONPATH=src:. .venv/bin/python benchmarks/result_cell_cost.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.measure import best_cpu_seconds  # noqa: E402

CELLS = ["Kibera", "Asha", "Njeri", "JOB-12345", "2024-01-10", "", "+254712345678", "Female",
         "ID-99887766", "Nairobi"]  # fmt: skip
ERRORS = [
    ("dateOfBirth", "“1985-02-30” is not a real date."),
    ("gender", "“Femal” is not a value of the list “Gender”."),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    env.setup()
    from mteja.clients.bulk.download import cell_text
    from mteja.clients.bulk.row_results import INVALID, RowResult

    cells = CELLS * 100_000
    rows = [RowResult(line, [], INVALID, errors=ERRORS) for line in range(100_000)]
    print(
        json.dumps(
            {
                "cell_text_1M_cells_s": best_cpu_seconds(
                    lambda: list(map(cell_text, cells)), options.repeat
                ),
                "status_100k_rows_s": best_cpu_seconds(
                    lambda: [row.status() for row in rows], options.repeat
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
