"""Values kept beside cached view models (web/fragments.py): a hit needs the very same objects."""

from __future__ import annotations

from csc_workforce.web.fragments import DerivedCache


class Model:
    """An unhashable stand-in for a view model (equal ones are still different objects)."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model)


def counting() -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    return calls, build


def test_the_same_model_and_choices_are_built_once() -> None:
    cache: DerivedCache[int] = DerivedCache(maxsize=4)
    model = Model()
    calls, build = counting()
    assert cache.get((model,), (2025, "turnover"), build) == 1
    assert cache.get((model,), (2025, "turnover"), build) == 1
    assert len(calls) == 1


def test_an_equal_but_different_model_is_built_again() -> None:
    cache: DerivedCache[int] = DerivedCache(maxsize=4)
    calls, build = counting()
    cache.get((Model(),), (), build)
    cache.get((Model(),), (), build)  # the first may be freed and its id reused: identity decides
    assert len(calls) == 2


def test_another_choice_is_another_value() -> None:
    cache: DerivedCache[int] = DerivedCache(maxsize=4)
    model = Model()
    _, build = counting()
    assert cache.get((model,), (2024,), build) == 1
    assert cache.get((model,), (2025,), build) == 2
    assert cache.get((model, Model()), (2024,), build) == 3


def test_the_least_recently_used_value_is_dropped_past_maxsize() -> None:
    cache: DerivedCache[int] = DerivedCache(maxsize=2)
    models = [Model(), Model(), Model()]
    calls, build = counting()
    cache.get((models[0],), (), build)
    cache.get((models[1],), (), build)
    cache.get((models[0],), (), build)  # used again: models[1] is now the oldest
    cache.get((models[2],), (), build)
    assert len(calls) == 3
    cache.get((models[0],), (), build)
    assert len(calls) == 3
    cache.get((models[1],), (), build)
    assert len(calls) == 4


def test_clear_forgets_everything() -> None:
    cache: DerivedCache[int] = DerivedCache(maxsize=2)
    model = Model()
    calls, build = counting()
    cache.get((model,), (), build)
    cache.clear()
    cache.get((model,), (), build)
    assert len(calls) == 2
