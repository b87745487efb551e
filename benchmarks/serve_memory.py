"""Memory of `mteja serve`'s whole process tree, idle and under an export or an import
(`benchmarks/serve_memory.py`).

Issue 14's memory targets are for the server as a whole: its parent, gunicorn's master and
web workers, the job worker and an import's lanes. Forked processes share pages, so each
process is read from /proc/PID/smaps_rollup: PSS (a page shared by n processes counts 1/n
in each, so the tree's sum counts every page once), RSS (a shared page counted in each) and
USS (its private pages). Sampled every --every seconds; the report gives the tree's peak
summed PSS with each process's share at that moment, the peak summed RSS, and the CPU
seconds (user and system, exited children included) the tree spent on the scenario.

On PostgreSQL the server's backends that serve the benchmark's database (found by their
process titles, `postgres: … USER DATABASE HOST(PORT) STATE`, with any parallel workers they
lead) are sampled beside the tree but summed apart: they are the database's memory, not
`mteja serve`'s. Their PSS includes their share of the shared buffers they touched; their
USS is each backend's own (sorts, hashes, caches).

    DATABASE_URL=… .venv/bin/python benchmarks/serve_memory.py --port 8803 \\
        --scenario idle,xlsx,csv --output var/bench/serve-memory.json
    DATABASE_URL=… .venv/bin/python benchmarks/serve_memory.py --port 8803 \\
        --scenario import --file var/bench/import.csv --stop-after 400000

Scenarios run in the order given, on one server (`idle,xlsx,idle`: the tree after the
export too). The web workers are warmed by a few requests first; `idle` waits; `csv`/`xlsx`
export every client as head office (into --keep's folder, to be opened again); `import`
posts the file to `POST /clients/uploadtemplate` and follows the job until it ends (or
until --stop-after rows are done); `resume` resumes the job --job that a stopped server left
interrupted, and follows it alike. With --trace, every sample (the tree's PSS by role, the
backends') and every poll of the import (its rows done) is also written to a file, one JSON
line each, to see whether memory still grows late. The server runs with its job worker and
`--workers` web workers (`mteja serve`'s default when not given).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.report import print_report

TICKS = os.sysconf("SC_CLK_TCK")


def tree(root: int) -> list[int]:
    """`root` and its descendants, now."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with suppress(OSError):
                todo.extend(int(child) for child in (task / "children").read_text().split())
    return found


def role(pid: int, root: int) -> str:
    """What a process of the tree is, by its command line and parent."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        parent_command = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")
    except (OSError, IndexError):
        return "gone"
    if pid == root:
        return "serve"
    if b"worker" in command:
        return "lane" if b"worker" in parent_command else "job worker"
    if b"mteja.wsgi:application" in command:
        return "web worker" if b"mteja.wsgi:application" in parent_command else "gunicorn master"
    return "other"


def _kib(text: str, key: str) -> int:
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def memory(pid: int) -> dict | None:
    """PSS, RSS and USS of one process, in KiB (None once it has ended)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    private = _kib(text, "Private_Clean") + _kib(text, "Private_Dirty")
    return {"pss": _kib(text, "Pss"), "rss": _kib(text, "Rss"), "uss": private}


