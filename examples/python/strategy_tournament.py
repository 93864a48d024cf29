"""A negotiation strategy written in Python, in a tournament against the
shipped Rust strategies.

    python examples/python/strategy_tournament.py --repetitions 2 --threads 2

``TimeBased`` below is NegMAS's time-based concession (Boulware for an
exponent above 1, conceder below): at relative time t it asks for the
outcome nearest above ``umin + (umax - umin) * (1 - t**e)`` and accepts
anything at least as good. It decides in Python through the view's public
queries only (its own utility, best, worst, nearest_from_above), so on
NegMAS's benchmark instances it reaches exactly the agreements of the
crate's own ``boulware`` (and of NegMAS's). ``Jittery`` shows a strategy
that draws: its generator comes from the seed the tournament gives each
negotiation, so results are the same on any number of threads.
"""

from __future__ import annotations

import argparse
import random
import sys

import detente

#: As NegMAS's ``scale_utilities``: aim a hair below the target utility.
SCALE_EPS = 1e-4


class TimeBased(detente.Strategy):
    """Concede from the best outcome to the worst acceptable one as
    ``1 - t**exponent`` falls from 1 to 0."""

    def __init__(self, exponent: float = 4.0, name: str = "py-boulware") -> None:
        self.exponent = exponent
        self.name = name
        self.umin = 0.0
        self.umax = 0.0

    def init(self, view: detente.View) -> None:
        self.umin = max(view.worst()[1], view.reserved_value)
        self.umax = view.best()[1]

    def threshold(self, view: detente.View) -> float:
        aspiration: float = 1.0 - view.relative_time**self.exponent
        x = (self.umax - self.umin) * aspiration + self.umin - SCALE_EPS
        return max(self.umin, min(self.umax, x))

    def propose(self, view: detente.View) -> int:
        return view.nearest_from_above(self.threshold(view))[0]

    def respond(self, view: detente.View, offer: int) -> str | int:
        u = view.utility(offer)
        return detente.ACCEPT if self.threshold(view) <= u <= self.umax else detente.REJECT


class Jittery(TimeBased):
    """A time-based strategy whose exponent is drawn per negotiation."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        super().__init__(exponent=rng.uniform(0.5, 6.0), name="py-jittery")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="A Python strategy in a tournament against the shipped Rust strategies."
    )
    p.add_argument("--repetitions", type=int, default=1, help="meetings per pairing and domain (default 1)")
    p.add_argument("--steps", type=int, default=100, help="deadline in protocol steps (default 100)")
    p.add_argument("--seed", type=int, default=2025, help="tournament seed (default 2025)")
    p.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.repetitions < 1 or args.steps < 1 or (args.threads is not None and args.threads < 1):
        print("--repetitions, --steps and --threads: expected at least 1", file=sys.stderr)
        return 2
    # %% The same rule in Python and in Rust, on NegMAS's instance k = 0.
    domain = detente.Domain.negmas(3, 42, 0)
    mine = detente.negotiate(domain, TimeBased(), "conceder")
    theirs = detente.negotiate(domain, "boulware", "conceder")
    print(f"{domain.name}: py-boulware agrees on {mine.values} in {mine.steps} steps; "
          f"boulware on {theirs.values} in {theirs.steps}")

    # %% A tournament: Python entrants are (name, factory) pairs.
    entrants: list[detente.Entrant] = [
        ("py-boulware", lambda seed: TimeBased()),
        ("py-jittery", Jittery),
        "boulware", "conceder", "linear", "tit-for-tat",
    ]
    result = detente.tournament(entrants, detente.Domain.builtin(), repetitions=args.repetitions,
                                n_steps=args.steps, seed=args.seed, threads=args.threads)
    print(f"{len(result.meetings)} meetings on {', '.join(result.domains)}")
    print(f"{'rank':>4}  {'entrant':<12} {'score':>6}  {'agreed':>6}")
    for row in result.ranking:
        print(f"{row['rank']:>4}  {row['entrant']:<12} {row['score']['mean']:>6.3f}  "
              f"{row['agreement_rate']['mean']:>6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
