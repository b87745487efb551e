"""An import writes every index of the tables it fills, row by row: none that no query reads
(decision 243). Their readers' plans at 100,000 clients are in docs/benchmarks.md."""

import re

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# (table, the columns an index would hold): what nothing reads, or what a wider index
# leading with the same columns serves already.
UNREAD = [
    ("clients_client", ["created_by_id"]),
    ("clients_client", ["last_modified_by_id"]),
    ("clients_client", ["submitted_by_id"]),
    ("clients_client", ["activated_by_id"]),
    ("clients_staffassignment", ["assigned_by_id"]),
    ("clients_clienttransfer", ["submitted_by_id"]),
    ("clients_clientidentifier", ["document_type_id"]),
    ("clients_customrow", ["table_id"]),
    ("core_auditevent", ["entity_name"]),
]


def _indexed_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] and not c["unique"]]


@pytest.mark.parametrize(("table", "columns"), UNREAD)
def test_no_index_that_no_query_reads(table, columns):
    assert columns not in _indexed_columns(table)


def test_the_indexes_the_reads_need_are_kept():
    assert ["entity_name", "resource_id"] in _indexed_columns("core_auditevent")
    assert ["entity_name", "id"] in _indexed_columns("core_auditevent")
    assert ["action_name", "id"] in _indexed_columns("core_auditevent")
    assert ["group_id"] in _indexed_columns("core_auditevent")
    assert ["display_name"] in _indexed_columns("clients_client")


def _pattern_indexes(tables: tuple[str, ...]) -> set[str]:
    """PostgreSQL's indexes for LIKE (SQLite keeps none)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef LIKE '%%varchar_pattern_ops%%'",
            [list(tables)],
        )
        return {name for (name,) in cursor.fetchall()}


def test_no_like_index_beside_names_nothing_reads_by_a_pattern():
    # The search's own are kept: numbers found by their start (clients/search/engines.py).
    assert _pattern_indexes(("clients_client", "core_auditevent")) <= {
        "clients_account_no_prefix",
        "clients_external_id_prefix",
        "clients_mobile_key",
    }


def test_the_mobile_key_is_indexed_once():
    # Read whole and by its start through one index (decision 305): two were written before.
    assert _indexed_columns("clients_client").count(["mobile_key"]) == 1


@pytest.mark.parametrize(
    ("whole", "typed"), [(True, "+254712345678"), (False, "+2547123")], ids=["whole", "start"]
)
def test_the_mobile_key_is_read_whole_and_by_its_start_through_its_index(make_client, whole, typed):
    from mteja.clients.models import Client
    from mteja.clients.search.engines import Numbers, numbered_rows

    client = make_client(mobile_no="+254712345678")
    make_client(mobile_no="+255712345678", firstname="Baraka")
    caught = []

    def catch(execute, sql, params, many, context):
        caught.append((sql, params))
        return execute(sql, params, many, context)

    lookup = Numbers(Client, ("pk",), {"mobile_key": {typed}}, whole=whole)
    with connection.execute_wrapper(catch):
        assert numbered_rows([lookup], limit=10) == [[(client.pk,)]]
    ((sql, params),) = caught
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # tiny table: make the planner show its index
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert re.search(r"\bclients_mobile_key\b", plan), plan
