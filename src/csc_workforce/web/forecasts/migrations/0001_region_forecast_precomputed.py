import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("orgs", "0002_load_councils")]

    operations = [
        migrations.CreateModel(
            name="RegionForecast",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("months", models.PositiveSmallIntegerField()),
                ("sims", models.PositiveIntegerField()),
                ("computed_at", models.DateTimeField(auto_now=True)),
                ("rows", models.JSONField(default=list)),
                ("not_forecast", models.JSONField(default=list)),
                ("notes", models.JSONField(default=list)),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forecasts",
                        to="orgs.region",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("region", "months"), name="one_region_forecast_per_horizon"
                    )
                ]
            },
        ),
    ]
