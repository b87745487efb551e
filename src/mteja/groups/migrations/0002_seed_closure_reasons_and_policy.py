from django.db import migrations

from mteja.groups.seed import seed_group_codes_and_policy


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial"), ("organisation", "0002_seed_head_office_and_codes")]

    operations = [migrations.RunPython(seed_group_codes_and_policy, migrations.RunPython.noop)]
