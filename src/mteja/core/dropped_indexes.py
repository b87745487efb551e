"""A migration's drop of an index Django made for a field, by Django's own name, undone as
Django made it: going back puts the plain index back and, on PostgreSQL, the `_like` index
(`varchar_pattern_ops`) Django keeps beside an indexed text column, so that migrating back
gives the schema the earlier migrations had built (decision 270). SQLite has no `_like`
index; dropping it there is a no-op (`IF EXISTS`)."""

from django.db import migrations

PATTERN_SUFFIX = "_like"


class DropFieldIndex(migrations.operations.base.Operation):
    """Drops `name`, Django's index of `table.column` (and its `_like` index with
    `pattern=True`); reversed, creates them again. Schema only: the field's state is the
    migration's (`SeparateDatabaseAndState`)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str, column: str, name: str, pattern: bool = False):
        self.table, self.column, self.name, self.pattern = table, column, name, pattern

    def deconstruct(self):
        kwargs = {"pattern": True} if self.pattern else {}
        return self.__class__.__name__, [self.table, self.column, self.name], kwargs

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        quote = schema_editor.quote_name
        if self.pattern:
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(self.name + PATTERN_SUFFIX)}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(self.name)}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        quote = schema_editor.quote_name
        table, column = quote(self.table), quote(self.column)
        schema_editor.execute(f"CREATE INDEX {quote(self.name)} ON {table} ({column})")
        if self.pattern and schema_editor.connection.vendor == "postgresql":
            like = quote(self.name + PATTERN_SUFFIX)
            schema_editor.execute(f"CREATE INDEX {like} ON {table} ({column} varchar_pattern_ops)")

    def describe(self):
        return f"Drop index {self.name} of {self.table}.{self.column}"
