from django.db import migrations

from mteja.users.permission_codes import sync_permissions


def seed_roles(apps, schema_editor):
    role_model = apps.get_model("users", "Role")
    permission_model = apps.get_model("users", "Permission")
    defaults = {
        "Super user": (
            "Every function in every office below the user's own.",
            ["ALL_FUNCTIONS"],
        ),
        "Auditor": ("Reads everything, changes nothing.", ["ALL_FUNCTIONS_READ"]),
    }
    for name, (description, codes) in defaults.items():
        role, _ = role_model.objects.get_or_create(name=name, defaults={"description": description})
        role.permissions.add(*permission_model.objects.filter(code__in=codes))


class Migration(migrations.Migration):
    dependencies = [("users", "0001_initial")]

    operations = [
        migrations.RunPython(sync_permissions, migrations.RunPython.noop),
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
    ]
