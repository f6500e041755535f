"""Councils and regions as DfE publishes them, built from an indicators frame (default: the bundled one).

- :func:`la_lookup`: every DfE LA code ever published (2017 onwards) → its latest name, ONS code
  and region. Members of a joint return are known individually and under the compound code.
- :func:`known_la_codes`: the 3-digit codes a census return may carry in its header.
- :func:`regions`: the 9 regions plus Inner and Outer London with their councils in the latest year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import polars as pl

from csc_workforce.core.published import JOINT_SEPARATOR, slugify, split_joint
from csc_workforce.ingest.published.indicators import load_indicators

LONDON = "London"
LONDON_SUB_REGIONS = ("Inner London", "Outer London")


@dataclass(frozen=True, slots=True)
class LocalAuthority:
    """A council (or a joint return) as published: the latest name and codes for its DfE code."""

    old_la_code: str
    new_la_code: str
    la_name: str
    region_name: str
    region_code: str
    first_year: int = 0
    last_year: int = 0
    joint_code: str | None = None  # the compound code of the joint return this council is part of

    @property
    def members(self) -> tuple[str, ...]:
        """DfE codes this entry covers: itself, or both members of a joint return."""
        return split_joint(self.old_la_code)

    @property
    def england_region(self) -> str:
        """The region among England's nine: Inner and Outer London councils are in London."""
        return LONDON if self.region_name in LONDON_SUB_REGIONS else self.region_name

    @property
    def published_code(self) -> str:
        """The code of the row that carries this council's figures (compound for joint returns)."""
        return self.joint_code or self.old_la_code


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    code: str
    councils: tuple[LocalAuthority, ...]  # published rows of the latest year; a joint return is one

    @property
    def slug(self) -> str:
        return slugify(self.name)


def build_la_lookup(frame: pl.DataFrame) -> dict[str, LocalAuthority]:
    """Lookup from an indicators frame; later years overwrite earlier names and codes."""
    rows = (
        frame.filter(pl.col("geographic_level") == "Local authority")
        .group_by("old_la_code")
        .agg(
            pl.col("time_period").min().alias("first_year"),
            pl.col("time_period").max().alias("last_year"),
            pl.all().sort_by("time_period").last(),
        )
        .sort("old_la_code")
    )
    lookup: dict[str, LocalAuthority] = {}
    for row in rows.iter_rows(named=True):
        entry = LocalAuthority(
            old_la_code=row["old_la_code"],
            new_la_code=row["new_la_code"] or "",
            la_name=row["la_name"],
            region_name=row["region_name"] or "",
            region_code=row["region_code"] or "",
            first_year=row["first_year"],
            last_year=row["last_year"],
        )
        codes = split_joint(entry.old_la_code)
        if len(codes) == 1:
            lookup[entry.old_la_code] = entry
            continue
        lookup[entry.old_la_code] = replace(entry, joint_code=entry.old_la_code)
        new_codes = split_joint(entry.new_la_code)
        names = tuple(part.strip() for part in entry.la_name.split(JOINT_SEPARATOR))
        for index, code in enumerate(codes):
            lookup[code] = replace(
                entry,
                old_la_code=code,
                new_la_code=new_codes[index] if len(new_codes) == len(codes) else "",
                la_name=names[index] if len(names) == len(codes) else entry.la_name,
                joint_code=entry.old_la_code,
            )
    return lookup


@lru_cache(maxsize=1)
def _bundled_lookup() -> dict[str, LocalAuthority]:
    return build_la_lookup(load_indicators())


def la_lookup() -> dict[str, LocalAuthority]:
    """DfE LA code → :class:`LocalAuthority`, from the bundled latest release (a fresh copy)."""
    return dict(_bundled_lookup())


def known_la_codes() -> frozenset[str]:
    """Every 3-digit DfE LA code published since 2017, members of joint returns included."""
    return frozenset(code for code in _bundled_lookup() if len(split_joint(code)) == 1)


def build_regions(frame: pl.DataFrame) -> list[Region]:
    latest = frame["time_period"].max()
    lookup = build_la_lookup(frame)
    la_rows = frame.filter(
        (pl.col("geographic_level") == "Local authority") & (pl.col("time_period") == latest)
    )
    region_rows = frame.filter((pl.col("geographic_level") == "Regional") & (pl.col("time_period") == latest))
    result: list[Region] = []
    for name, code in region_rows.select("region_name", "region_code").sort("region_code").iter_rows():
        names = LONDON_SUB_REGIONS if name == LONDON else (name,)
        codes = la_rows.filter(pl.col("region_name").is_in(names)).sort("la_name")["old_la_code"].to_list()
        result.append(Region(name=name, code=code or "", councils=tuple(lookup[c] for c in codes)))
    return result


@lru_cache(maxsize=1)
def _bundled_regions() -> tuple[Region, ...]:
    return tuple(build_regions(load_indicators()))


def regions() -> list[Region]:
    """The 9 regions of England, then Inner and Outer London, each with its councils (latest year)."""
    return list(_bundled_regions())


def find_region(text: str) -> Region:
    """The region named ``text`` (its published name or slug, any case), or a ValueError listing them."""
    wanted = slugify(text)
    for region in _bundled_regions():
        if region.slug == wanted:
            return region
    names = ", ".join(region.name for region in _bundled_regions())
    raise ValueError(f"unknown region {text!r}; the regions are: {names}")


def region_slug(name: str) -> str:
    """``East of England`` → ``east-of-england``."""
    return slugify(name)
