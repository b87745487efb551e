"""What one read costs in Python and queries: GET /clients/{id} and GET /clients (session and
HTTP Basic), the web clients list and the client page, through Django's test client.

Prints JSON: per request, the mean and p95 milliseconds and the queries it runs.
`--profile NAME` prints the cProfile of that request instead (the top functions by
cumulative time).

    .venv/bin/python benchmarks/request_cost.py --clients 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mteja_bench \\
        .venv/bin/python benchmarks/request_cost.py --clients 5000
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.settings")
os.environ.setdefault("MTEJA_VAR_DIR", str(ROOT / "var" / "bench-cost"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-cost' / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.data import client_rows  # noqa: E402
from mteja.clients.models import Client, ClientNonPerson, LegalForm  # noqa: E402
from mteja.organisation.models import CodeValue, Office, Staff  # noqa: E402
from mteja.users.models import AppUser, Role  # noqa: E402

API = "/fineract-provider/api/v1"
PASSWORD = "bench-password-1234"  # noqa: S105 (the benchmark's own user)
# Every code-value reference of a client, filled as a complete KYC record would be.
CODE_FIELDS = ("gender", "client_type", "client_classification", "marital_status",
               "profession", "education_level")  # fmt: skip


def _values(field: str) -> list[int]:
    code = Client._meta.get_field(field).code_name
    return list(CodeValue.objects.filter(code__name=code).values_list("pk", flat=True))


def prepare(count: int, user: AppUser) -> None:
    if Client.objects.count() >= count:
        return
    Client.objects.all().delete()
    head = Office.objects.get(pk=1)
    offices = [
        Office.objects.get_or_create(
            name=f"Cost branch {n}",
            defaults={"parent": head, "hierarchy": ".", "opening_date": head.opening_date},
        )[0]
        for n in range(4)
    ]
    for office in offices:
        office.hierarchy = f".{office.pk}."
        office.save(update_fields=["hierarchy"])
    staff = [
        Staff.objects.create(office=office, firstname="Officer", lastname=str(n),
                             display_name=f"Officer {n}", is_loan_officer=True)
        for n, office in enumerate(offices)
    ]  # fmt: skip
    values = {field: _values(field) for field in CODE_FIELDS}
    rng = random.Random(3)
    batch = []
    for number, row in enumerate(client_rows(count, offices), start=1):
        row.update({f"{field}_id": rng.choice(ids) for field, ids in values.items() if ids})
        row["legal_form"] = LegalForm.ENTITY if number % 10 == 0 else LegalForm.PERSON
        batch.append(
            Client(**row, staff=rng.choice(staff), submitted_by=user, created_by=user,
                   last_modified_by=user, activated_by=user)
        )  # fmt: skip
    Client.objects.bulk_create(batch, batch_size=2000)
    constitutions = CodeValue.objects.filter(code__name="Constitution").values_list("pk", flat=True)
    ClientNonPerson.objects.bulk_create(
        ClientNonPerson(client=client, incorp_no=f"C{client.pk}",
                        constitution_id=next(iter(constitutions), None))
        for client in Client.objects.filter(legal_form=LegalForm.ENTITY)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_user() -> AppUser:
    user = AppUser.objects.filter(username="bench").first()
    if user is None:
        user = AppUser.objects.create_user(
            username="bench", password=PASSWORD, office=Office.objects.get(pk=1), email=""
        )
        user.roles.add(Role.objects.get(name="Super user"))
    return user


def requests(user: AppUser) -> dict:
    session = HttpClient()
    session.force_login(user)
    basic = HttpClient(HTTP_AUTHORIZATION="Basic " + _token(user.username))
    person = Client.objects.filter(legal_form=LegalForm.PERSON).order_by("id")[10]
    entity = Client.objects.filter(legal_form=LegalForm.ENTITY).order_by("id")[10]
    detail = f"{API}/clients/{person.pk}"
    return {
        "api_detail_session": (session, detail),
        "api_detail_basic": (basic, detail),
        "api_detail_entity_session": (session, f"{API}/clients/{entity.pk}"),
        "api_list_session": (session, f"{API}/clients?limit=25"),
        "api_list_basic": (basic, f"{API}/clients?limit=25"),
        "api_list_200_session": (session, f"{API}/clients"),
        "web_list": (session, reverse("client_list")),
        "web_client_page": (session, reverse("client_detail", args=[person.pk])),
    }


def _token(username: str) -> str:
    import base64

    return base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()


def measure(http, url: str, repeat: int) -> dict:
    response = http.get(url)  # warm (Basic: the one verification that is remembered)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    executed = []
    with connection.execute_wrapper(lambda run, *args: executed.append(args[0]) or run(*args)):
        http.get(url)
    samples, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        http.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    return {
        "mean_ms": round(statistics.fmean(samples), 2),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        # This process's CPU per request (SQLite's work included): steadier on a busy machine.
        "cpu_ms": round(statistics.fmean(cpu), 2),
        "queries": len(executed),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", help="one request name: print its profile instead")
    parser.add_argument("--sql", action="store_true", help="print each request's SQL")
    options = parser.parse_args()
    Path(os.environ["MTEJA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' manifest
    user = bench_user()
    prepare(options.clients, user)
    cases = requests(user)
    if options.profile:
        http, url = cases[options.profile]
        http.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in itertools.repeat(None, options.repeat):
            http.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            60
        )
        return
    if options.sql:
        for name, (http, url) in cases.items():
            http.get(url)
            with CaptureQueriesContext(connection) as queries:
                http.get(url)
            print(f"== {name}: {len(queries)} queries")
            for query in queries:
                print("  ", query["sql"][:200])
        return
    results = {name: measure(http, url, options.repeat) for name, (http, url) in cases.items()}
    print(
        json.dumps(
            {
                "benchmark": "request_cost",
                "database": connection.vendor,
                "clients": Client.objects.count(),
                "repeat": options.repeat,
                "requests": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
