"""Regional forecasts computed ahead of time: a page reads them, never computes them."""

from __future__ import annotations

from django.db import models


class RegionForecast(models.Model):
    """Every member council's baseline for one region and horizon, as shown on the regional page
    (council totals only: the same kind of figure DfE publishes per council)."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="forecasts")
    months = models.PositiveSmallIntegerField()
    sims = models.PositiveIntegerField()
    computed_at = models.DateTimeField(auto_now=True)
    rows = models.JSONField(default=list)
    not_forecast = models.JSONField(default=list)  # [council name, reason]
    notes = models.JSONField(default=list)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["region", "months"], name="one_region_forecast_per_horizon"),
        )

    def __str__(self) -> str:
        return f"{self.region_id} {self.months} months"


class ForecastSettings(models.Model):
    """What a council has decided for its forecasts: its caseload standard (cases per
    case-holding FTE) and the on-costs added to census base salaries."""

    council = models.OneToOneField("orgs.Council", on_delete=models.CASCADE, related_name="forecast_settings")
    caseload_standard = models.FloatField(null=True, blank=True)
    on_costs = models.FloatField(default=0.30)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"{self.council_id}: standard {self.caseload_standard}"


class SavedScenario(models.Model):
    """A named scenario a council keeps, compared side by side with the baseline on its page."""

    council = models.ForeignKey("orgs.Council", on_delete=models.CASCADE, related_name="forecast_scenarios")
    name = models.CharField(max_length=40)
    settings = models.JSONField()  # Scenario.to_dict()
    saved_at = models.DateTimeField(auto_now=True)
    saved_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("name",)
        constraints = (
            models.UniqueConstraint(fields=["council", "name"], name="one_saved_scenario_per_name"),
        )

    def __str__(self) -> str:
        return f"{self.council_id}: {self.name}"
