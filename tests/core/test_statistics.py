"""A bulk write keeps PostgreSQL's planner statistics in step: a table whose rows changed by
more than a share since its last analysis is analysed, one that did not is left alone."""

import pytest
from django.db import connection

from mteja.clients.models import SearchTerm
from mteja.core import statistics
from mteja.core.statistics import GrowthWatch
from mteja.organisation.models import Office

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics"),
    # The counts PostgreSQL keeps are of committed rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _analyses(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # this session's counts, now
        cursor.execute("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_a_grown_table_is_analysed_and_an_unchanged_one_is_not(monkeypatch):
    monkeypatch.setattr(statistics, "FEWEST_ROWS", 50)
    monkeypatch.setattr(statistics, "LOOK_EVERY", 100)
    terms, offices = SearchTerm._meta.db_table, Office._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {terms}, {offices}")
    before = {table: _analyses(table) for table in (terms, offices)}
    watch = GrowthWatch(SearchTerm, Office)

    SearchTerm.objects.bulk_create(SearchTerm(variant=f"w{n}", term=f"w{n}") for n in range(60))
    _analyses(terms)  # flushed
    watch.added_rows(60)  # the first look: 60 changed rows > 50
    assert _analyses(terms) == before[terms] + 1
    assert _analyses(offices) == before[offices]  # untouched

    watch.added_rows(60)  # fewer than LOOK_EVERY since the last look: not even a look
    SearchTerm.objects.bulk_create(SearchTerm(variant=f"x{n}", term=f"x{n}") for n in range(10))
    _analyses(terms)
    watch.added_rows(60)  # a look, but 10 changed rows since the analysis: too few
    assert _analyses(terms) == before[terms] + 1
