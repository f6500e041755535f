import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_load_councils"), ("forecasts", "0001_region_forecast_precomputed")]

    operations = [
        migrations.CreateModel(
            name="ForecastSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("caseload_standard", models.FloatField(blank=True, null=True)),
                ("on_costs", models.FloatField(default=0.3)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("updated_by", models.CharField(blank=True, max_length=150)),
                (
                    "council",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forecast_settings",
                        to="orgs.council",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SavedScenario",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=40)),
                ("settings", models.JSONField()),
                ("saved_at", models.DateTimeField(auto_now=True)),
                ("saved_by", models.CharField(blank=True, max_length=150)),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forecast_scenarios",
                        to="orgs.council",
                    ),
                ),
            ],
            options={
                "ordering": ("name",),
                "constraints": [
                    models.UniqueConstraint(fields=("council", "name"), name="one_saved_scenario_per_name")
                ],
            },
        ),
    ]
