"""``{{ value|code_label:"OrgRole" }}``: a census code with its label, e.g. ``Case holder (5)``."""

from __future__ import annotations

from django import template

from csc_workforce.core.census.registry import CODE_SETS, WORKER_ITEMS

register = template.Library()


def label_for(item: str, code: str) -> str:
    """The code's label in the item's code set, or the code itself when it has none."""
    spec = WORKER_ITEMS.get(item)
    if not code or spec is None or spec.code_set is None:
        return code
    label = CODE_SETS[spec.code_set].label(code)
    return f"{label} ({code})" if label else code


@register.filter
def code_label(code: object, item: str) -> str:
    return label_for(item, "" if code is None else str(code))
