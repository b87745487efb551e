"""Timing summaries, the bare database beside the API, and queries per request.

Bare SQL runs on a connection of its own (Django's connection parameters, no ORM), the
same SELECT the API needs for the figure, interleaved with the HTTP requests so both see the
same machine load. Queries per request are counted in this process by sending the same
request once through Django's test client inside CaptureQueriesContext (the server itself
is left untouched).
"""

from __future__ import annotations

import cProfile
import itertools
import os
import pstats
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client as TestClient
from django.test.utils import CaptureQueriesContext

CLIENT = "clients_client"
# What a client row shows besides its own columns: office name and loan officer.
DETAIL_SQL = (
    "SELECT c.*, o.name, s.display_name FROM clients_client c "
    "JOIN organisation_office o ON o.id = c.office_id "
    "LEFT JOIN organisation_staff s ON s.id = c.staff_id WHERE c.id = %s"
)


def best_cpu_seconds(work: Callable[[], object], repeat: int) -> float:
    """The least CPU time (`time.process_time`) of `repeat` runs of `work`, in seconds: on a
    shared machine steadier than wall time."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return round(best, 3)


def percentile(samples: list[float], share: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 2)


def summary(samples: list[float], prefix: str = "") -> dict:
    return {
        f"{prefix}p50_ms": percentile(samples, 0.5),
        f"{prefix}p95_ms": percentile(samples, 0.95),
        f"{prefix}p99_ms": percentile(samples, 0.99),
    }


class Bare:
    """The bare database: one raw DB-API connection, %s placeholders on both databases."""

    def __init__(self):
        self.raw = connection.get_new_connection(connection.get_connection_params())
        self.vendor = connection.vendor
        self.sqlite = self.vendor == "sqlite"
        if not self.sqlite:
            self.raw.autocommit = True

    def run(self, sql: str, params=()) -> tuple[list, float]:
        """(rows, milliseconds)."""
        if self.sqlite:
            sql = sql.replace("%s", "?")
        start = time.perf_counter()
        cursor = self.raw.cursor()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.close()
        return rows, (time.perf_counter() - start) * 1000

    def one(self, sql: str, params=()):
        return self.run(sql, params)[0][0][0]

    def commit(self) -> None:
        if self.sqlite:
            self.raw.commit()


class Queries:
    """Counts the queries of one request through the test client (same database)."""

    def __init__(self, username: str, password: str, *, basic: bool):
        from mteja.users.models import AppUser

        self.client = TestClient(HTTP_FINERACT_PLATFORM_TENANTID="default")
        self.serial = itertools.count()
        if basic:
            import base64

            token = base64.b64encode(f"{username}:{password}".encode()).decode()
            self.client.defaults["HTTP_AUTHORIZATION"] = f"Basic {token}"
        else:
            self.client.force_login(AppUser.objects.get(username=username))

    def count(self, method: str, path: str, body: dict | None = None) -> int:
        """Queries of the second of two identical requests: what a warm worker runs (the
        first may fill caches, e.g. remembered Basic credentials)."""
        self._send(method, path, body)
        with CaptureQueriesContext(connection) as captured:
            self._send(method, path, body)
        return len(captured.captured_queries)

    def _send(self, method: str, path: str, body: dict | None) -> None:
        if method == "GET":
            self.client.get(path)
            return
        if body and "externalId" in body:  # a create: a new external id each time
            body = {**body, "externalId": f"{body['externalId']}-q{next(self.serial)}"}
        self.client.post(path, body, content_type="application/json")


BATCH = 20  # requests per batch of in_process_cost


def in_process_cost(send: Callable[[], None], repeat: int) -> dict:
    """What `send` (one request through the test client) costs: the mean CPU milliseconds of
    this process (SQLite's work included; steadier than wall time on a busy machine), overall
    and in the calmest batch of BATCH, wall mean and p50, and the queries and Python
    function calls of one warm request."""
    send()  # warm: caches filled as in a worker that served the request before
    with CaptureQueriesContext(connection) as captured:
        send()
    queries = len(captured.captured_queries)  # now: every request clears the log
    profiler = cProfile.Profile()
    profiler.runcall(send)
    calls = pstats.Stats(profiler).total_calls  # the work itself, whatever the machine's load
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        send()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    batches = [cpu[start : start + BATCH] for start in range(0, len(cpu), BATCH)]
    return {
        "cpu_ms": round(statistics.fmean(cpu), 2),
        # The calmest batch's mean: what the work costs when others leave the CPU alone.
        "cpu_ms_best_batch": round(min(statistics.fmean(batch) for batch in batches), 2),
        "mean_ms": round(statistics.fmean(wall), 2),
        "p50_ms": round(statistics.median(wall), 2),
        "queries": queries,
        "python_calls": calls,
    }


def print_profile(send: Callable[[], None], repeat: int) -> None:
    """cProfile's top functions over `repeat` warm calls of `send` (PROFILE_SORT: the order,
    cumulative by default)."""
    send()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        send()
    profiler.disable()
    order = os.environ.get("PROFILE_SORT", "cumulative")
    pstats.Stats(profiler).sort_stats(order).print_stats(60)


def print_sql(name: str, send: Callable[[], None]) -> None:
    """The statements of one warm call of `send`."""
    send()
    with CaptureQueriesContext(connection) as captured:
        send()
    print(f"== {name}: {len(captured.captured_queries)} queries")
    for query in captured.captured_queries:
        print("  ", query["sql"][:300])
