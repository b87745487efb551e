"""The mobile number's key indexed once (decision 305): on PostgreSQL the search's own
`clients_mobile_key_prefix` (`varchar_pattern_ops`, for LIKE 'start%') and the model's plain
`clients_mobile_key` (for equality) become one `varchar_pattern_ops` index under the model's
name, which serves both; SQLite's plain index is made again as it was (it ignores the
operator class). Going back puts the two back."""

from django.db import migrations, models

PREFIX = "clients_mobile_key_prefix"


def _drop_prefix(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {PREFIX}")


def _make_prefix(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PREFIX} ON clients_client "
            "(mobile_key varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0025_unread_indexes"),
    ]

    operations = [
        migrations.RunPython(_drop_prefix, _make_prefix),
        migrations.RemoveIndex(model_name="client", name="clients_mobile_key"),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                fields=["mobile_key"], name="clients_mobile_key", opclasses=["varchar_pattern_ops"]
            ),
        ),
    ]
