from django.db import migrations

from mteja.users.builtin_roles import grant_new_codes

# The codes on others' import jobs (clients/imports/access.py, models/imports.py).
NEW_CODES = {"READ_IMPORT", "CANCEL_IMPORT", "RESUME_IMPORT"}


def grant_to_built_in_roles(apps, schema_editor):
    """The built-in roles an institution already has (users 0008) get the new codes their
    list now holds (the branch manager: all three); roles it made itself are left to it."""
    grant_new_codes(apps, NEW_CODES)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0019_import_hidden_rows_imported"),
        ("users", "0008_built_in_roles"),
    ]

    operations = [migrations.RunPython(grant_to_built_in_roles, migrations.RunPython.noop)]
