"""Server time of the web pages every user opens: the clients list, the client's page (each
tab) and the dashboard, through Django's test client (no network, no gunicorn), for a
head-office user and a branch user.

Prints JSON: per page and user, mean and p95 milliseconds and queries per request.

    .venv/bin/python benchmarks/web_pages.py --clients 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mteja_bench_web \
      .venv/bin/python benchmarks/web_pages.py --clients 5000
    .venv/bin/python benchmarks/web_pages.py --profile /clients/   # pyinstrument's tree

The data: `--clients` clients over 19 branches with `--officers` loan officers (bulk inserts, no
services), and one client with identity documents, family members and addresses.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.settings")
os.environ.setdefault("MTEJA_VAR_DIR", str(ROOT / "var" / "bench-web"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-web' / 'bench.sqlite3'}"
Path(os.environ["MTEJA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402

from benchmarks.data import client_rows  # noqa: E402
from mteja.clients.models import (  # noqa: E402
    Client,
    ClientAddress,
    ClientFamilyMember,
    ClientIdentifier,
)
from mteja.organisation.models import CodeValue, Office, Staff  # noqa: E402
from mteja.users.models import AppUser, Permission, Role  # noqa: E402

BRANCHES = 19


def _code(name: str, index: int = 0) -> CodeValue:
    return CodeValue.objects.filter(code__name=name).order_by("id")[index]


def prepare(count: int, officers: int) -> Client:
    """The data, loaded once: a rerun with as many clients and officers reuses it."""
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `mteja serve` does
    head = Office.objects.get(pk=1)
    if Client.objects.count() < count or Staff.objects.count() != officers:
        Client.objects.all().delete()
        AppUser.objects.filter(username__startswith="bench_").delete()  # they hold an office
        Staff.objects.all().delete()
        Office.objects.exclude(pk=1).delete()
        for n in range(BRANCHES):
            office = Office.objects.create(
                name=f"Branch {n + 1}", parent=head, hierarchy=".", opening_date=head.opening_date
            )
            office.hierarchy = f".{office.pk}."
            office.save(update_fields=["hierarchy"])
        offices = list(Office.objects.exclude(pk=1))
        Staff.objects.bulk_create(
            Staff(
                office=offices[n % len(offices)],
                firstname=f"Officer{n}",
                lastname="Bench",
                display_name=f"Officer{n} Bench",
                is_loan_officer=True,
            )
            for n in range(officers)
        )
        staff = list(Staff.objects.all())
        rows = [
            Client(**row, staff=staff[number % len(staff)])
            for number, row in enumerate(client_rows(count, offices))
        ]
        Client.objects.bulk_create(rows, batch_size=2000)
        _kyc(Client.objects.order_by("id").first())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Client.objects.filter(identifiers__isnull=False).order_by("id").first()


def _kyc(client: Client) -> None:
    for n in range(3):
        ClientIdentifier.objects.create(
            client=client,
            document_type=_code("Customer Identifier", n),
            document_key=f"BENCH-DOC-{n}",
            document_key_normalized=f"BENCHDOC{n}",
        )
        ClientAddress.objects.create(
            client=client, address_type=_code("ADDRESS_TYPE", n), city=f"City {n}"
        )
    for n in range(4):
        ClientFamilyMember.objects.create(
            client=client,
            firstname=f"Relative{n}",
            lastname="Bench",
            relationship=_code("RELATIONSHIP", n),
            is_dependent=n % 2 == 0,
        )


def _user(username: str, office: Office, codes: list[str]) -> AppUser:
    user, _created = AppUser.objects.get_or_create(
        username=username, defaults={"office": office, "email": f"{username}@example.org"}
    )
    role, _created = Role.objects.get_or_create(name=f"bench {username}")
    role.permissions.set(Permission.objects.filter(code__in=codes))
    user.roles.add(role)
    return user


def measure(http: HttpClient, url: str, repeat: int) -> dict:
    http.get(url)  # warm: templates compiled, caches filled
    queries = []  # the request resets Django's own query log: count through a wrapper
    with connection.execute_wrapper(
        lambda run, sql, params, many, context: (
            queries.append(sql) or run(sql, params, many, context)
        )
    ):
        response = http.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples, cpu = [], []  # wall clock; CPU time of this process (steadier on a busy machine)
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        http.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    ordered = sorted(samples)
    return {
        "mean_ms": round(statistics.fmean(samples), 1),
        "cpu_mean_ms": round(statistics.fmean(cpu), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--officers", type=int, default=200, help="loan officers")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", metavar="URL", help="print pyinstrument's profile of URL")
    options = parser.parse_args()
    client = prepare(options.clients, options.officers)
    head = Office.objects.get(pk=1)
    users = {
        "head_office": _user("bench_head", head, ["ALL_FUNCTIONS"]),
        "branch": _user(
            "bench_branch",
            client.office,
            [
                "READ_CLIENT",
                "CREATE_CLIENT",
                "UPDATE_CLIENT",
                "READ_CLIENTIDENTIFIER",
                "READ_FAMILYMEMBERS",
                "READ_ADDRESS",
                "READ_AUDIT",
                "ACTIVATE_CLIENT",
            ],
        ),  # fmt: skip
    }
    pages = {
        "dashboard": "/",
        "client_list": "/clients/",
        "client_list_filtered": f"/clients/?office={client.office_id}&status=300",
        "client_page": f"/clients/{client.pk}/",
        "client_identifiers": f"/clients/{client.pk}/identifiers/",
        "client_family": f"/clients/{client.pk}/family/",
        "client_addresses": f"/clients/{client.pk}/addresses/",
        "client_history": f"/clients/{client.pk}/history/",
    }
    if options.profile:
        from pyinstrument import Profiler

        http = HttpClient()
        http.force_login(users["head_office"])
        http.get(options.profile)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(10):
                http.get(options.profile)
        print(
            profiler.output_text(
                unicode=True,
                color=False,
                show_all=bool(os.environ.get("ALL")),
                flat=bool(os.environ.get("FLAT")),
            )
        )
        return
    results = {}
    for who, user in users.items():
        http = HttpClient()
        http.force_login(user)
        results[who] = {name: measure(http, url, options.repeat) for name, url in pages.items()}
    print(
        json.dumps(
            {
                "benchmark": "web_pages",
                "database": connection.vendor,
                "clients": Client.objects.count(),
                "officers": Staff.objects.count(),
                "debug": settings.DEBUG,
                "repeat": options.repeat,
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "pages": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
