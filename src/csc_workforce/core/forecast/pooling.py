"""Partial pooling: a council's rate shrunk toward its region's, and the region's toward England's.

Empirical Bayes by the method of moments: a council with many steady years keeps close to its own
figure; a small or erratic one leans on its region, and a region on England.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Pooled:
    """Pooled estimates per council, the weight each council's own data got, and the means."""

    estimate: FloatArray
    own_weight: FloatArray
    region_mean: dict[str, float]
    england_mean: float


def partial_pool(values: FloatArray, regions: list[str], floor: float = 1e-12) -> Pooled:
    """Pool a (councils x years) matrix of yearly observations (NaN where missing)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2 or values.shape[0] != len(regions):
        raise ValueError("values must be councils x years with one region per council")
    n = np.sum(~np.isnan(values), axis=1)
    has = n > 0
    if not has.any():
        raise ValueError("no observations to pool")
    means = np.full(values.shape[0], np.nan)
    means[has] = np.nanmean(values[has], axis=1)
    england = float(np.mean(means[has]))
    # Within-council (year-to-year) variance, pooled over councils with two or more years.
    multi = n >= 2
    if multi.any():
        dev = values[multi] - means[multi, None]
        within = float(np.nansum(dev**2) / np.sum(n[multi] - 1))
    else:
        within = float(np.var(means[has])) if has.sum() > 1 else floor
    sampling = within / np.maximum(n, 1)
    between = max(float(np.var(means[has]) - np.mean(sampling[has])), floor)

    region_names = sorted(set(regions))
    region_of = np.array(regions, dtype=object)
    raw_region = {}
    counts = {}
    for name in region_names:
        member = (region_of == name) & has
        counts[name] = int(member.sum())
        raw_region[name] = float(np.mean(means[member])) if member.any() else england
    region_values = np.array([raw_region[r] for r in region_names if counts[r] > 0])
    region_between = max(
        float(np.var(region_values)) - between / max(float(np.mean(list(counts.values()))), 1.0), floor
    )
    region_mean = {}
    for name in region_names:
        w = region_between / (region_between + between / max(counts[name], 1)) if counts[name] else 0.0
        region_mean[name] = w * raw_region[name] + (1.0 - w) * england
    prior = np.array([region_mean[r] for r in regions])
    weight = np.where(has, between / (between + sampling), 0.0)
    estimate = np.where(has, weight * np.nan_to_num(means) + (1.0 - weight) * prior, prior)
    return Pooled(estimate=estimate, own_weight=weight, region_mean=region_mean, england_mean=england)
