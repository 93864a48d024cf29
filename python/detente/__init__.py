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

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any, Callable, Union

from . import _detente

__all__ = [
    "ACCEPT",
    "Domain",
    "END",
    "Exchange",
    "InternalError",
    "Negotiation",
    "REJECT",
    "Strategy",
    "TournamentResult",
    "View",
    "negotiate",
    "exchange",
    "strategy_names",
    "sweep",
    "tournament",
    "analyze_conflict",
    "best_packages",
    "Calibration",
    "calibrate",
    "canonical_json",
    "explore",
    "canonical_sha256",
    "clear_preflib",
    "compare",
    "conflict_inverse",
    "Results",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "Table",
    "load",
    "implied_valuations",
    "replay_history",
]
__version__ = _detente.__version__

Domain = _detente.Domain
View = _detente.View

#: ``Strategy.respond`` answers: accept the offer, reject it (the protocol
#: then asks for a counter-offer), or walk away. Returning an ``int`` rejects
#: and counter-offers that outcome at once.
ACCEPT = "accept"
REJECT = "reject"
END = "end"


class Strategy:
    """A negotiation strategy written in Python. Subclass it and implement
    ``propose`` (an outcome index to offer) and ``respond`` (``ACCEPT``,
    ``REJECT``, ``END`` or a counter-offer). ``init`` is called once at the
    start of each negotiation. Each call gets a ``View``: the clock
    (``step``, ``n_steps``, ``relative_time``), the last offer, the
    history, this party's own utility of any outcome, and the queries
    ``best()``, ``worst()`` and ``nearest_from_above(threshold)``.

    In a tournament each negotiation gets a fresh strategy from a factory
    given a seed (``("mine", lambda seed: Mine(seed))``): draw from
    ``random.Random(seed)`` and results do not depend on the thread count.
    """

    #: The name reports use.
    name: str = "python"

    def init(self, view: View) -> None:
        """Called once before each negotiation."""

    def propose(self, view: View) -> int:
        """The outcome (index) to offer now."""
        raise NotImplementedError

    def respond(self, view: View, offer: int) -> Union[str, int]:
        """``ACCEPT``, ``REJECT``, ``END``, or an outcome to counter with."""
        raise NotImplementedError


@dataclass(frozen=True)
class Negotiation:
    """How one negotiation ended: the agreed outcome (``None`` without one),
    its value per issue and each party's utility of it, the steps taken,
    the offers made, and whether a party walked away or time ran out."""

    agreement: int | None
    values: list[int] | None
    utilities: tuple[float, float] | None
    steps: int
    offers: int
    broken: bool
    timed_out: bool


Player = Union[str, Strategy]


def negotiate(domain: Domain, a: Player, b: Player, n_steps: int = 100, seed: int = 0) -> Negotiation:
    """One alternating-offers (SAO) negotiation on ``domain``, ``a`` moving
    first, with a deadline of ``n_steps`` steps. A player is a shipped
    strategy's name (``strategy_names()``) or a ``Strategy``; ``seed``
    seeds the shipped strategies that draw. The first exception a Python
    strategy raises ends the negotiation and is raised here."""
    agreement, steps, offers, broken, timed_out = _detente.negotiate(domain, [a, b], n_steps, seed)
    if agreement is None:
        return Negotiation(None, None, None, steps, offers, broken, timed_out)
    return Negotiation(
        agreement,
        domain.values(agreement),
        (domain.utility(0, agreement), domain.utility(1, agreement)),
        steps,
        offers,
        broken,
        timed_out,
    )


@dataclass(frozen=True)
class Exchange:
    """How a simultaneous exchange ended: the agreed outcome (``None``
    without one), what was carried out (the agreement, or under sequential
    execution the agreement without the defector's concessions), the party
    that defected (``None`` if none did) and the steps taken."""

    agreement: int | None
    executed: int | None
    defector: int | None
    steps: int


def exchange(
    domain: Domain,
    a: Player,
    b: Player,
    owners: list[int],
    sequential: tuple[int, float] | None = None,
    n_steps: int = 100,
    seed: int = 0,
) -> Exchange:
    """One simultaneous exchange on ``domain``: each step both parties
    propose at once (sealed offers), then each answers the other's offer;
    party 0's offer wins when both are accepted. ``owners[i]`` is the party
    (0 or 1) whose concession issue ``i`` is: its value 0 means nothing
    conceded. Without ``sequential`` a mediator carries out both sides at
    once; with ``sequential=(first_mover, p_defect)`` the first mover
    concedes first and the other fails to deliver with probability
    ``p_defect``, drawn from ``seed`` (its issues then fall back to 0).
    Players as for ``negotiate``."""
    agreement, executed, defector, steps = _detente.exchange(
        domain, [a, b], owners, sequential, n_steps, seed
    )
    return Exchange(agreement, executed, defector, steps)


