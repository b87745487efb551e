"""The references a client gets only from a later command indexed only where they hold a
value (decision 76). Django would remake SQLite's whole client table once per field to drop
its plain index; the indexes are dropped by name instead (Django's names, the same on both
databases)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

USER = settings.AUTH_USER_MODEL
CODE_VALUE = "organisation.codevalue"
# field: (what it references, its verbose name, the hash of Django's name for its index)
FIELDS = {
    "closed_by": (USER, None, "502e6083"),
    "closure_reason": (CODE_VALUE, "closure reason", "79b213bf"),
    "reactivated_by": (USER, None, "a5bba9fa"),
    "rejected_by": (USER, None, "b8e5c9f5"),
    "rejection_reason": (CODE_VALUE, "rejection reason", "328a4a94"),
    "reopened_by": (USER, None, "e20d545d"),
    "withdrawal_reason": (CODE_VALUE, "withdrawal reason", "a71bff86"),
    "withdrawn_by": (USER, None, "311d1be1"),
}


def _unindexed(target: str, verbose_name: str | None) -> models.ForeignKey:
    options = {"verbose_name": verbose_name} if verbose_name else {}
    return models.ForeignKey(
        blank=True,
        db_index=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=target,
        **options,
    )


def _plain_index(name: str, digest: str) -> migrations.RunSQL:
    index = f'"clients_client_{name}_id_{digest}"'
    return migrations.RunSQL(
        f"DROP INDEX IF EXISTS {index}",
        f'CREATE INDEX {index} ON "clients_client" ("{name}_id")',
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0014_search_name_in_office_indexes"),
        ("organisation", "0002_seed_head_office_and_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("client", name, _unindexed(target, verbose_name))
                for name, (target, verbose_name, _digest) in FIELDS.items()
            ],
            database_operations=[
                _plain_index(name, digest) for name, (_t, _v, digest) in FIELDS.items()
            ],
        ),
        *(
            migrations.AddIndex(
                "client",
                models.Index(
                    condition=models.Q((f"{name}__isnull", False)),
                    fields=[name],
                    name=f"clients_{name}",
                ),
            )
            for name in FIELDS
        ),
    ]
