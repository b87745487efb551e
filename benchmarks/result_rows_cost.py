"""What a result file pays its rows (decisions 297, 298): `download.result_chunks` of
100,000 rows of ten cells, a tenth of them invalid with two errors, written as CSV and as
XLSX, and `ParameterError` made 100,000 times (its value, parameter and arguments quoted
through `echoed`); CPU seconds (`time.process_time`), the best of --repeat. The rows end at
the header's width, as nearly every file's do. Run it with one `src` then another on
PYTHONPATH to compare two versions. Needs a migrated database (DATABASE_URL, or the
benchmarks' SQLite file): the result's text limits read the custom fields. Prints JSON.

    PYTHONPATH=src:. .venv/bin/python benchmarks/result_rows_cost.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.measure import best_cpu_seconds  # noqa: E402
from benchmarks.result_cell_cost import ERRORS  # noqa: E402

HEADER = ["office", "firstname", "lastname", "externalId", "submittedOnDate", "middlename",
          "mobileNo", "gender", "dateOfBirth", "city"]  # fmt: skip
CELLS = ["Kibera", "Asha", "Njeri", "JOB-12345", "2024-01-10", "", "+254712345678", "Female",
         "1985-02-30", "Nairobi"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    env.setup()
    from django.core.management import call_command

    from mteja.clients.bulk.download import result_chunks
    from mteja.clients.bulk.row_results import IMPORTED, INVALID, RowResult
    from mteja.core.errors import ParameterError

    call_command("migrate", verbosity=0)
    rows = [
        RowResult(line, list(CELLS), INVALID, errors=ERRORS)
        if line % 10 == 0
        else RowResult(line, list(CELLS), IMPORTED, account_no=f"{line:09d}")
        for line in range(2, 100_002)
    ]

    def written(chosen: str) -> None:
        for _chunk in result_chunks(HEADER, rows, chosen):
            pass

    def errors() -> None:
        for number in range(100_000):
            ParameterError("validation.msg.client.x.is.invalid", "x", "No.", str(number), (50,))

    print(
        json.dumps(
            {
                "result_csv_100k_rows_s": best_cpu_seconds(lambda: written("csv"), options.repeat),
                "result_xlsx_100k_rows_s": best_cpu_seconds(
                    lambda: written("xlsx"), options.repeat
                ),
                "parameter_error_100k_s": best_cpu_seconds(errors, options.repeat),
            }
        )
    )


if __name__ == "__main__":
    main()
