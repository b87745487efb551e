"""Writing many prepared clients at once (the bulk import): the same rows and the same audit
events as `write_client` writes one by one, in a handful of statements per batch.

The caller runs `apply_duplicate_policy` per client first (its refusal belongs to one row)
and holds the transaction; a unique value taken meanwhile raises IntegrityError and fails
the caller's transaction, which then writes the batch client by client to tell which row it
was."""

from __future__ import annotations

from django.db import transaction

from mteja.clients.models import Client
from mteja.clients.search import engines
from mteja.clients.services.bulk_built import BuiltClients, generated_numbers_held
from mteja.clients.services.creating import PreparedClient
from mteja.core import bulk_insert


def write_clients(prepared: list[PreparedClient], built: BuiltClients | None = None) -> None:
    """Inserts the clients, their generated account numbers, entity details, officer
    assignments, addresses (in the client's CREATE event, as `write_client` records them),
    identity documents and custom-field entries (each with its own CREATE event) and one
    CREATE event per client. Family members go through `write_client`. `built`: the values
    of a batch's rows made before (bulk_built.py), `prepared` some of its clients (those
    admitted), their ids taken already."""
    if not prepared:
        return
    if not all(item.bulk_writable for item in prepared):
        raise ValueError("write_clients takes no family members")
    # No savepoint of its own (on SQLite one doubles the inserts' cost): a refused row fails
    # the caller's transaction, which then writes the clients one by one.
    with transaction.atomic(savepoint=False), engines.index_rows_after() as index_written:
        if built is None:
            built = _built_here(prepared)
        built.write(prepared, index_written)


def _built_here(prepared: list[PreparedClient]) -> BuiltClients:
    """The rows' values made in the writer's transaction: their ids taken there (on
    SQLite, the ids it gives next: only the transaction holding its write lock knows
    them), the database's account numbers looked up there."""
    clients = [item.client for item in prepared]
    bulk_insert.take_ids(Client, clients)
    every = list(range(len(clients)))
    numbers = [client.account_no for client in clients]
    return BuiltClients(
        prepared, generated_numbers_held(numbers, [client.pk for client in clients], every)
    )