def strategy_names() -> list[str]:
    """The shipped Rust strategies, by the names ``negotiate`` and
    ``tournament`` take."""
    return _detente.strategy_names()


@dataclass(frozen=True)
class TournamentResult:
    """Every meeting of a tournament (entrants, domain, agreement, steps,
    utilities and normalised scores) and the ranking by mean score, each a
    list of dicts (``pandas.DataFrame(result.meetings)``)."""

    entrants: list[str]
    domains: list[str]
    meetings: list[dict[str, Any]]
    ranking: list[dict[str, Any]]


Entrant = Union[str, tuple[str, Callable[[int], Strategy]]]


def tournament(
    entrants: list[Entrant],
    domains: list[Domain],
    repetitions: int = 1,
    n_steps: int = 100,
    seed: int = 0,
    threads: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> TournamentResult:
    """A round robin of ``entrants`` on ``domains``: every ordered pair of
    distinct entrants meets on every domain in both utility profiles,
    ``repetitions`` times. An entrant is a
    shipped strategy's name or a ``(name, factory)`` pair, ``factory(seed)``
    returning a fresh ``Strategy`` for each negotiation. The meetings run
    on ``threads`` threads (default: all cores; Python strategies take
    turns with the interpreter) and the result is the same for any count.
    While it runs, ``progress(done, total)`` is called with the meetings
    finished (about every 50 ms, if given) and Ctrl-C stops it."""
    d = _object(
        _detente.tournament_json(
            entrants, domains, repetitions, n_steps, seed, threads, progress
        )
    )
    r = d["result"]
    return TournamentResult(r["entrants"], r["scenarios"], r["meetings"], d["ranking"])


class ScenarioError(ValueError):
    """A scenario with mistakes: ``errors`` holds ``(json_path, message)``
    pairs, and the message is the crate's readable report of all of them."""

    def __init__(self, message: str, errors: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.errors = [tuple(e) for e in errors]


class InternalError(Exception):
    """detente failed in a way it should not (a panic in the Rust code). The
    objects you hold are unchanged; please report it with the input."""


def _object(text: str) -> dict[str, Any]:
    """A JSON object the extension wrote, typed for callers."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise InternalError(f"detente returned {type(value).__name__} where an object was expected")
    return value


def _float(x: float) -> str:
    # serde_json's shortest round-trip form: positional for 1e-5 <= |x| <
    # 1e16, else an exponent without padding (1e-6, 1e+16); Python's repr
    # agrees except below 1e-4, where it uses a padded exponent earlier.
    r = repr(x)
    if "e" not in r:
        return r
    mantissa, exp = r.split("e")
    e = int(exp)
    if 1e-5 <= abs(x) < 1e-4:
        sign = "-" if mantissa.startswith("-") else ""
        digits = mantissa.lstrip("-").replace(".", "")
        return f"{sign}0.{'0' * (-e - 1)}{digits}"
    return f"{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def canonical_json(value: Any) -> str:
    """The canonical JSON text the crate hashes (``detente::shard::canonical_json``):
    no whitespace, keys sorted by their UTF-8 bytes, raw UTF-8 strings,
    integers in decimal and floats as serde_json writes them."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-8"))
        return "{" + ",".join(
            json.dumps(k, ensure_ascii=False) + ":" + canonical_json(value[k]) for k in keys
        ) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def canonical_sha256(value: Any) -> str:
    """SHA-256 of :func:`canonical_json`, as 64 lower-case hex digits: the
    digest of shard fingerprints, the same from Python as from Rust."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


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
        return _object(self._inner.to_json())

    @property
    def name(self) -> str:
        return self._inner.name

    def fingerprint(self) -> str:
        """SHA-256 of the scenario's canonical JSON, computed by the crate;
        equal to ``canonical_sha256(self.to_dict())``."""
        return self._inner.fingerprint()

    def __repr__(self) -> str:
        return repr(self._inner)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Scenario.from_dict, (self.to_dict(),))


def best_packages(
    scenario: Scenario,
    k: int = 3,
    max_nodes: int | None = None,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """The ``k`` best multilateral packages a mediator could put together at
    the scenario's start: each deal described in words, its parties, every
    government's payoff change by code and the surplus, best first.
    ``optimal`` is false (and ``stopped_by`` says why) when the budget,
    the crate's default unless ``max_nodes`` / ``time_limit`` say
    otherwise, ran out first."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a detente.Scenario, got {type(scenario).__name__}")
    return _object(_detente.best_packages_json(scenario._inner, k, max_nodes, time_limit))


