"""What writing the client export costs in Python: the file of every client (or `--columns`),
as head office, written in this process as the download writes it (`ClientExport.chunks()`,
the database's reading included), without the HTTP server around it.

Prints JSON per format: this process's CPU seconds (the best of --repeat runs: CPU time is
steadier than wall time on a shared machine), rows per CPU second, the file's megabytes and
a digest of its bytes (equal digests: the same file). `--profile` prints the cProfile of one
more run of each format instead (the top functions by internal time).

    DATABASE_URL=… .venv/bin/python benchmarks/export_cost.py --formats csv,xlsx
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import pstats
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="csv,xlsx", help="comma-separated")
    parser.add_argument("--columns", default="", help="comma-separated (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30, help="functions the profile shows")
    return parser.parse_args()


def written(user, chosen: str, columns: str) -> tuple[float, dict]:
    """CPU seconds of one export, and what it wrote (and its wall seconds: on PostgreSQL
    they hold the database's work too)."""
    from mteja.clients.bulk.export import ClientExport, chosen_columns

    started, wall = time.process_time(), time.perf_counter()
    export = ClientExport(
        user=user, filters={}, columns=chosen_columns(columns or None), file_format=chosen
    )
    data = b"".join(export.chunks())
    seconds = time.process_time() - started
    return seconds, {
        "wall_s": round(time.perf_counter() - wall, 2),
        "rows": export.count,
        "mb": round(len(data) / 1e6, 1),
        "sha256": _digest(data),
    }


def _digest(data: bytes) -> str:
    """The file's digest; a workbook's of its entries' contents (a zip stamps the time)."""
    if not data.startswith(b"PK"):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            digest.update(name.encode() + book.read(name))
    return digest.hexdigest()


def main() -> dict:
    options = _options()
    env.setup()
    from benchmarks.institution import ADMIN
    from mteja.users.models import AppUser

    user = AppUser.objects.get(username=ADMIN)
    report: dict = {"benchmark": "export_cost"}
    for chosen in options.formats.split(","):
        if options.profile:
            profile = cProfile.Profile()
            profile.enable()
            written(user, chosen, options.columns)
            profile.disable()
            print(f"--- {chosen}", file=sys.stderr)
            stats = pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime")
            stats.print_stats(options.top)
            continue
        runs = [written(user, chosen, options.columns) for _ in range(options.repeat)]
        best = min(seconds for seconds, _file in runs)
        figures = min(runs, key=lambda run: run[0])[1]
        report[chosen] = {
            "cpu_s": round(best, 2),
            "rows_per_cpu_s": round(figures["rows"] / best),
            **figures,
        }
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
