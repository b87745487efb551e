from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_import_rate_since"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="hidden_rows_imported",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
