"""A stored validation report, grouped the way people fix it: file-level first, then one group per
worker record in file order (as the CLI's text report does)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class IssueGroup:
    record: int | None
    swe_no: str | None
    issues: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def heading(self) -> str:
        if self.record is None:
            return "File and council level"
        return f"Worker record {self.record}" + (f" (SWE number {self.swe_no})" if self.swe_no else "")

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.get("severity") == "error")


def grouped_issues(issues: Iterable[Mapping[str, Any]]) -> list[IssueGroup]:
    groups: dict[int | None, IssueGroup] = {}
    for issue in issues:
        record = issue.get("record")
        group = groups.setdefault(record, IssueGroup(record, issue.get("swe_no")))
        group.issues.append(issue)
    return sorted(groups.values(), key=lambda group: -1 if group.record is None else group.record)
