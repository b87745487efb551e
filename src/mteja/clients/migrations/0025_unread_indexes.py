"""Indexes that no query reads, dropped (decision 243): the users who took a client's steps
(users are never removed, and nothing lists clients by them), PostgreSQL's `LIKE` index
beside the display name's (nothing reads the name by a pattern; its plain index, which
the list's order reads, is declared by name), and the document type's and the custom
table's own indexes (the unique constraints lead with them). Django would remake SQLite's
whole table once per field to drop its plain index; the indexes are dropped by name
instead (Django's names, the same on both databases, `_like` on PostgreSQL only; going back
puts them back as Django made them, decision 270)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from mteja.core.dropped_indexes import DropFieldIndex

USER = settings.AUTH_USER_MODEL
# (model, field): the hash of Django's name for its index
DROPPED = {
    ("client", "activated_by"): "6e29acbf",
    ("client", "created_by"): "c8f840e4",
    ("client", "last_modified_by"): "5b2ca7c5",
    ("client", "submitted_by"): "95868707",
    ("clienttransfer", "submitted_by"): "ad89f0f5",
    ("staffassignment", "assigned_by"): "be271362",
    ("clientidentifier", "document_type"): "d0b707f0",
    ("customrow", "table"): "48d2d716",
}


def _unindexed_user() -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        db_index=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=USER,
    )


def _dropped(model: str, field: str, digest: str) -> DropFieldIndex:
    table = f"clients_{model}"
    return DropFieldIndex(table, f"{field}_id", f"{table}_{field}_id_{digest}")


DISPLAY_NAME = "clients_client_display_name_197378c4"


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0024_import_files_removed_by"),
        ("organisation", "0002_seed_head_office_and_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(
                    migrations.AlterField(model, field, _unindexed_user())
                    for model, field in DROPPED
                    if field.endswith("_by")
                ),
                migrations.AlterField(
                    "clientidentifier",
                    "document_type",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.codevalue",
                        verbose_name="document type",
                    ),
                ),
                migrations.AlterField(
                    "customrow",
                    "table",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="clients.customtable",
                    ),
                ),
                migrations.AlterField(
                    "client",
                    "display_name",
                    models.CharField(max_length=160, verbose_name="display name"),
                ),
            ],
            database_operations=[
                *(_dropped(model, field, digest) for (model, field), digest in DROPPED.items()),
                DropFieldIndex("clients_client", "display_name", DISPLAY_NAME, pattern=True),
            ],
        ),
        migrations.AddIndex(
            "client", models.Index(fields=["display_name"], name="clients_display_name")
        ),
    ]
