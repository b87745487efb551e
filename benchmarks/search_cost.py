"""What one client search costs in Python and queries: POST /v2/clients/search for head office
and the branch user, through Django's test client and a session, on the database generate.py
filled (DATABASE_URL, or var/bench/bench.sqlite3).

The texts come from the data, as search_bench.py takes them: an account number, a mobile
number in local form, an ID number and the commonest surname. Prints JSON: per request, the
mean CPU milliseconds of this process, overall and in its calmest batch of 20 (SQLite's work
included; steadier than wall time on a busy machine), the mean and p50 wall milliseconds, and
the queries and Python function calls one request runs (a count the load does not change).
`--sql` lists those queries, `--profile NAME` prints cProfile's functions of that request.

    .venv/bin/python benchmarks/search_cost.py --repeat 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mteja_bench \\
        .venv/bin/python benchmarks/search_cost.py --profile account_number_branch
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402

env.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import Length  # noqa: E402

from benchmarks.institution import ADMIN, BRANCH_USER, PASSWORD  # noqa: E402
from benchmarks.measure import Queries, in_process_cost, print_profile, print_sql  # noqa: E402
from mteja.clients.models import Client, ClientIdentifier  # noqa: E402
from mteja.users.models import AppUser  # noqa: E402

SEARCH = "/fineract-provider/api/v2/clients/search"


def texts(username: str) -> dict[str, str]:
    """The user's texts: the numbers are those of a client in the user's own offices."""
    office = AppUser.objects.get(username=username).office
    own = Client.objects.filter(office__hierarchy__startswith=office.hierarchy)
    numbered = (
        own.filter(mobile_no__startswith="0", lastname__isnull=False)
        .order_by("id")
        .values("account_no", "mobile_no")[1000]
    )
    common = (
        Client.objects.alias(length=Length("lastname"))
        .filter(length__gte=5)
        .values("lastname")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("lastname", flat=True)[0]
    )
    documents = ClientIdentifier.objects.filter(client__in=own).order_by("id")
    document = documents.values_list("document_key", flat=True)[0]
    return {
        "account_number": numbered["account_no"],
        "mobile_local_form": numbered["mobile_no"],
        "id_number": document,
        "common_surname": common,
    }


def requests(size: int) -> dict:
    """name → a function sending that request."""
    users = {"head_office": ADMIN, "branch": BRANCH_USER}
    cases = {}
    for who, username in users.items():
        http = Queries(username, PASSWORD, basic=False).client
        for name, text in texts(username).items():
            body = {"request": {"text": text}, "page": 0, "size": size}

            def send(http=http, body=body):
                response = http.post(SEARCH, body, content_type="application/json")
                assert response.status_code == 200, response.content[:300]

            cases[f"{name}_{who}"] = send
    return cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--size", type=int, default=20, help="rows per page")
    parser.add_argument("--profile", help="one request name: print its profile instead")
    parser.add_argument("--sql", action="store_true", help="print each request's SQL")
    options = parser.parse_args()
    cases = requests(options.size)
    if options.profile:
        print_profile(cases[options.profile], options.repeat)
    elif options.sql:
        for name, send in cases.items():
            print_sql(name, send)
    else:
        results = {name: in_process_cost(send, options.repeat) for name, send in cases.items()}
        report = {"benchmark": "search_cost", "database": connection.vendor,
                  "clients": Client.objects.count(), "repeat": options.repeat,
                  "texts": {user: texts(user) for user in (ADMIN, BRANCH_USER)},
                  "requests": results}  # fmt: skip
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
