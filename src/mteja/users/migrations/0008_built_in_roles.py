from django.db import migrations

from mteja.users.builtin_roles import seed_built_in_roles


class Migration(migrations.Migration):
    dependencies = [("users", "0007_appuser_date_display")]

    operations = [migrations.RunPython(seed_built_in_roles, migrations.RunPython.noop)]
