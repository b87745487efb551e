from django.db import migrations

from mteja.clients.seed import seed_kyc_defaults
from mteja.users.permission_codes import sync_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_kyc"),
        ("organisation", "0002_seed_head_office_and_codes"),
        ("users", "0004_role_enable_disable_permissions"),
    ]

    operations = [
        migrations.RunPython(seed_kyc_defaults, migrations.RunPython.noop),
        migrations.RunPython(sync_permissions, migrations.RunPython.noop),
    ]
