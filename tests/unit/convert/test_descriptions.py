from csc_workforce.core.census.descriptions import describe
from csc_workforce.core.census.registry import LA_ITEMS, WORKER_ITEMS
from csc_workforce.core.census.template import HEADER_FIELDS


def test_every_item_and_header_field_is_described() -> None:
    names = [*WORKER_ITEMS, *LA_ITEMS, *(name for name, _ in HEADER_FIELDS)]
    assert all(describe(name) for name in names)
    assert describe("NotAnItem") == ""
