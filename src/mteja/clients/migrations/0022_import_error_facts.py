from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0021_import_progress_lines"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="error_facts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="importjob",
            name="columns_ask",
            field=models.JSONField(blank=True, null=True),
        ),
    ]
