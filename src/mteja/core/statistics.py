"""Keeping PostgreSQL's planner statistics in step with a bulk write.

A migration's import grows the client tables from nothing to millions of rows in minutes.
The planner chooses each look-up's index from the statistics `ANALYZE` last gathered: read
when a table held a few rows, they make it scan a whole index where the unique one would
find a batch's hundred numbers at once (seen: 44 ms a look-up at 300,000 identity
documents, against under 1 ms). Autovacuum would refresh them, a minute or more late, and
it may be off (as on the machines the tests run on). So a bulk writer says how many rows it added,
and a table is analysed each time a share of its rows changed since its last analysis.
ANALYZE reads a sample (a fraction of a second at a million rows) and blocks no writer.
SQLite plans without such statistics: nothing to do there.
"""

from __future__ import annotations

from django.db import connection, models

GROWTH_SHARE = 0.5  # a table is analysed again once this share of its rows changed…
FEWEST_ROWS = 5_000  # …and at least this many (autovacuum's rule, with a higher floor)
LOOK_EVERY = 5_000  # rows a writer adds between two looks at the tables' counts


class GrowthWatch:
    """The statistics of `models`' tables, refreshed as a bulk write grows them: every
    LOOK_EVERY rows added, each table whose rows changed since its last analysis by more
    than GROWTH_SHARE of what the planner believes it holds is analysed (the counts are
    PostgreSQL's own, kept whether autovacuum runs or not, and shared by every writer)."""

    def __init__(self, *watched: type[models.Model]):
        self.tables = [model._meta.db_table for model in watched]
        self.added = LOOK_EVERY  # the first look after the first batch

    def added_rows(self, count: int) -> None:
        """Counts `count` rows written (call it outside the write's transaction: the
        statistics then see them)."""
        if connection.vendor != "postgresql" or not count:
            return
        self.added += count
        if self.added < LOOK_EVERY:
            return
        self.added = 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
                " WHERE s.relname = ANY(%s)"
                " AND s.n_mod_since_analyze > GREATEST(%s, %s * c.reltuples)",
                [self.tables, FEWEST_ROWS, GROWTH_SHARE],
            )
            stale = [name for (name,) in cursor.fetchall()]
            if stale:
                quote = connection.ops.quote_name
                cursor.execute(f"ANALYZE {', '.join(quote(name) for name in stale)}")
