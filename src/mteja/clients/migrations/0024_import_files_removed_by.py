from django.conf import settings
from django.db import migrations, models

from mteja.users.builtin_roles import grant_new_codes

# Deleting a finished import job's files before their days are up (decision 235): by its
# starter, or by a user of its offices holding this code (clients/imports/access.py).
NEW_CODES = {"DELETE_IMPORT"}


def grant_to_built_in_roles(apps, schema_editor):
    """The built-in roles an institution already has get the new code their list now holds
    (the branch manager); roles it made itself are left to it (as in 0020)."""
    grant_new_codes(apps, NEW_CODES)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0023_import_files_removed_at"),
        ("users", "0008_built_in_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="files_removed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(grant_to_built_in_roles, migrations.RunPython.noop),
    ]
