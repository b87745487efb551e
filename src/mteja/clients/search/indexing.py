"""Keeping the search in step with the clients.

The services call `index_client` where they derive a client's display name, and `learn_client`
once it is saved; the indexes themselves follow the `search_name` column (PostgreSQL's index
on it, SQLite's triggers). A bulk path sets `search_name` with `text.name_key` and calls
`before_bulk_load` and `after_bulk_load` around its writes. `reindex` (`mteja reindex`)
recomputes every client's search name, rebuilds the vocabulary and refills the engine's
index: after a change of the folding rules, or a load that bypassed the services.
"""

from __future__ import annotations

from django.db import connection, transaction

from mteja.clients.search import engines, vocabulary
from mteja.clients.search.text import name_key

BATCH = 5000


def index_client(client) -> None:
    """Sets `client.search_name` from its display name (before it is saved)."""
    client.search_name = name_key(client.display_name)


def learn_client(client) -> None:
    """Adds the words of a saved client's name to the vocabulary."""
    vocabulary.learn(client.search_name)


def refold(client_model) -> int:
    """Recomputes every client's search name, batch by batch; returns how many changed. Works
    on a historical model too (the migration)."""
    rows = client_model._base_manager.order_by("pk").values_list(
        "pk", "display_name", "search_name"
    )
    table = connection.ops.quote_name(client_model._meta.db_table)
    update = f"UPDATE {table} SET search_name = %s WHERE id = %s"  # noqa: S608 (a model's table)
    changed, last = 0, 0
    while True:
        # One short transaction per batch, its rows locked: a client renamed meanwhile keeps
        # the name its own write derived.
        with transaction.atomic():
            batch = list(rows.filter(pk__gt=last).select_for_update()[:BATCH])
            if not batch:
                return changed
            last = batch[-1][0]
            stale = [
                (key, pk)
                for pk, display_name, search_name in batch
                if (key := name_key(display_name)) != search_name
            ]
            with connection.cursor() as cursor:
                cursor.executemany(update, stale)
        changed += len(stale)


def learn_names(client_model, term_model) -> int:
    """Rebuilds the vocabulary from every client's search name; returns the number of words."""
    names = client_model._base_manager.values_list("search_name", flat=True)
    with transaction.atomic():
        return vocabulary.rebuild(names.iterator(chunk_size=BATCH), model=term_model)


def before_bulk_load() -> None:
    """A load of many clients in a few statements: SQLite's index is refilled once after it
    (`after_bulk_load`) rather than row by row."""
    engines.drop_sqlite_triggers(connection)


def after_bulk_load() -> int:
    """After a load that set each row's `search_name` (text.name_key): the engine's index
    and the vocabulary. Returns the number of words."""
    from mteja.clients.models import Client, SearchTerm

    engines.rebuild(connection)
    words = learn_names(Client, SearchTerm)
    vocabulary.forget_known()
    return words


def reindex(client_model=None, term_model=None) -> dict[str, int]:
    """Everything the search holds, rebuilt from the clients' names."""
    from mteja.clients.models import Client, SearchTerm

    client_model, term_model = client_model or Client, term_model or SearchTerm
    engines.install(connection)
    changed = refold(client_model)
    words = learn_names(client_model, term_model)
    vocabulary.forget_known()
    engines.rebuild(connection)
    return {"names_changed": changed, "words": words}
