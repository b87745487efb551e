"""What writing the client export costs in Python: the file of every client (or `--columns`),
as head office, written in this process as the download writes it (`ClientExport.chunks()`,
the database's reading included), without the HTTP server around it.

Prints JSON per format: this process's CPU seconds (the best of --repeat runs: CPU time is
steadier than wall time on a shared machine), rows per CPU second, the file's megabytes and
a digest of its bytes (equal digests: the same file); on PostgreSQL also its server process's
CPU seconds (`database_cpu_s`: a COPY's work is done there). `--bare` adds the bare database
writing every column the export reads (`export_bench.EVERY_COLUMN`: SQLite's rows written by
the csv module, PostgreSQL's COPY) with the same figures. `--profile` prints the cProfile of
one more run of each format instead (the top functions by internal time).

    DATABASE_URL=… .venv/bin/python benchmarks/export_cost.py --formats csv,xlsx
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
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
    parser.add_argument("--bare", action="store_true", help="the bare database beside it")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30, help="functions the profile shows")
    return parser.parse_args()


def written(user, chosen: str, columns: str) -> tuple[float, dict]:
    """CPU seconds of one export, and what it wrote (and its wall seconds: on PostgreSQL
    they hold the database's work too)."""
    from django.db import connection

    from mteja.clients.bulk.export import ClientExport, chosen_columns

    connection.ensure_connection()
    database_started = database_cpu_s(connection.connection)
    started, wall = time.process_time(), time.perf_counter()
    export = ClientExport(
        user=user, filters={}, columns=chosen_columns(columns or None), file_format=chosen
    )
    data = b"".join(export.chunks())
    seconds = time.process_time() - started
    return seconds, {
        "database_cpu_s": round(database_cpu_s(connection.connection) - database_started, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
        "rows": export.count,
        "mb": round(len(data) / 1e6, 1),
        "sha256": _digest(data),
    }


def database_cpu_s(raw) -> float:
    """The CPU seconds (user and system) of the PostgreSQL server process behind the DB-API
    connection `raw`, on this machine; 0 on SQLite, whose work is this process's."""
    if not hasattr(raw, "info"):  # sqlite3's connection
        return 0.0
    fields = Path(f"/proc/{raw.info.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare(repeat: int) -> dict:
    """The bare database writing every column the export reads: the best of `repeat` runs by
    this process's CPU seconds and its server process's."""
    from benchmarks.export_bench import EVERY_COLUMN, _bare_csv
    from benchmarks.measure import CLIENT, Bare

    database = Bare()
    count = database.one(f"SELECT COUNT(*) FROM {CLIENT}")  # noqa: S608
    runs = []
    for _run in range(repeat):
        database_started = database_cpu_s(database.raw)
        figures = _bare_csv(database, EVERY_COLUMN)
        figures["database_cpu_s"] = round(database_cpu_s(database.raw) - database_started, 2)
        runs.append(figures)
    best = min(runs, key=lambda run: run["cpu_s"] + run["database_cpu_s"])
    both = best["cpu_s"] + best["database_cpu_s"]
    return {**best, "rows": count, "rows_per_cpu_s": round(count / max(both, 0.01))}


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
        best, figures = min(runs, key=lambda run: run[0] + run[1]["database_cpu_s"])
        report[chosen] = {
            "cpu_s": round(best, 2),
            "rows_per_cpu_s": round(figures["rows"] / (best + figures["database_cpu_s"])),
            **figures,
        }
    if options.bare and not options.profile:
        report["bare_every_column"] = bare(options.repeat)
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
