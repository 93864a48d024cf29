"""detente from Python: sanctions-for-prisoners diplomacy at Rust speed.

    >>> import detente
    >>> scenario = detente.load("examples/scenarios/belarus_2025.json")
    >>> results = detente.Simulation(scenario).experiment(runs=1_000, seed=2025)
    >>> results.summary()["held_at_end"]["p50"]  # doctest: +SKIP

Scenarios are checked when loaded: a mistake raises ScenarioError, whose
``errors`` lists every ``(json_path, message)``. Experiments release the
interpreter while they run and give the same numbers for any thread count.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from . import _detente

__all__ = [
    "InternalError",
    "Results",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "load",
]
__version__ = _detente.__version__


class ScenarioError(ValueError):
    """A scenario with mistakes: ``errors`` holds ``(json_path, message)``
    pairs, and the message is the crate's readable report of all of them."""

    def __init__(self, message: str, errors: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.errors = [tuple(e) for e in errors]


class InternalError(Exception):
    """detente failed in a way it should not (a panic in the Rust code). The
    objects you hold are unchanged; please report it with the input."""


class Scenario:
    """A checked scenario: ``Scenario.load(path)`` or ``Scenario.from_dict(d)``."""

    __slots__ = ("_inner",)

    def __init__(self, inner: _detente.Scenario) -> None:
        self._inner = inner

    @staticmethod
    def load(path: str) -> "Scenario":
        """Reads and checks a scenario file (.json or .toml)."""
        return Scenario(_detente.Scenario.load(str(path)))

    @staticmethod
    def from_dict(d: dict[str, Any]) -> "Scenario":
        """Checks a scenario given as a dict of the file's JSON schema."""
        return Scenario(_detente.Scenario.from_json(json.dumps(d)))

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a dict of the file's JSON schema."""
        return json.loads(self._inner.to_json())

    @property
    def name(self) -> str:
        return self._inner.name

    def __repr__(self) -> str:
        return repr(self._inner)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Scenario.from_dict, (self.to_dict(),))


def load(path: str) -> Scenario:
    """Reads and checks a scenario file: ``Scenario.load(path)``."""
    return Scenario.load(path)


class Results:
    """An experiment's aggregates over its runs. Shards of one experiment
    merge exactly (``a.merged(b)``); results pickle."""

    __slots__ = ("_inner",)

    def __init__(self, inner: _detente.Results) -> None:
        self._inner = inner

    def summary(self) -> dict[str, Any]:
        """Headline numbers: freed, arrested, held at the end (mean and
        percentiles), deals, relief, payoffs."""
        return json.loads(self._inner.summary_json())

    def to_dict(self) -> dict[str, Any]:
        """Everything the experiment aggregated, as the crate writes it."""
        return json.loads(self._inner.to_json())

    def merged(self, other: "Results") -> "Results":
        """These results and ``other``'s (another shard of the same
        experiment) together, exactly as if run together."""
        return Results(self._inner.merged(other._inner))

    @property
    def runs(self) -> int:
        return self._inner.runs

    @property
    def rounds(self) -> int:
        return self._inner.rounds

    @property
    def seed(self) -> int:
        return self._inner.seed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Results) and self._inner == other._inner

    def __repr__(self) -> str:
        return repr(self._inner)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_results_from_json, (self._inner.to_json(),))


def _results_from_json(text: str) -> Results:
    return Results(_detente.Results.from_json(text))


class Simulation:
    """A scenario ready to run: ``Simulation(scenario).experiment(...)``."""

    __slots__ = ("_inner",)

    def __init__(self, scenario: Scenario) -> None:
        if not isinstance(scenario, Scenario):
            raise TypeError(f"expected a detente.Scenario, got {type(scenario).__name__}")
        self._inner = _detente.Simulation(scenario._inner)

    @property
    def default_rounds(self) -> int:
        return self._inner.default_rounds

    def experiment(
        self,
        runs: int = 10_000,
        rounds: int | None = None,
        seed: int = 2025,
        threads: int | None = None,
        progress: Callable[[int, int], Any] | None = None,
    ) -> Results:
        """Runs ``runs`` runs of ``rounds`` rounds (default: the scenario's)
        from ``seed``; the same numbers for any ``threads``. Between chunks
        of 2,048 runs it calls ``progress(done, total)`` (a tqdm bar's
        ``update`` fits with a small adapter) and answers Ctrl-C with
        ``KeyboardInterrupt``."""
        return Results(self._inner.experiment(runs, rounds, seed, threads, progress))

    def __repr__(self) -> str:
        return repr(self._inner)
