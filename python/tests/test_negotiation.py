"""Strategies written in Python against the crate's: the same rule reaches
the same agreements as the Rust strategy (and as NegMAS, recorded), in
tournaments the result does not depend on threads, and a strategy's
mistakes come back as Python exceptions."""

import importlib.util
import itertools
import json
import random
from pathlib import Path

import pytest

import detente

ROOT = Path(__file__).resolve().parents[2]


def example():
    spec = importlib.util.spec_from_file_location(
        "strategy_tournament", ROOT / "examples" / "python" / "strategy_tournament.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RECORDED = json.loads((ROOT / "tests" / "data" / "negmas_sao_agreements.json").read_text())


@pytest.mark.parametrize("bench,n_issues", [("a_sao_3x10", 3), ("b_sao_5x10", 5)])
def test_a_python_time_based_strategy_reaches_negmas_recorded_agreements(bench, n_issues):
    """NegMAS 0.16's Boulware vs Conceder on the benchmark instances, as
    recorded by running NegMAS: the Python rule reaches each agreement in
    the same step, in either seat, and so does the crate's own boulware."""
    TimeBased = example().TimeBased
    for k, rounds, agreement in RECORDED[bench]:
        d = detente.Domain.negmas(n_issues, 42, k)
        py_first = detente.negotiate(d, TimeBased(4.0), "conceder")
        py_both = detente.negotiate(d, TimeBased(4.0), TimeBased(0.25, "py-conceder"))
        rust = detente.negotiate(d, "boulware", "conceder")
        assert (py_first.values, py_first.steps) == (agreement, rounds), (bench, k)
        assert py_both == py_first == rust, (bench, k)


def test_the_view_reports_the_clock_history_and_utilities():
    seen = []

    class Recorder(detente.Strategy):
        name = "recorder"

        def propose(self, view):
            seen.append((view.step, view.round, view.last_offer, view.history(), view.relative_time))
            return view.best()[0]

        def respond(self, view, offer):
            assert view.last_offer == offer
            assert view.utility(offer) <= view.best()[1]
            assert len(view.values(offer)) == 3
            return detente.REJECT

    d = detente.Domain.negmas(3, 42, 1)
    r = detente.negotiate(d, Recorder(), "hardliner", n_steps=5)
    assert r.agreement is None and r.timed_out and r.steps == 5
    assert [s[0] for s in seen] == [0, 1, 2, 3, 4]
    best = d.utility(0, seen[0][3][0][2]) if seen[0][3] else None
    assert best is None  # nothing offered before the first proposal
    step, rounds, last, history, t = seen[2]
    assert rounds == len(history) == 4 and history[0][:2] == (0, 0) and history[1][:2] == (0, 1)
    assert last == history[-1][2] and t == pytest.approx(3 / 6)


def test_tournaments_with_python_strategies_ignore_the_thread_count():
    TimeBased = example().TimeBased

    class Coin(detente.Strategy):
        name = "py-coin"

        def __init__(self, seed):
            self.rng = random.Random(seed)

        def propose(self, view):
            return self.rng.randrange(view.n_outcomes)

        def respond(self, view, offer):
            return detente.ACCEPT if self.rng.random() < 0.1 else detente.REJECT

    entrants = [("py-coin", Coin), ("py-boulware", lambda seed: TimeBased()), "boulware", "random"]
    domains = detente.Domain.builtin()
    one = detente.tournament(entrants, domains, repetitions=2, n_steps=40, seed=9, threads=1)
    two = detente.tournament(entrants, domains, repetitions=2, n_steps=40, seed=9, threads=2)
    assert one == two
    # Every ordered pair of distinct entrants, in both utility profiles.
    assert len(one.meetings) == 4 * 3 * 2 * len(domains) * 2
    other = detente.tournament(entrants, domains, repetitions=2, n_steps=40, seed=10, threads=2)
    assert other.meetings != one.meetings  # the seed reaches the Python strategies
    assert [r["entrant"] for r in one.ranking] != []


def test_a_python_strategy_negotiates_over_a_scenario_deal_space():
    TimeBased = example().TimeBased
    domains = detente.Domain.from_scenario(detente.load(str(ROOT / "examples" / "scenarios" / "toy_bilateral.json")))
    assert domains and all(d.n_outcomes > 1 for d in domains)
    d = domains[0]
    assert [name for name, _ in d.issues][0] == "release"
    assert detente.negotiate(d, TimeBased(), "conceder") == detente.negotiate(d, "boulware", "conceder")


def test_strategy_mistakes_are_python_exceptions():
    d = detente.Domain.negmas(3, 42, 0)

    class Raises(detente.Strategy):
        def propose(self, view):
            raise RuntimeError("no idea")

        def respond(self, view, offer):
            return detente.REJECT

    class OutOfRange(Raises):
        def propose(self, view):
            return view.n_outcomes

    class BadAnswer(Raises):
        def propose(self, view):
            return 0

        def respond(self, view, offer):
            return "maybe"

    with pytest.raises(RuntimeError, match="no idea"):
        detente.negotiate(d, Raises(), "conceder")
    with pytest.raises(ValueError, match="outside the space of 1000 outcomes"):
        detente.negotiate(d, OutOfRange(), "conceder")
    with pytest.raises(ValueError, match='respond returned "maybe"'):
        detente.negotiate(d, "conceder", BadAnswer())
    with pytest.raises(ValueError, match='no shipped strategy is called "oracle"'):
        detente.negotiate(d, "oracle", "conceder")
    with pytest.raises(TypeError, match="propose and respond"):
        detente.negotiate(d, 42, "conceder")

    def broken_factory(seed):
        raise KeyError("factory")

    with pytest.raises(KeyError):
        detente.tournament([("bad", broken_factory), "boulware"], [d], n_steps=10)
    with pytest.raises(TypeError, match="name, factory"):
        detente.tournament([Raises(), "boulware"], [d], n_steps=10)
    with pytest.raises(ValueError, match="n_issues"):
        detente.Domain.negmas(0, 42, 0)


def test_a_domain_from_tables_negotiates_as_the_domain_it_copies():
    original = detente.Domain.negmas(3, 7, 1)
    n = original.n_outcomes
    copy = detente.Domain.from_tables(
        "copy",
        original.issues,
        [[original.utility(p, o) for o in range(n)] for p in (0, 1)],
        reserved=(original.reserved_value(0), original.reserved_value(1)),
    )
    assert copy.n_outcomes == n and copy.issues == original.issues
    for a, b in [("boulware", "conceder"), ("linear", "tit-for-tat"), ("conceder", "hardliner")]:
        assert detente.negotiate(copy, a, b, n_steps=100) == detente.negotiate(original, a, b, n_steps=100)


def test_domain_tables_count_outcomes_with_the_last_issue_fastest():
    d = detente.Domain.from_tables(
        "grid", [("x", ["a", "b", "c"]), ("y", ["p", "q"])], [list(range(6)), [0.0] * 6]
    )
    for o, (x, y) in enumerate(itertools.product(range(3), range(2))):
        assert d.encode([x, y]) == o and d.utility(0, o) == o


def test_domain_tables_refuse_what_no_utility_can_be():
    issues = [("x", ["0", "1"])]
    for utilities, message in [
        ([[0.0], [0.0, 1.0]], "utilities\\[0\\]: 1 values for 2 outcomes"),
        ([[0.0, float("nan")], [0.0, 1.0]], "utilities\\[0\\]"),
    ]:
        with pytest.raises(ValueError, match=message):
            detente.Domain.from_tables("bad", issues, utilities)
    with pytest.raises(ValueError, match="discount"):
        detente.Domain.from_tables("bad", issues, [[0.0, 1.0]] * 2, discounts=(1.0, 0.0))


# Issue 0: party 0 releases a prisoner (1) or not; issue 1: party 1 lifts a
# sanction (1) or not. Each wants the other's concession and dislikes its
# own; both conceding is worth 0.5 to each, nothing 0.
SWAP = detente.Domain.from_tables(
    "swap",
    [("release", ["no", "yes"]), ("lift", ["no", "yes"])],
    [[0.0, 1.0, -0.5, 0.5], [0.0, -0.5, 1.0, 0.5]],
)
BOTH = SWAP.encode([1, 1])


def test_a_mediated_exchange_carries_out_what_was_agreed():
    r = detente.exchange(SWAP, "linear", "linear", owners=[0, 1], n_steps=20)
    assert r.agreement == BOTH and r.executed == BOTH and r.defector is None


def test_a_sequential_exchange_loses_the_defectors_concession():
    sure = detente.exchange(SWAP, "linear", "linear", owners=[0, 1], sequential=(0, 1.0), n_steps=20)
    # Party 0 released first; party 1 never lifted.
    assert sure.agreement == BOTH and sure.defector == 1
    assert sure.executed == SWAP.encode([1, 0])
    never = detente.exchange(SWAP, "linear", "linear", owners=[0, 1], sequential=(0, 0.0), n_steps=20)
    assert never.executed == BOTH and never.defector is None
    # Half the time, over seeds.
    defected = sum(
        detente.exchange(SWAP, "linear", "linear", owners=[0, 1], sequential=(1, 0.5), seed=s).defector == 0
        for s in range(400)
    )
    assert 160 < defected < 240


def test_a_python_strategy_plays_the_exchange():
    class Stubborn(detente.Strategy):
        def propose(self, view):
            return view.best()[0]

        def respond(self, view, offer):
            return detente.REJECT

    r = detente.exchange(SWAP, Stubborn(), "linear", owners=[0, 1], n_steps=10)
    assert r.agreement is None and r.executed is None and r.steps == 10
    with pytest.raises(ValueError, match="owners"):
        detente.exchange(SWAP, "linear", "linear", owners=[0, 2])
    with pytest.raises(ValueError, match="p_defect"):
        detente.exchange(SWAP, "linear", "linear", owners=[0, 1], sequential=(0, 1.5))


def test_tournament_progress_counts_every_meeting():
    seen = []
    t = detente.tournament(["boulware", "conceder", "linear"], detente.Domain.builtin(),
                           repetitions=50, n_steps=100,
                           progress=lambda done, total: seen.append((done, total)))
    total = len(t.meetings)
    assert seen and seen[-1] == (total, total)
    assert all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(set(d for d, _ in seen))
