from django.db import migrations

from mteja.users.permission_codes import sync_permissions


class Migration(migrations.Migration):
    dependencies = [("users", "0003_appuser_is_deleted")]

    operations = [migrations.RunPython(sync_permissions, migrations.RunPython.noop)]
