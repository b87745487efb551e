"""Loads realistic benchmark clients in bulk: `python benchmarks/generate.py --clients 1000000`.

Migrates, makes the institution through the services (offices, officers, users), then
writes clients, their national IDs, entity details and addresses with COPY (PostgreSQL) or
executemany (SQLite). Run again with a larger --clients to grow the same database; --fresh
starts over. Prints JSON with the timings and rows per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402


def _wipe() -> None:
    """An empty database: the SQLite file removed, or PostgreSQL's public schema recreated."""
    url = env.database_url()
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000, help="total clients wanted")
    parser.add_argument("--fresh", action="store_true", help="empty the database first")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--chunk", type=int, default=50_000, help="rows per COPY/transaction")
    parser.add_argument(
        "--keep-indexes", action="store_true", help="load with the indexes in place"
    )
    return parser.parse_args()


def set_up(*, fresh: bool) -> None:
    """Django set up on the benchmark database, emptied first when `fresh` (a SQLite file
    before Django opens it, PostgreSQL's schema through Django's connection)."""
    env.configure()
    sqlite = env.database_url().startswith("sqlite")
    if fresh and sqlite:
        _wipe()
    import django

    django.setup()
    if fresh and not sqlite:
        _wipe()


def main() -> None:
    options = _options()
    set_up(fresh=options.fresh)
    report = load(options)
    print(json.dumps(report, indent=2))


def load(options: argparse.Namespace) -> dict:
    from django.core.management import call_command

    from benchmarks import institution
    from benchmarks.cultures import build_cultures
    from benchmarks.load import Loader, Table
    from benchmarks.rows import (
        ADDRESS_SHARE,
        NATIONAL_ID_SHARE,
        Context,
        address_row,
        client_row,
        code_values,
        identifier_row,
    )
    from mteja.clients.models import Client, ClientAddress, ClientIdentifier, ClientNonPerson
    from mteja.clients.search import indexing
    from mteja.core import clock

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(options.seed)
    branches = institution.create_institution(rng)
    ctx = Context(branches, build_cultures(), code_values(), institution.admin_id(), clock.today())
    tables = [Table(m) for m in (Client, ClientIdentifier, ClientNonPerson, ClientAddress)]
    for table in tables:
        table.next_id = (
            table.model.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ) + 1
    existing = Client.objects.count()
    wanted = max(0, options.clients - existing)
    loader = Loader()
    loader.prepare()
    indexes = (
        [] if options.keep_indexes else [i for t in tables for i in loader.secondary_indexes(t)]
    )
    loader.drop_indexes(indexes)
    indexing.before_bulk_load()
    setup_seconds = time.perf_counter() - started
    generate_seconds = write_seconds = 0.0
    first = tables[0].next_id
    for chunk_start in range(first, first + wanted, options.chunk):
        chunk_rng = random.Random(options.seed * 1_000_003 + chunk_start)  # same rows each run
        # Addresses drawn apart: the clients are those the generator made before them.
        address_rng = random.Random(options.seed * 1_000_033 + chunk_start)
        t0 = time.perf_counter()
        clients, identifiers, entities, addresses = [], [], [], []
        for client_id in range(chunk_start, min(first + wanted, chunk_start + options.chunk)):
            row, non_person = client_row(client_id, chunk_rng, ctx)
            clients.append(tables[0].values(row))
            if row["legal_form"] == 1 and chunk_rng.random() < NATIONAL_ID_SHARE:
                identifiers.append(tables[1].values(identifier_row(row, ctx)))
            if non_person:
                entities.append(tables[2].values(non_person))
            if address_rng.random() < ADDRESS_SHARE:
                addresses.append(tables[3].values(address_row(row, address_rng, ctx)))
        t1 = time.perf_counter()
        for table, rows in zip(tables, (clients, identifiers, entities, addresses), strict=True):
            loader.write(table, rows)
        generate_seconds += t1 - t0
        write_seconds += time.perf_counter() - t1
        print(f"{chunk_start + len(clients) - 1:>9} clients", file=sys.stderr, flush=True)
    t2 = time.perf_counter()
    loader.create_indexes(indexes)
    words = indexing.after_bulk_load()  # the search's index and vocabulary
    t3 = time.perf_counter()
    loader.finish(tables)
    total = time.perf_counter() - started
    return {
        "database": loader.vendor,
        "url": env.database_url().split("@")[-1],
        "clients": Client.objects.count(),
        "added": wanted,
        "identifiers": ClientIdentifier.objects.count(),
        "entities": ClientNonPerson.objects.count(),
        "addresses": ClientAddress.objects.count(),
        "search_words": words,
        "seconds": {
            "setup": round(setup_seconds, 1),
            "generate": round(generate_seconds, 1),
            "write": round(write_seconds, 1),
            "indexes_and_search": round(t3 - t2, 1),
            "analyze": round(time.perf_counter() - t3, 1),
            "total": round(total, 1),
        },
        "clients_per_second": round(wanted / total) if total else None,
        "indexes_rebuilt": [name for name, _ddl in indexes],
        "pid": os.getpid(),
    }


if __name__ == "__main__":
    main()
