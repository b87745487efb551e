"""What the look before calamine (`clients/bulk/xlsx_range.workbook_load`: each part of an
.xlsx inflated and searched) costs on an export-shaped workbook, this code's beside another
version of the module, given as a file (decision 123 added a search for values below 0).
Prints JSON: the workbook's rows and bytes, and each version's CPU seconds, the best of
--repeat runs (CPU time, steadier than wall time on a shared machine).

    git show e852bb5^:src/mteja/clients/bulk/xlsx_range.py > /tmp/xlsx_range_before.py
    .venv/bin/python benchmarks/xlsx_look_cost.py --rows 100000 --before /tmp/xlsx_range_before.py
--shared-strings writes the workbook as a spreadsheet saves it, its texts shared strings."""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def _module_at(path: Path):
    """The other version of xlsx_range.py, loaded as a module of its own."""
    spec = importlib.util.spec_from_file_location("xlsx_range_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--before", type=Path, required=True, help="the other xlsx_range.py")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--shared-strings",
        action="store_true",
        help="the workbook as a spreadsheet saves it: its texts in the shared strings",
    )
    options = parser.parse_args()
    env.configure()
    import django

    django.setup()
    from mteja.clients.bulk import workbook, xlsx_range
    from mteja.clients.bulk.sheet_markup import open_zip

    header = ["office", "firstname", "lastname", "externalId", "mobileNo", "dateOfBirth",
              "gender", "submittedOnDate", "n", "city"]  # fmt: skip
    kinds = ["text", "text", "text", "text", "text", "date", "text", "date", "number", "text"]
    born, submitted = datetime.date(1990, 5, 17), datetime.date(2024, 1, 10)
    rows = (
        ["Kibera", f"Asha{i}", "Njeri", f"EXT-{i}", f"+2547{i:08d}", born, "Female", submitted,
         i, "Nairobi"]
        for i in range(options.rows)
    )  # fmt: skip
    if options.shared_strings:
        book = _with_shared_strings(header, rows)
    else:
        book = b"".join(workbook.workbook_chunks(header, rows, kinds))

    def best(load) -> float:
        times = []
        for _ in range(options.repeat):
            start = time.process_time()
            load(open_zip(io.BytesIO(book)))
            times.append(time.process_time() - start)
        return round(min(times), 3)

    before = _module_at(options.before)
    figures = {"rows": options.rows, "bytes": len(book)}
    figures["before_s"] = best(before.workbook_load)
    figures["after_s"] = best(xlsx_range.workbook_load)
    print(json.dumps(figures))


def _with_shared_strings(header: list[str], rows) -> bytes:
    """The rows written by XlsxWriter (its default: each text a shared string's index)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet, dates = book.add_worksheet("Clients"), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, header)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, dates)
            else:
                sheet.write(number, column, value)
    book.close()
    return buffer.getvalue()


if __name__ == "__main__":
    main()
