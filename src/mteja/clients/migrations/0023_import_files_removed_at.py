from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0022_import_error_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="files_removed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
