from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0020_import_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="checked_line",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importjob",
            name="bar_from",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importjob",
            name="line_from",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
