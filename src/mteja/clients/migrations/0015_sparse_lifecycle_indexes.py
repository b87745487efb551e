"""The references a client gets only from a later command indexed only where they hold a
value (decision 76). Django would remake SQLite's whole client table once per field to drop
its plain index; the indexes are dropped by name instead (Django's names, the same on both
databases)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0014_search_name_in_office_indexes"),
        ("organisation", "0002_seed_head_office_and_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="client",
                    name="closed_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="closure_reason",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.codevalue",
                        verbose_name="closure reason",
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="reactivated_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="rejected_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="rejection_reason",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.codevalue",
                        verbose_name="rejection reason",
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="reopened_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="withdrawal_reason",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.codevalue",
                        verbose_name="withdrawal reason",
                    ),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="withdrawn_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_closed_by_id_502e6083"',
                    'CREATE INDEX "clients_client_closed_by_id_502e6083" ON "clients_client" ("closed_by_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_closure_reason_id_79b213bf"',
                    'CREATE INDEX "clients_client_closure_reason_id_79b213bf" ON "clients_client" ("closure_reason_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_reactivated_by_id_a5bba9fa"',
                    'CREATE INDEX "clients_client_reactivated_by_id_a5bba9fa" ON "clients_client" ("reactivated_by_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_rejected_by_id_b8e5c9f5"',
                    'CREATE INDEX "clients_client_rejected_by_id_b8e5c9f5" ON "clients_client" ("rejected_by_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_rejection_reason_id_328a4a94"',
                    'CREATE INDEX "clients_client_rejection_reason_id_328a4a94" ON "clients_client" ("rejection_reason_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_reopened_by_id_e20d545d"',
                    'CREATE INDEX "clients_client_reopened_by_id_e20d545d" ON "clients_client" ("reopened_by_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_withdrawal_reason_id_a71bff86"',
                    'CREATE INDEX "clients_client_withdrawal_reason_id_a71bff86" ON "clients_client" ("withdrawal_reason_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "clients_client_withdrawn_by_id_311d1be1"',
                    'CREATE INDEX "clients_client_withdrawn_by_id_311d1be1" ON "clients_client" ("withdrawn_by_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("closed_by__isnull", False)),
                fields=["closed_by"],
                name="clients_closed_by",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("closure_reason__isnull", False)),
                fields=["closure_reason"],
                name="clients_closure_reason",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("rejected_by__isnull", False)),
                fields=["rejected_by"],
                name="clients_rejected_by",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("rejection_reason__isnull", False)),
                fields=["rejection_reason"],
                name="clients_rejection_reason",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("withdrawn_by__isnull", False)),
                fields=["withdrawn_by"],
                name="clients_withdrawn_by",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("withdrawal_reason__isnull", False)),
                fields=["withdrawal_reason"],
                name="clients_withdrawal_reason",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("reactivated_by__isnull", False)),
                fields=["reactivated_by"],
                name="clients_reactivated_by",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("reopened_by__isnull", False)),
                fields=["reopened_by"],
                name="clients_reopened_by",
            ),
        ),
    ]
