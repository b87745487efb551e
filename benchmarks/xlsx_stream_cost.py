"""What the streamed .xlsx reader (`clients/bulk/sheet_stream.sheet_rows`) costs to read a
workbook's rows, all of them, CPU seconds, the best of five. Prints JSON. Run it with one
version's `src` first on the path, then another's, alternately (the machine's load varies):

    PYTHONPATH=/tmp/before/src:. .venv/bin/python benchmarks/xlsx_stream_cost.py book.xlsx
    PYTHONPATH=src:. .venv/bin/python benchmarks/xlsx_stream_cost.py book.xlsx"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def main() -> None:
    env.configure()
    import django

    django.setup()
    from mteja.clients.bulk.sheet_markup import open_zip
    from mteja.clients.bulk.sheet_stream import sheet_rows

    data = Path(sys.argv[1]).read_bytes()
    times, rows = [], 0
    for _ in range(5):
        start = time.process_time()
        rows = sum(1 for _row in sheet_rows(open_zip(io.BytesIO(data))))
        times.append(time.process_time() - start)
    figures = {"rows": rows, "bytes": len(data), "best_s": round(min(times), 3)}
    print(json.dumps({**figures, "all": [round(t, 2) for t in times]}))


if __name__ == "__main__":
    main()