def database_backends(database: str) -> list[int]:
    """PostgreSQL's processes serving `database` now: its backends (their titles name it)
    and the parallel workers they lead. Run as root, or as the server's user, to read them."""
    backends, parallel = [], []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            title = (entry / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            if not title.startswith("postgres: "):
                continue
            words = title.split()
            if database in words[1:5]:
                backends.append(int(entry.name))
            elif "parallel worker for PID" in title:
                parallel.append((int(entry.name), int(words[-1])))
    return backends + [pid for pid, leader in parallel if leader in backends]


def cpu_seconds(pids: list[int]) -> float:
    """User and system time of the processes and of their children that ended."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / TICKS


class Trace:
    """JSON lines, each stamped with the seconds since the trace began (nothing without a
    path)."""

    def __init__(self, path: Path | None):
        self.file = path.open("w") if path else None
        self.started = time.monotonic()

    def write(self, **fields) -> None:
        if self.file:
            stamp = round(time.monotonic() - self.started, 1)
            self.file.write(json.dumps({"s": stamp, **fields}) + "\n")
            self.file.flush()


class Sampler:
    """Samples the tree of `root` in a thread; keeps the peaks."""

    def __init__(self, root: int, every: float, database: str | None, trace: Trace):
        self.root, self.every, self.database, self.trace = root, every, database, trace
        self.peak_pss = self.peak_rss = 0
        self.at_peak: list[dict] = []
        self.database_peak_pss = self.database_peak_uss = self.database_most = 0
        self.database_largest_uss = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        shares = []
        for pid in tree(self.root):
            got = memory(pid)
            if got:
                shares.append({"pid": pid, "role": role(pid, self.root), **got})
        pss, rss = sum(s["pss"] for s in shares), sum(s["rss"] for s in shares)
        self.samples += 1
        if pss > self.peak_pss:
            self.peak_pss, self.at_peak = pss, shares
        self.peak_rss = max(self.peak_rss, rss)
        backends = self._sample_database() if self.database else 0
        by_role: dict[str, float] = {}
        for share in shares:
            by_role[share["role"]] = by_role.get(share["role"], 0) + share["pss"] / 1024
        rounded = {name: round(mb, 1) for name, mb in by_role.items()}
        self.trace.write(tree_pss_mb=round(pss / 1024, 1), roles=rounded, postgres_mb=backends)

    def _sample_database(self) -> float:
        """Samples the backends; their summed PSS in MB."""
        found = [got for pid in database_backends(self.database) if (got := memory(pid))]
        self.database_peak_pss = max(self.database_peak_pss, sum(g["pss"] for g in found))
        self.database_peak_uss = max(self.database_peak_uss, sum(g["uss"] for g in found))
        self.database_most = max(self.database_most, len(found))
        self.database_largest_uss = max([self.database_largest_uss, *(g["uss"] for g in found)])
        return round(sum(g["pss"] for g in found) / 1024, 1)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self) -> Sampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def report(self) -> dict:
        mb = 1024
        return {
            "peak_tree_pss_mb": round(self.peak_pss / mb, 1),
            "peak_tree_rss_mb": round(self.peak_rss / mb, 1),
            "at_peak_pss": [
                {"role": s["role"], **{k: round(s[k] / mb, 1) for k in ("pss", "rss", "uss")}}
                for s in sorted(self.at_peak, key=lambda s: s["role"])
            ],
            "samples": self.samples,
            **(
                {
                    "postgres_backends_peak_pss_mb": round(self.database_peak_pss / mb, 1),
                    "postgres_backends_peak_uss_mb": round(self.database_peak_uss / mb, 1),
                    "postgres_backend_largest_uss_mb": round(self.database_largest_uss / mb, 1),
                    "postgres_backends_most": self.database_most,
                }
                if self.database
                else {}
            ),
        }


@contextmanager
def serving(port: int, workers: int | None, log: Path):
    """`mteja serve` with its job worker, in its own session; its pid."""
    from benchmarks.server import serving_process

    options = ["--workers", str(workers)] if workers else []
    with serving_process(options, port, log, stop_within=90) as process:
        yield process.pid


def _client(port: int):
    from benchmarks.institution import ADMIN, PASSWORD
    from benchmarks.server import Http

    return Http(port).basic(ADMIN, PASSWORD)


def _warm(port: int) -> None:
    """A few requests on fresh connections, so that each web worker has served some."""
    from benchmarks.server import API

    for _ in range(8):
        status, _body, _ms = _client(port).get(f"{API}/clients?limit=20")
        assert status == 200, status


def _export(port: int, chosen: str, kept: Path | None) -> dict:
    """Every client's file in format `chosen`, written into the folder `kept` when given
    (to be opened again: export_reopen.py)."""
    from benchmarks.server import API

    status, body, ms = _client(port).get(f"{API}/clients/export?format={chosen}")
    if status != 200:
        raise RuntimeError(f"export answered {status}")
    if kept:
        (kept / f"clients.{chosen}").write_bytes(body)
    return {"seconds": round(ms / 1000, 1), "mb": round(len(body) / 1e6, 1)}


def _import(port: int, file: Path, stop_after: int | None, trace: Trace) -> dict:
    from benchmarks.server import API

    http = _client(port)
    boundary = uuid.uuid4().hex
    body = b"".join(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file.name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
            file.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        )
    )
    status, answer, _ms = http.request(
        "POST",
        f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    if status != 200:
        raise RuntimeError(f"upload answered {status}: {answer[:300]!r}")
    return _follow(http, json.loads(answer), stop_after, trace)


def _resume(port: int, job: int, stop_after: int | None, trace: Trace) -> dict:
    """`POST /imports/{job}?command=resume` (a job its stopped server left interrupted),
    followed like an upload."""
    from benchmarks.server import API

    http = _client(port)
    status, answer, _ms = http.request("POST", f"{API}/imports/{job}?command=resume")
    if status != 200:
        raise RuntimeError(f"resume answered {status}: {answer[:300]!r}")
    return _follow(http, job, stop_after, trace)


def _follow(http, job: int, stop_after: int | None, trace: Trace) -> dict:
    """Polls the job every 2 s until it ends or has done `stop_after` rows."""
    from benchmarks.server import API

    started = time.perf_counter()
    while True:
        time.sleep(2)
        _status, answer, _ms = http.get(f"{API}/imports/{job}")
        shown = json.loads(answer)
        trace.write(rows_done=shown["rowsDone"])
        if shown["status"] not in ("queued", "running"):
            break
        if stop_after and (shown["rowsDone"] or 0) >= stop_after:
            break
    return {
        "job": job,
        "status": shown["status"],
        "rows_done": shown["rowsDone"],
        "seconds": round(time.perf_counter() - started, 1),
    }


def _postgres_database() -> str | None:
    """The name of the benchmark's PostgreSQL database (None on SQLite)."""
    from django.db import connection

    return connection.settings_dict["NAME"] if connection.vendor == "postgresql" else None


def main(options: argparse.Namespace) -> dict:
    env.setup()
    report = {"benchmark": "serve_memory", "database": env.database_url().split(":")[0], "runs": []}
    log = env.BENCH_DIR / "serve-memory.log"
    database = _postgres_database()
    trace = Trace(options.trace)
    with serving(options.port, options.workers, log) as root:
        _warm(options.port)
        for scenario in options.scenario.split(","):
            load = round(os.getloadavg()[0], 1)
            before = cpu_seconds(tree(root))
            trace.write(scenario=scenario)
            with Sampler(root, options.every, database, trace) as sampler:
                if scenario == "idle":
                    time.sleep(options.idle_seconds)
                    got = {}
                elif scenario in ("csv", "xlsx"):
                    got = _export(options.port, scenario, options.keep)
                elif scenario == "import":
                    got = _import(options.port, options.file, options.stop_after, trace)
                elif scenario == "resume":
                    got = _resume(options.port, options.job, options.stop_after, trace)
                else:
                    raise SystemExit(f"unknown scenario {scenario}")
            got["tree_cpu_s"] = round(cpu_seconds(tree(root)) - before, 1)
            run = {"scenario": scenario, **got, **sampler.report(), "load_before": load}
            report["runs"].append(run)
            print(json.dumps(run), flush=True)
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8803)
    parser.add_argument("--workers", type=int, help="web workers (default: serve's)")
    parser.add_argument("--scenario", default="idle,xlsx", help="idle, csv, xlsx, import, resume")
    parser.add_argument("--file", type=Path, help="the file to import")
    parser.add_argument("--job", type=int, help="the import job that `resume` resumes")
    parser.add_argument("--stop-after", type=int, help="rows done: stop following the import")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    parser.add_argument("--keep", type=Path, help="a folder: each export's file written there")
    parser.add_argument("--trace", type=Path, help="every sample and poll, as JSON lines")
    options = parser.parse_args()
    print_report(main(options), options.output)
