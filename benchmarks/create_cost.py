"""What one create costs in Python and queries: POST /clients with the typical body (mobile
number, birth date, external id, active, as benchmarks/bare_create.py sends it) and with the
minimal one, through Django's test client and a session.

Prints JSON: per body, the mean CPU milliseconds of this process per create (SQLite's work
included; steadier than wall time on a busy machine), the mean and p50 wall milliseconds,
and the queries one create runs (session and transaction statements included).
`--profile NAME` prints the cProfile of that create instead (the top functions by cumulative
time).

    .venv/bin/python benchmarks/create_cost.py --clients 5000 --creates 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mteja_bench \\
        .venv/bin/python benchmarks/create_cost.py --clients 5000
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402

from benchmarks.request_cost import API, bench_user, prepare  # noqa: E402 (sets Django up)
from mteja.clients.models import Client  # noqa: E402
from mteja.organisation.models import Office  # noqa: E402


class Bodies:
    """The bodies of the creates: each a new client, in a leaf office."""

    def __init__(self):
        self.rng = random.Random(7)
        self.offices = list(
            Office.objects.filter(children__isnull=True).values_list("pk", flat=True)
        )
        self.serial = time.time_ns()

    def typical(self) -> dict:
        self.serial += 1
        today = datetime.date.today()
        born = today - datetime.timedelta(days=self.rng.randint(18 * 365, 70 * 365))
        return {
            "officeId": self.rng.choice(self.offices),
            "legalFormId": 1,
            "firstname": "Wanjiru",
            "lastname": f"Kamau{self.serial % 997}",
            "mobileNo": f"+2547{self.serial % 10**8:08d}",  # no other client has it
            "externalId": f"COST-{self.serial}",
            "dateOfBirth": born.isoformat(),
            "active": True,
            "activationDate": today.isoformat(),
            "submittedOnDate": today.isoformat(),
            "dateFormat": "yyyy-MM-dd",
            "locale": "en",
        }

    def minimal(self) -> dict:
        self.serial += 1
        return {
            "officeId": self.rng.choice(self.offices),
            "legalFormId": 1,
            "firstname": "Baraka",
            "lastname": f"Mwangi{self.serial % 997}",
        }


def create(http: HttpClient, body: dict) -> None:
    response = http.post(f"{API}/clients", body, content_type="application/json")
    assert response.status_code == 200, (response.status_code, response.content[:300])


def measure(http: HttpClient, make, creates: int) -> dict:
    create(http, make())  # warm
    executed = []
    with connection.execute_wrapper(lambda run, *args: executed.append(args[0]) or run(*args)):
        create(http, make())
    bodies = [make() for _ in range(creates)]
    samples, cpu = [], []
    for body in bodies:
        start, start_cpu = time.perf_counter(), time.process_time()
        create(http, body)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "cpu_ms": round(statistics.fmean(cpu), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "p50_ms": round(statistics.median(samples), 2),
        "queries": len(executed),
        "sql": executed,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--profile", choices=["typical", "minimal"])
    parser.add_argument("--sql", action="store_true", help="print each create's SQL")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    user = bench_user()
    prepare(options.clients, user)
    http = HttpClient()
    http.force_login(user)
    bodies = Bodies()
    makers = {"typical": bodies.typical, "minimal": bodies.minimal}
    if options.profile:
        make = makers[options.profile]
        create(http, make())
        batch = [make() for _ in range(options.creates)]
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for body in batch:
            create(http, body)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(70)
        return
    results = {name: measure(http, make, options.creates) for name, make in makers.items()}
    for result in results.values():
        sql = result.pop("sql")
        if options.sql:
            result["sql"] = [statement[:160] for statement in sql]
    print(
        json.dumps(
            {
                "benchmark": "create_cost",
                "database": connection.vendor,
                "clients": Client.objects.count(),
                "creates": options.creates,
                "creates_per_body": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
