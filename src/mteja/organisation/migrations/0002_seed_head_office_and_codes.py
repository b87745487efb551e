from django.db import migrations

from mteja.organisation.seed import seed_head_office_and_codes


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [migrations.RunPython(seed_head_office_and_codes, migrations.RunPython.noop)]
