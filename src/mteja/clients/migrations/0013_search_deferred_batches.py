from django.db import migrations

from mteja.clients.search import engines


def reinstall_insert_trigger(apps, schema_editor):
    """SQLite's insert trigger, re-created with the condition that lets a batch index its own
    rows in one statement (engines.index_rows_after)."""
    db = schema_editor.connection
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS clients_search_insert")
    engines.install(db)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0012_import_jobs"),
    ]

    operations = [
        migrations.RunPython(reinstall_insert_trigger, migrations.RunPython.noop),
    ]
