"""Migrating back across the migrations that dropped unread indexes (decision 243) gives the
schema the earlier migrations had built, PostgreSQL's `LIKE` indexes included, and migrating
forward again gives today's (decision 270). What "built before" means is Django's own
answer: the indexes its schema editor makes for the fields as they were declared then.

PostgreSQL only: SQLite keeps no `LIKE` index, and its schema editor cannot run inside the
test's transaction, which here undoes the test's migrations however it ends."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import AddIndex, AlterField, SeparateDatabaseAndState

pytestmark = [
    pytest.mark.postgres,  # CI checks that it ran there
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LIKE indexes"),
    pytest.mark.django_db,
]
# (app, migration that drops indexes, the one before it)
REVERSED = [
    ("clients", "0025_unread_indexes", "0024_import_files_removed_by"),
    ("core", "0004_journal_indexes", "0003_cache_stamp"),
]
# Reversed with them, a later migration's indexes as they were before it: the mobile number's
# key indexed twice (clients 0026, decision 305).
LATER_UNDONE = {
    "clients_mobile_key": "CREATE INDEX clients_mobile_key ON clients_client (mobile_key)",
    "clients_mobile_key_prefix": (
        "CREATE INDEX clients_mobile_key_prefix ON clients_client (mobile_key varchar_pattern_ops)"
    ),
}


def _definitions(tables: set[str]) -> dict[str, str]:
    """Index name → its definition, as PostgreSQL states it, of the given tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [list(tables)]
        )
        return {name: _plain(definition) for name, definition in cursor.fetchall()}


def _plain(definition: str) -> str:
    """One spelling for PostgreSQL's and Django's: no quotes, schema or default method."""
    return re.sub(r"public\.| USING btree", "", definition.replace('"', ""))


def _altered_and_added(executor: MigrationExecutor):
    """(app, model, field) each reversed migration alters, and the names of the indexes it
    adds."""
    altered, added = [], set()
    for app, name, _ in REVERSED:
        for operation in executor.loader.get_migration(app, name).operations:
            if isinstance(operation, SeparateDatabaseAndState):
                altered += [
                    (app, change.model_name, change.name)
                    for change in operation.state_operations
                    if isinstance(change, AlterField)
                ]
            elif isinstance(operation, AddIndex):
                added.add(operation.index.name)
    return altered, added


def _djangos_indexes_before(executor: MigrationExecutor, altered) -> dict[str, str]:
    """The indexes Django's schema editor makes for the altered fields as declared before."""
    before = executor.loader.project_state([(app, previous) for app, _, previous in REVERSED])
    made = {}
    with connection.schema_editor(collect_sql=True) as editor:
        for app, model_name, field_name in altered:
            model = before.apps.get_model(app, model_name)
            field = model._meta.get_field(field_name)
            for statement in editor._field_indexes_sql(model, field):
                made[str(statement.parts["name"]).strip('"')] = _plain(str(statement))
    return made


def _migrate(executor: MigrationExecutor, targets) -> None:
    executor.loader.build_graph()
    executor.migrate(targets)


def test_migrating_back_and_forth_restores_each_schema_index_for_index():
    executor = MigrationExecutor(connection)
    altered, added = _altered_and_added(executor)
    tables = {f"{app}_{model}" for app, model, _ in altered}
    today = _definitions(tables)
    assert added <= today.keys()

    _migrate(executor, [(app, previous) for app, _, previous in REVERSED])
    restored = _djangos_indexes_before(executor, altered)
    assert any(name.endswith("_like") for name in restored)  # PostgreSQL's, for the names
    expected = {name: d for name, d in today.items() if name not in added} | restored
    expected |= LATER_UNDONE
    assert _definitions(tables) == expected

    _migrate(executor, executor.loader.graph.leaf_nodes())  # today's: the later ones too
    assert _definitions(tables) == today
