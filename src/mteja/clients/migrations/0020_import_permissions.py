from django.db import migrations

from mteja.users.builtin_roles import BUILT_IN_ROLES
from mteja.users.permission_codes import sync_permissions

# The codes on others' import jobs (clients/imports/access.py, models/imports.py).
NEW_CODES = {"READ_IMPORT", "CANCEL_IMPORT", "RESUME_IMPORT"}


def grant_to_built_in_roles(apps, schema_editor):
    """The built-in roles an institution already has (users 0008) get the new codes their
    list now holds (the branch manager: all three); roles it made itself are left to it."""
    sync_permissions(apps)
    role_model = apps.get_model("users", "Role")
    permission_model = apps.get_model("users", "Permission")
    for name, (_description, codes) in BUILT_IN_ROLES.items():
        granted = NEW_CODES.intersection(codes)
        role = role_model.objects.filter(name=name).first()
        if role is not None and granted:
            role.permissions.add(*permission_model.objects.filter(code__in=granted))


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0019_import_hidden_rows_imported"),
        ("users", "0008_built_in_roles"),
    ]

    operations = [migrations.RunPython(grant_to_built_in_roles, migrations.RunPython.noop)]
