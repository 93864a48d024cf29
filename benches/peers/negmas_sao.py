#!/usr/bin/env python3
"""The NegMAS side of detente's negotiation benchmark.

detente's `peer_negmas` example negotiates the same instances with its own
`Sao` protocol and `TimeBased` strategies; this script runs them through
NegMAS 0.16.0 so the two can be compared on one machine, one after the
other. The instance generator is the one in `detente::negotiate::domains`
(`negmas_tables`), so both sides see bit-identical utilities:

* SplitMix64 seeded `seed + issues * 1_000_000 + k`; for every issue, ten
  values for party A drawn in [0, 1); party B values each outcome of an
  issue at `1 - A's value` (opposed issues); then A's and B's issue weights,
  each divided by its own sum (integrative potential);
* reservation value 0 for both, no discounting;
* Boulware (exponent 4) as A, proposing first, against Conceder (exponent
  0.25), 100 steps, NegMAS's `SAOMechanism` defaults.

Benchmarks:
  a  3 issues (1,000 outcomes), instances k = 0 .. n_small - 1
  b  5 issues (100,000 outcomes), instances k = 0 .. n_large - 1
  c  for 3, 4 and 5 issues, instance 0: NegMAS's Pareto frontier and Nash
     point over the whole outcome space (skipped with --skip-analysis)

The last line of stdout is one JSON object; `peer_negmas --negmas FILE`
reads it (keys `a_sao_3x10` and `b_sao_5x10`: `negotiations_per_s`,
`mean_rounds_to_agreement`, `check_first5`). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time

U64 = (1 << 64) - 1


def splitmix64(seed: int):
    """Yields uniform floats in [0, 1) with 53 random bits, as detente's SplitMix64."""
    state = seed & U64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & U64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & U64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & U64
        yield ((z ^ (z >> 31)) >> 11) / float(1 << 53)


def instance_tables(issues: int, seed: int, k: int):
    """Value tables and weights of instance k, drawn in detente's order."""
    draw = splitmix64(seed + issues * 1_000_000 + k)
    values_a = [[next(draw) for _ in range(10)] for _ in range(issues)]
    values_b = [[1.0 - v for v in row] for row in values_a]
    weights_a = [next(draw) for _ in range(issues)]
    weights_b = [next(draw) for _ in range(issues)]
    total_a, total_b = sum(weights_a), sum(weights_b)
    return (
        values_a,
        values_b,
        [w / total_a for w in weights_a],
        [w / total_b for w in weights_b],
    )


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


class Peer:
    """NegMAS objects for one instance size, built once and reused."""

    def __init__(self, issues: int, seed: int, steps: int):
        from negmas import make_issue, make_os

        self.issues_n = issues
        self.seed = seed
        self.steps = steps
        self.issues = [make_issue(10, name=f"i{i}") for i in range(issues)]
        self.space = make_os(self.issues)

    def utilities(self, k: int):
        from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

        va, vb, wa, wb = instance_tables(self.issues_n, self.seed, k)

        def utility(values, weights):
            return LinearAdditiveUtilityFunction(
                values=[TableFun(dict(enumerate(row))) for row in values],
                weights=weights,
                outcome_space=self.space,
                reserved_value=0.0,
            )

        return utility(va, wa), utility(vb, wb)

    def negotiate(self, k: int) -> dict:
        from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

        ua, ub = self.utilities(k)
        mechanism = SAOMechanism(outcome_space=self.space, n_steps=self.steps)
        mechanism.add(BoulwareTBNegotiator(name="A"), ufun=ua)
        mechanism.add(ConcederTBNegotiator(name="B"), ufun=ub)
        state = mechanism.run()
        agreement = state.agreement
        return {
            "k": k,
            "rounds": int(state.step),
            "agreement": list(agreement) if agreement is not None else None,
            "uA": float(ua(agreement)) if agreement is not None else None,
            "uB": float(ub(agreement)) if agreement is not None else None,
        }


def negotiations(peer: Peer, count: int, warmup: int) -> dict:
    for w in range(warmup):  # instances far from the measured ones
        peer.negotiate(900_000 + w)
    log(f"{count} negotiations over {10 ** peer.issues_n} outcomes ...")
    start = time.perf_counter()
    records = [peer.negotiate(k) for k in range(count)]
    wall = time.perf_counter() - start
    agreed = [r for r in records if r["agreement"] is not None]
    return {
        "n_issues": peer.issues_n,
        "n_outcomes": 10**peer.issues_n,
        "n_negotiations": count,
        "wall_s": wall,
        "negotiations_per_s": count / wall if wall > 0 else None,
        "agreement_rate": len(agreed) / count if count else None,
        "mean_rounds_to_agreement": statistics.fmean(r["rounds"] for r in agreed)
        if agreed
        else None,
        "check_first5": records[:5],
    }


def analysis(peer: Peer, repetitions: int) -> dict:
    from negmas.preferences import nash_points, pareto_frontier

    ua, ub = peer.utilities(0)
    times, frontier, nash = [], [], []
    for _ in range(repetitions):
        start = time.perf_counter()
        frontier, _ = pareto_frontier([ua, ub], issues=peer.issues)
        nash = nash_points([ua, ub], frontier, outcome_space=peer.space)
        times.append(time.perf_counter() - start)
    return {
        "n_issues": peer.issues_n,
        "n_outcomes": 10**peer.issues_n,
        "frontier_size": len(frontier),
        "nash_point": [float(x) for x in nash[0][0]] if nash else None,
        "frontier_and_nash_ms": {
            "min": 1e3 * min(times),
            "median": 1e3 * statistics.median(times),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--n-small", type=int, default=200, help="instances of benchmark a")
    parser.add_argument("--n-large", type=int, default=20, help="instances of benchmark b")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repetitions", type=int, default=3, help="of benchmark c")
    parser.add_argument("--skip-analysis", action="store_true")
    args = parser.parse_args()

    import negmas

    negmas.seed_all(args.seed)
    result = {
        "tool": "negmas",
        "negmas_version": negmas.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "seed": args.seed,
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    result["a_sao_3x10"] = negotiations(Peer(3, args.seed, args.steps), args.n_small, args.warmup)
    result["b_sao_5x10"] = negotiations(Peer(5, args.seed, args.steps), args.n_large, args.warmup)
    if not args.skip_analysis:
        result["c_analysis"] = [
            analysis(Peer(n, args.seed, args.steps), args.repetitions) for n in (3, 4, 5)
        ]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
