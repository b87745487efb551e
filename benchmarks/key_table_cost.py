"""What the table of a file's unique values costs a lane (`clients/bulk/first_seen.py`), in
memory or in a file (decision 264): --rows rows of one lane of two, as `import_bench.py`'s
files give them (an external id each, an identity document for 30 % of them), half noted
(another lane's: one look a value), half checked (a look for a repeat, then the claim's two).
`--memory-bytes` sets MTEJA_IMPORT_KEYS_MEMORY_BYTES. Prints JSON: CPU seconds (user and
system: a file's pages come back by the kernel's faults) and microseconds a row, the
process's resident memory grown (at the end, and the most of its looks every 10,000 rows)
and its peak (VmHWM); with `--callgrind LIB`
(benchmarks/callgrind.py) only the table's work is counted.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no .venv/bin/python \\
        benchmarks/key_table_cost.py --rows 200000 --memory-bytes 1048576 --callgrind cgtoggle.so
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind, env  # noqa: E402

DOCUMENT_SHARE = 0.3


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--memory-bytes", type=int, help="MTEJA_IMPORT_KEYS_MEMORY_BYTES")
    parser.add_argument("--batch", type=int, default=500, help="rows a batch (lanes take turns)")
    callgrind.add_option(parser)
    return parser.parse_args()


def _status(name: str) -> int:
    """A /proc/self/status figure, in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(name)


def main() -> dict:
    options = _options()
    if options.memory_bytes is not None:
        os.environ["MTEJA_IMPORT_KEYS_MEMORY_BYTES"] = str(options.memory_bytes)
    env.setup()
    from django.conf import settings

    from mteja.clients.bulk.first_seen import FirstSeen

    rng = random.Random(14)
    rows = []
    for number in range(options.rows):
        values = [("externalId", f"IMP-14-{number:08d}")]
        if rng.random() < DOCUMENT_SHARE:
            values.append(("documentKey", ("National ID", f"{rng.randrange(10**9):09d}")))
        rows.append((number + 2, values, (number // options.batch) % 2 == 0))
    toggle = callgrind.toggle(options.callgrind) if options.callgrind else None
    seen = FirstSeen()
    before, times = _status("VmRSS"), os.times()
    if toggle:
        toggle()
    most = before
    for line, values, mine in rows:
        if not line % 10_000:  # (out of the count, if counted: a few reads of /proc)
            if toggle:
                toggle()
            most = max(most, _status("VmRSS"))
            if toggle:
                toggle()
        if mine:
            for value in values:
                seen.get(value)  # (repeats: none)
            for value in values:
                if not seen.get(value):
                    seen.put(value, line)
        else:
            for value in values:
                seen.line_of(value, -line)
    if toggle:
        toggle()
    after = os.times()
    user, system = after.user - times.user, after.system - times.system
    report = {
        "rows": options.rows,
        "values": len(seen),
        # (a tree before decision 264: two arrays in memory, no setting)
        "memory_bytes": getattr(settings, "MTEJA_IMPORT_KEYS_MEMORY_BYTES", None),
        "table_in": type(getattr(seen, "_slots", seen)).__name__,
        "cpu_user_s": round(user, 2),
        "cpu_system_s": round(system, 2),
        "us_per_row": round((user + system) * 1e6 / options.rows, 2),
        "rss_grown_mb": round((_status("VmRSS") - before) / 2**20, 1),
        "rss_most_grown_mb": round((most - before) / 2**20, 1),  # (every 10,000 rows)
        "peak_rss_mb": round(_status("VmHWM") / 2**20, 1),
        "load": os.getloadavg()[0],
    }
    print(json.dumps(report))
    return report


if __name__ == "__main__":
    main()
