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
