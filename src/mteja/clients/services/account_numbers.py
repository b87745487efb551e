"""A new client's account number, generated when none is given."""

from __future__ import annotations

import functools

from django.db import connection

from mteja.clients.models import Client

NUMBER_DIGITS = 9  # Fineract's: the id, zero-padded


@functools.cache
def _account_no_statement() -> str:
    """UPDATE the client's account number WHERE no client holds it yet: written once (every
    create runs it; the ORM would compile it afresh each time)."""
    quote = connection.ops.quote_name
    table, number = quote(Client._meta.db_table), quote(Client._meta.get_field("account_no").column)
    return (
        f"UPDATE {table} SET {number} = %s WHERE {quote(Client._meta.pk.column)} = %s "  # noqa: S608
        f"AND NOT EXISTS (SELECT 1 FROM {table} WHERE {number} = %s)"
    )


def set_generated_account_no(client: Client) -> None:
    """Fineract's number, the id on nine digits, written in one statement that also checks
    it is free: a number given by hand may already hold it, and is never reused."""
    suffix = 0
    with connection.cursor() as cursor:
        while True:
            candidate = f"{client.pk:0{NUMBER_DIGITS}d}" + (f"-{suffix}" if suffix else "")
            cursor.execute(_account_no_statement(), [candidate, client.pk, candidate])
            if cursor.rowcount:
                client.account_no = candidate
                return
            suffix += 1
