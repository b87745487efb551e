"""Client list/search through the API vs the same SELECT on the bare database.

Prints JSON: per scenario, p50/p95 milliseconds and queries per request for the API, and
p50/p95 for the raw SQL the list needs (count + page).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.settings")
os.environ.setdefault("MTEJA_VAR_DIR", str(ROOT / "var" / "bench"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'client-list.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402

from benchmarks.data import client_rows  # noqa: E402
from mteja.clients.models import Client  # noqa: E402
from mteja.organisation.models import Office  # noqa: E402
from mteja.users.models import AppUser, Role  # noqa: E402


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 2)


def timed(action, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def prepare(count: int) -> None:
    call_command("migrate", verbosity=0)
    if Client.objects.count() >= count:
        return
    Client.objects.all().delete()
    head = Office.objects.get(pk=1)
    offices = list(Office.objects.exclude(pk=1)) or [
        Office.objects.create(
            name=f"Bench branch {n}", parent=head, hierarchy=".", opening_date=head.opening_date
        )
        for n in range(8)
    ]
    for office in offices:
        if office.hierarchy == ".":
            office.hierarchy = f".{office.pk}."
            office.save(update_fields=["hierarchy"])
    batch = []
    for row in client_rows(count, offices):
        batch.append(Client(**row))
        if len(batch) == 5000:
            Client.objects.bulk_create(batch)
            batch = []
    Client.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # planner statistics for the freshly loaded table
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    options = parser.parse_args()
    Path(os.environ["MTEJA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    prepare(options.clients)
    load_seconds = round(time.perf_counter() - start, 1)

    user, _ = AppUser.objects.get_or_create(
        username="bench", defaults={"office": Office.objects.get(pk=1), "email": ""}
    )
    user.roles.add(Role.objects.get(name="Super user"))
    http = HttpClient()
    http.force_login(user)
    office = Office.objects.exclude(pk=1).first()
    scenarios = {
        "first_page": ("limit=50", "", []),
        "office_active": (
            f"officeId={office.pk}&status=active&limit=50",
            "WHERE office_id = %s AND status = 300",
            [office.pk],
        ),
        "name_contains": (
            "displayName=ndiaye&limit=50",
            "WHERE UPPER(display_name) LIKE UPPER(%s)",
            ["%ndiaye%"],
        ),
        "external_id": ("externalId=BENCH-4242", "WHERE external_id = %s", ["BENCH-4242"]),
    }
    results = {}
    table = Client._meta.db_table
    for name, (query, where, params) in scenarios.items():
        url = f"/fineract-provider/api/v1/clients?{query}"
        executed = []
        with connection.execute_wrapper(
            lambda run, sql, params, many, context, executed=executed: (
                executed.append(sql) or run(sql, params, many, context)
            )
        ):
            response = http.get(url)
        assert response.status_code == 200, response.content[:300]
        api = timed(lambda url=url: http.get(url), options.repeat)

        def raw(where=where, params=params):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table} {where}", params)
                cursor.fetchone()
                cursor.execute(f"SELECT * FROM {table} {where} ORDER BY id LIMIT 50", params)
                cursor.fetchall()

        sql = timed(raw, options.repeat)
        results[name] = {
            "api_p50_ms": percentile(api, 0.5),
            "api_p95_ms": percentile(api, 0.95),
            "sql_p50_ms": percentile(sql, 0.5),
            "sql_p95_ms": percentile(sql, 0.95),
            "api_queries": len(executed),
            "rows": response.json()["totalFilteredRecords"],
        }
    print(
        json.dumps(
            {
                "benchmark": "client_list",
                "database": connection.vendor,
                "clients": Client.objects.count(),
                "load_seconds": load_seconds,
                "repeat": options.repeat,
                "scenarios": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
