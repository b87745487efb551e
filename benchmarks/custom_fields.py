"""Custom fields for the generated clients (`benchmarks/custom_fields.py`).

Adds a client custom table `household` with a field of every type (whole and decimal
numbers, short and long text, a date, a yes/no, a drop-down of the PROFESSION list), defined
through the service an administrator's `POST /datatables` goes through, and gives a share of
the clients (--share) a row of it, written in bulk with the values as that service stores
them (whole numbers, decimals as fixed-point text, ISO dates, JSON's true and false, a code
value's id), then analysed. Run after `generate.py`, before the export benchmarks, to
measure an export whose file has custom columns. Prints JSON.

    DATABASE_URL=… .venv/bin/python benchmarks/custom_fields.py --share 0.6
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402

TABLE = "household"
ROOFS = ("iron sheets", "tiles", "thatch", "concrete", "=SUM(A1)", "mabati, new")
NOTES = ("Visited with the loan officer.", "Shares a compound with relatives.",
         "Runs a kiosk from home", "Asked about a solar loan", "")  # fmt: skip
CHUNK = 20_000


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.6, help="of clients given a row")
    parser.add_argument("--seed", type=int, default=1414)
    return parser.parse_args()


def _define_table():
    from mteja.clients.kyc import custom_fields
    from mteja.clients.models import CustomTable

    CustomTable.objects.filter(name=TABLE).delete()
    definition = custom_fields.read_table_definition({
        "datatableName": TABLE,
        "columns": [
            {"name": "members", "type": "Number"},
            {"name": "monthly_rent", "type": "Decimal"},
            {"name": "roof", "type": "String", "length": 40},
            {"name": "notes", "type": "Text"},
            {"name": "visited_on", "type": "Date"},
            {"name": "has_water", "type": "Boolean"},
            {"name": "main_earner", "type": "Dropdown", "code": "PROFESSION"},
        ],
    })  # fmt: skip
    return custom_fields.custom_table_create(actor=None, definition=definition)


def _values(rng: random.Random, professions: list[int]) -> dict:
    visited = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000))
    values = {
        "members": rng.randint(1, 14),
        "monthly_rent": f"{rng.randint(0, 250_000) / 100:.2f}",
        "roof": rng.choice(ROOFS),
        "notes": rng.choice(NOTES) or None,
        "visited_on": visited.isoformat(),
        "has_water": rng.random() < 0.55,
        "main_earner": rng.choice(professions) if rng.random() < 0.8 else None,
    }
    return {name: value for name, value in values.items() if value is not None}


def main() -> dict:
    options = _options()
    env.setup()
    from django.db import connection, transaction

    from mteja.clients.models import Client, CustomRow
    from mteja.core import bulk_insert
    from mteja.organisation.models import CodeValue

    started = time.perf_counter()
    rng = random.Random(options.seed)
    table = _define_table()
    professions = list(
        CodeValue.objects.filter(code__name="PROFESSION").values_list("pk", flat=True)
    )
    client_ids = Client.objects.order_by("pk").values_list("pk", flat=True).iterator()
    chosen = [pk for pk in client_ids if rng.random() < options.share]
    for start in range(0, len(chosen), CHUNK):
        rows = [
            CustomRow(table=table, client_id=pk, values=_values(rng, professions))
            for pk in chosen[start : start + CHUNK]
        ]
        with transaction.atomic():
            bulk_insert.insert(CustomRow, rows)
    with connection.cursor() as cursor:  # the statistics autovacuum would gather (it may be off)
        cursor.execute(f"ANALYZE {CustomRow._meta.db_table}")
    return {
        "benchmark": "custom_fields",
        "database": env.database_url().split(":", 1)[0],
        "table": TABLE,
        "rows": len(chosen),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
