"""A council's distribution as the region sees it: small buckets suppressed, none recoverable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.core.continuity.disclosure import disclose_distribution
from csc_workforce.core.disclosure import DisclosureRule

RULE = DisclosureRule(5)


def test_large_buckets_are_shown_and_the_share_published():
    cells = disclose_distribution({"0": 0, "1": 60, "2": 25, "3+": 15}, RULE)
    shown = {k: c.text() for k, c in cells.items()}
    assert shown == {
        "0": "0",
        "1": "60",
        "2": "25",
        "3+": "15",
        "children_looked_after": "100",
        "share_three_or_more": "15",
    }


def test_one_small_bucket_takes_a_second_with_it_and_the_share_follows_the_numerator():
    cells = disclose_distribution({"0": 2, "1": 60, "2": 25, "3+": 15}, RULE)
    assert cells["0"].text() == "c" and cells["3+"].text() == "c"  # the next smallest
    assert cells["share_three_or_more"].text() == "c"
    assert cells["children_looked_after"].text() == "102"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 30), min_size=4, max_size=4))
def test_no_suppressed_bucket_can_be_recovered_from_the_total(counts):
    cells = disclose_distribution(dict(zip(("0", "1", "2", "3+"), counts, strict=True)), RULE)
    hidden = [name for name in ("0", "1", "2", "3+") if cells[name].symbol == "c"]
    assert all(
        not RULE.is_small(n) or name in hidden for name, n in zip(("0", "1", "2", "3+"), counts, strict=True)
    )
    if cells["children_looked_after"].symbol is None:
        assert len(hidden) != 1  # one hidden bucket would be the total minus the others
