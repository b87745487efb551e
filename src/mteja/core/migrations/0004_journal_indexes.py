"""The journal's indexes reshaped to what its queries read (decision 243): `entity_name`'s
and `action_name`'s own indexes become (column, id), which the filter by one of them and
GET /audits' order by one of them (the column, then id) read as a range rather than sorting
every event of the first value; the `LIKE` indexes PostgreSQL kept beside them go (nothing
reads them by a pattern); `group_id` is indexed only where an event has one. Django would
remake SQLite's whole table once per field to drop its plain index; the indexes are dropped
by name instead (Django's names, the same on both databases, `_like` on PostgreSQL only;
going back puts them back as Django made them, `_like` included, decision 270)."""

from django.db import migrations, models

from mteja.core.dropped_indexes import DropFieldIndex

# field: the hash of Django's name for its index
DROPPED = {"action_name": "f69acc3e", "entity_name": "cc0ada7b", "group_id": "97fe0798"}
PATTERN_INDEXED = ("action_name", "entity_name")  # PostgreSQL's `_like` beside them


def _dropped(name: str, digest: str) -> DropFieldIndex:
    index = f"core_auditevent_{name}_{digest}"
    return DropFieldIndex("core_auditevent", name, index, pattern=name in PATTERN_INDEXED)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_cache_stamp"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    "auditevent",
                    "action_name",
                    models.CharField(max_length=50, verbose_name="action"),
                ),
                migrations.AlterField(
                    "auditevent",
                    "entity_name",
                    models.CharField(max_length=50, verbose_name="entity"),
                ),
                migrations.AlterField(
                    "auditevent", "group_id", models.BigIntegerField(blank=True, null=True)
                ),
            ],
            database_operations=[_dropped(name, digest) for name, digest in DROPPED.items()],
        ),
        migrations.AddIndex(
            "auditevent", models.Index(fields=["entity_name", "id"], name="audit_entity_id")
        ),
        migrations.AddIndex(
            "auditevent", models.Index(fields=["action_name", "id"], name="audit_action_id")
        ),
        migrations.AddIndex(
            "auditevent",
            models.Index(
                condition=models.Q(("group_id__isnull", False)),
                fields=["group_id"],
                name="audit_group",
            ),
        ),
    ]