def clear_preflib(
    path: str,
    max_cycle: int = 3,
    max_chain: int = 3,
    max_nodes: int | None = None,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """Clears a PrefLib ``.wmd`` barter-exchange file: the heaviest set of
    vertex-disjoint cycles (at most ``max_cycle`` pairs) and chains (at
    most ``max_chain`` gifts), exact unless ``optimal`` is false (then
    ``stopped_by`` names the budget limit, and ``bound`` is the best the
    search could still prove); vertices numbered from 1 as in the file."""
    return _object(
        _detente.clear_preflib_json(str(path), max_cycle, max_chain, max_nodes, time_limit)
    )


def analyze_conflict(
    path: str, max_nodes: int | None = None, time_limit: float | None = None
) -> dict[str, Any]:
    """Analyses a GMCR conflict file (the crate's layout or GMCR+'s): the
    equilibria of every stability concept, each decision maker's stable
    states (numbered from 1, as GMCR+ numbers them) and, with a status quo,
    the paths to each GMR equilibrium. Budget: a million states and 30
    seconds unless ``max_nodes`` / ``time_limit`` say otherwise; what it
    left out is in ``truncated`` and ``analysed``."""
    return _object(_detente.analyze_conflict_json(str(path), max_nodes, time_limit))


def conflict_inverse(
    path: str,
    state: int,
    concept: str = "nash",
    max_nodes: int | None = None,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """Can ``state`` (numbered from 1, as GMCR+ numbers them) of a GMCR
    conflict file be a ``concept`` equilibrium (nash, gmr, smr, seq, sim,
    seqsim) if each decision maker keeps its ranking of the other states?
    ``answer`` is ``feasible`` (``above``: per decision maker, the states
    ranked above it now and in the witness ranking), ``infeasible``
    (``core``: the moves that cannot all be deterred; ``chains``: the
    clashing required relations) or ``undecided`` (the budget ran out:
    a million nodes and 30 seconds unless told otherwise)."""
    return _object(_detente.conflict_inverse_json(str(path), state, concept, max_nodes, time_limit))


def replay_history(path: str) -> dict[str, Any]:
    """Replays a history case file (dated deals, releases, arrests) against
    the rulebook: per step, whether the deal was legal and individually
    rational, who refused exile, and why a step broke a rule."""
    return _object(_detente.replay_history_json(str(path)))


def explore(
    scenario: Scenario,
    players: tuple[str, str] | None = None,
    depth: int = 3,
    batches: list[int] | tuple[int, ...] = (1, 10, 50),
    mediator: bool = False,
    max_nodes: int | None = None,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """The deal sequences between two governments from the scenario's
    start, as the ``explore`` example reports them: ``frontier`` (payoff
    Pareto frontier), ``nash``, ``freed_vs_relief`` and ``subgame_perfect``,
    each with its deals in words per round (``sequence``), payoffs, people
    freed and relief. ``players`` by code, the first proposing first
    (default: the first pair with something to trade). Budget: a million
    nodes per search and 10 seconds in all unless ``max_nodes`` and
    ``time_limit`` say otherwise; ``truncated`` says whether it cut."""
    return _object(
        _detente.explore_json(
            scenario._inner, players, depth, list(batches), mediator, max_nodes, time_limit
        )
    )


def implied_valuations(path: str) -> list[dict[str, Any]]:
    """What a history case implies about the governments' valuations: per
    model (``model``, the ``question`` it answers), the bounds each step
    puts on the value (``per_step``) and over the whole series
    (``series``), as ``history --json`` reports them."""
    value = json.loads(_detente.implied_valuations_json(path))
    if not isinstance(value, list):
        raise InternalError("implied valuations: expected a list")
    return value


class Calibration:
    """A fit of a scenario's ``calibration`` section (see ``calibrate``).

    ``posterior`` is the crate's posterior as a dict: per parameter
    (``parameters``) its prior, median, 90% interval, width relative to the
    prior and whether it is still a guess; per summary (``summaries``) the
    record and the simulated 5th/50th/95th percentiles; the particles and
    their weights, the effective sample size, the tolerance of each
    generation, and ``truncated`` (which budget limit stopped the fit, or
    ``None``). ``fitted`` is the scenario with the posterior medians written
    in, each with a note of the fit.
    """

    def __init__(self, posterior: dict[str, Any], fitted: dict[str, Any]) -> None:
        self.posterior = posterior
        self.fitted = fitted

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Per parameter: ``name`` (its path), ``prior``, ``median``, ``q05``,
        ``q95``, ``width_ratio`` and ``guess``."""
        value: list[dict[str, Any]] = self.posterior["parameters"]
        return value

    @property
    def summaries(self) -> list[dict[str, Any]]:
        """Per recorded summary: ``name``, ``observed`` and the simulated
        ``q05``, ``q50`` and ``q95``."""
        value: list[dict[str, Any]] = self.posterior["summaries"]
        return value

    @property
    def truncated(self) -> str | None:
        """``"time"``, ``"nodes"`` or ``"memory"`` when a budget limit stopped
        the fit before its last generation, else ``None``."""
        value: str | None = self.posterior.get("truncated")
        return value

    def fitted_scenario(self) -> Scenario:
        """The fitted scenario, loaded and checked."""
        return Scenario.from_dict(self.fitted)

    def __repr__(self) -> str:
        fit = ", ".join(f"{p['name']}={p['median']:.4g}" for p in self.parameters)
        cut = f", truncated by {self.truncated}" if self.truncated else ""
        return f"Calibration({fit}; ESS {self.posterior['ess']:.1f}{cut})"


def calibrate(
    scenario: Scenario | str,
    record_dir: str | None = None,
    particles: int | None = None,
    generations: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
    max_nodes: int | None = None,
    time_limit: float | None = None,
    threads: int | None = None,
) -> Calibration:
    """Fits the parameters a scenario's ``calibration`` section declares to
    the recorded summaries it lists, by ABC-SMC, as the ``calibrate``
    example does. ``scenario`` is a file (its ``record`` is read from the
    file's folder) or a ``Scenario`` (the record from ``record_dir``,
    default the current directory). ``particles``, ``generations``,
    ``runs`` (per particle) and ``seed`` replace the section's ``method``
    where given. Without ``max_nodes`` (particle simulations) or
    ``time_limit`` (seconds) the fit stops after 45 seconds and says so in
    ``truncated``. The numbers are the same for any number of ``threads``;
    Ctrl-C stops the fit with ``KeyboardInterrupt``."""
    if isinstance(scenario, Scenario):
        inner, base = scenario._inner, record_dir or "."
    else:
        path = os.fspath(scenario)
        inner = Scenario.load(path)._inner
        base = record_dir or (os.path.dirname(path) or ".")
    post, fitted = _detente.calibrate_json(
        inner, base, particles, generations, runs, seed, max_nodes, time_limit, threads
    )
    return Calibration(_object(post), _object(fitted))


def load(path: str) -> Scenario:
    """Reads and checks a scenario file: ``Scenario.load(path)``."""
    return Scenario.load(path)


class Table:
    """A table the crate computed, in columns: any Arrow consumer reads it
    without copying through the Arrow PyCapsule interface
    (``pyarrow.table(t)``, ``polars.DataFrame(t)``); ``to_pandas()`` goes
    through pyarrow."""

    __slots__ = ("_inner",)

    def __init__(self, inner: _detente.Table) -> None:
        self._inner = inner

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self._inner.__arrow_c_stream__(requested_schema)

    @property
    def column_names(self) -> list[str]:
        return self._inner.column_names

    def to_pyarrow(self) -> Any:
        """The table as a ``pyarrow.Table`` (needs pyarrow)."""
        try:
            import pyarrow
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Table.to_pyarrow and to_pandas need pyarrow: pip install pyarrow") from e
        return pyarrow.table(self)

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame`` (needs pyarrow and pandas);
        a run without a deal has ``first_deal_round`` missing (NaN)."""
        return self.to_pyarrow().to_pandas()

    def __len__(self) -> int:
        return len(self._inner)

    def __repr__(self) -> str:
        return repr(self._inner)


class Results:
    """An experiment's aggregates over its runs and, if it kept them, each
    run's summary. Shards of one experiment merge exactly
    (``a.merged(b)``); results pickle, kept runs included."""

    __slots__ = ("_inner",)

    def __init__(self, inner: _detente.Results) -> None:
        self._inner = inner

    def summary(self) -> dict[str, Any]:
        """Headline numbers: freed, arrested, held at the end (mean and
        percentiles), deals, relief, payoffs."""
        return _object(self._inner.summary_json())

    def to_dict(self) -> dict[str, Any]:
        """Everything the experiment aggregated, as the crate writes it."""
        return _object(self._inner.to_json())

    def merged(self, other: "Results") -> "Results":
        """These results and ``other``'s (another shard of the same
        experiment) together, exactly as if run together; kept runs merge
        in run order (both sides must have kept them, or neither)."""
        return Results(self._inner.merged(other._inner))

    def runs(self) -> Table:
        """One row per run: ``run``, ``first_deal_round`` (null without a
        deal), the counts (deals, freed by cause, arrests, stock at the
        end, refusals...) and ``payoff_<government>``. Only for an
        experiment run with ``keep_runs=True``."""
        return Table(self._inner.runs_table())

    def per_round(self) -> Table:
        """One row per round (row 0 is the start): the prisoner stock's mean
        and 5/50/95% quantiles, and mean deals, freed in deals and arrests
        per run."""
        return Table(self._inner.rounds_table())

    def plots(self, directory: str) -> list[str]:
        """Writes the experiment's figures as SVG files into ``directory``
        and returns their paths."""
        return self._inner.plots(directory)

    def write_report(self, path: str) -> None:
        """Writes the one-file HTML report: summary, key numbers, figures."""
        self._inner.write_report(path)

    @property
    def kept_runs(self) -> bool:
        """Whether each run's summary was kept (``keep_runs=True``)."""
        return self._inner.kept_runs

    @property
    def n_runs(self) -> int:
        """How many runs the results cover."""
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
        return (_results_from_json, (self._inner.to_json(), self._inner.runs_json()))


def _results_from_json(text: str, runs: str | None = None) -> Results:
    return Results(_detente.Results.from_json(text, runs))


def sweep(
    scenario: Scenario,
    axes: dict[str, list[Any]],
    runs_per_point: int = 1_000,
    rounds: int | None = None,
    seed: int = 2025,
    threads: int | None = None,
    shard: tuple[int, int] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> list[tuple[dict[str, Any], Results]]:
    """The crate's sweep: every combination of ``axes`` (scenario paths such
    as ``"dynamics.holders[0].arrest_rate"`` to their values, the last axis
    varying fastest), ``runs_per_point`` runs each, as ``simulate --sweep``
    runs it (the same numbers for any ``threads``). With ``shard=(k, n)``
    only the ``k``-th of ``n`` blocks of the jobs (point x run) runs; merge
    each point's ``Results`` across shards with ``merged``. Between chunks
    of jobs it calls ``progress(done, total)`` if given and answers Ctrl-C.
    Returns each point's settings and results, in grid order."""
    axes_json = json.dumps([{"path": p, "values": list(v)} for p, v in axes.items()])
    points = _detente.sweep(
        scenario._inner, axes_json, runs_per_point, rounds, seed, threads, shard, progress
    )
    return [(_object(settings), Results(r)) for settings, r in points]


def compare(
    scenario: Scenario,
    variants: list[dict[str, Any]],
    runs: int = 1_000,
    rounds: int | None = None,
    seed: int = 2025,
    threads: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> list[dict[str, Any]]:
    """Counterfactuals with common random numbers, as ``simulate --compare``
    runs them: each variant (scenario paths to values, e.g.
    ``{"dynamics.holders[0].elasticity": 0.0}``) against the baseline, run
    ``i`` of every arm on the same random stream. Per variant, its
    ``variant`` label and per outcome (``outcomes``) the mean, quantiles and
    Monte Carlo standard error of the per-run difference variant -
    baseline, with both arms' means. Between chunks of runs it calls
    ``progress(done, total)`` if given and answers Ctrl-C."""
    value = json.loads(
        _detente.compare_json(
            scenario._inner, json.dumps(variants), runs, rounds, seed, threads, progress
        )
    )
    if not isinstance(value, list):
        raise InternalError("compare: expected a list")
    return value


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
        keep_runs: bool = False,
        shard: tuple[int, int] | None = None,
    ) -> Results:
        """Runs ``runs`` runs of ``rounds`` rounds (default: the scenario's)
        from ``seed``; the same numbers for any ``threads``. Between chunks
        of 2,048 runs it calls ``progress(done, total)`` (a tqdm bar's
        ``update`` fits with a small adapter) and answers Ctrl-C with
        ``KeyboardInterrupt``. With ``keep_runs=True`` each run's summary is
        kept for ``Results.runs()``: 72 bytes per run plus 8 per government
        (and the rows of one chunk in flight), refused before running if that
        would exceed the crate's memory budget (``Limits.memory_budget``). With ``shard=(k, n)`` it runs
        only the ``k``-th (from 0) of ``n`` consecutive blocks of the runs:
        the shards' results merge (``a.merged(b)``) into exactly the whole
        experiment's, kept runs included."""
        return Results(
            self._inner.experiment(runs, rounds, seed, threads, progress, keep_runs, shard)
        )

    def __repr__(self) -> str:
        return repr(self._inner)
