"""A sharded sweep on Dask: the Belarus experiment at several arrest rates,
each point's runs split into shards that run as Dask tasks anywhere on a
cluster, merged exactly with the crate's shard merge.

    python examples/python/dask_sweep.py --rates 10,20,40 --runs 20000 --shards 4
    python examples/python/dask_sweep.py --scheduler tcp://host:8786   # a real cluster

Without ``--scheduler`` it starts a ``dask.distributed.LocalCluster`` on this
machine. ``--check`` also runs every point unsharded here and verifies the
merged results equal it exactly (bit for bit: the shards' aggregates are
exact counts and sums, so the order they finish in does not matter).
Needs ``detente`` on every worker, and ``dask[distributed]`` and pandas.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from dask.distributed import Client, LocalCluster

import detente

HERE = Path(__file__).resolve().parent
BELARUS = HERE.parent / "scenarios" / "belarus_2025.json"


def with_arrest_rate(scenario: dict[str, Any], holder: str, rate: float) -> dict[str, Any]:
    """The scenario with ``holder``'s arrest rate set to ``rate``."""
    d = copy.deepcopy(scenario)
    holders = d.get("dynamics", {}).get("holders", [])
    matches = [h for h in holders if h.get("id") == holder]
    if not matches:
        raise ValueError(f"no dynamics.holders entry for {holder!r}")
    for h in matches:
        h["arrest_rate"] = rate
    return d


def run_shard(
    scenario: dict[str, Any], runs: int, rounds: int | None, seed: int, shard: tuple[int, int]
) -> detente.Results:
    """One Dask task: shard ``shard`` of one point's experiment, on one
    thread (the cluster spreads the shards; results pickle to the client)."""
    sim = detente.Simulation(detente.Scenario.from_dict(scenario))
    return sim.experiment(runs=runs, rounds=rounds, seed=seed, threads=1, shard=shard)


def sweep(
    client: Client,
    scenario: dict[str, Any],
    holder: str,
    rates: list[float],
    runs: int,
    rounds: int | None,
    seed: int,
    shards: int,
) -> dict[float, detente.Results]:
    """Every point's merged results, by arrest rate."""
    futures = {
        rate: [
            client.submit(run_shard, with_arrest_rate(scenario, holder, rate), runs, rounds, seed,
                          (k, shards), pure=False)
            for k in range(shards)
        ]
        for rate in rates
    }
    merged = {}
    for rate, fs in futures.items():
        # dask.distributed has no type hints.
        parts = client.gather(fs)  # type: ignore[no-untyped-call]
        total = parts[0]
        for p in parts[1:]:
            total = total.merged(p)
        merged[rate] = total
    return merged


def table(results: dict[float, detente.Results]) -> pd.DataFrame:
    rows = []
    for rate, r in results.items():
        s = r.summary()
        rows.append({
            "arrest_rate": rate,
            "runs": r.n_runs,
            "deals": s["deals"]["mean"],
            "freed_by_deal": s["freed_by_deal"]["mean"],
            "arrested": s["arrested"]["mean"],
            "held_at_end_p50": s["held_at_end"]["p50"],
        })
    return pd.DataFrame(rows)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Sweep arrest rates of the Belarus experiment on Dask.")
    p.add_argument("--scenario", type=Path, default=BELARUS, help="scenario file (default: Belarus 2025)")
    p.add_argument("--holder", default="BLR", help="the government whose arrest rate varies (default BLR)")
    p.add_argument("--rates", default="10,20,40", help="arrest rates per round, comma-separated")
    p.add_argument("--runs", type=int, default=20_000, help="runs per point (default 20000)")
    p.add_argument("--rounds", type=int, default=None, help="rounds per run (default: the scenario's)")
    p.add_argument("--seed", type=int, default=2025, help="seed (default 2025)")
    p.add_argument("--shards", type=int, default=4, help="shards per point (default 4)")
    p.add_argument("--scheduler", default=None,
                   help="address of a Dask scheduler (default: a LocalCluster here)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    p.add_argument("--check", action="store_true",
                   help="also run every point unsharded here and require equality")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        rates = [float(x) for x in args.rates.split(",")]
    except ValueError:
        print(f"--rates: expected numbers separated by commas, found {args.rates!r}", file=sys.stderr)
        return 2
    if args.runs < 1 or args.shards < 1 or args.shards > args.runs or args.workers < 1:
        print("--runs, --shards and --workers: expected 1 <= shards <= runs, workers >= 1", file=sys.stderr)
        return 2
    try:
        scenario = detente.load(str(args.scenario)).to_dict()
        for rate in rates:
            detente.Scenario.from_dict(with_arrest_rate(scenario, args.holder, rate))
    except (OSError, ValueError) as e:
        print(f"{args.scenario}: {e}", file=sys.stderr)
        return 1

    cluster = None
    if args.scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=args.workers, threads_per_worker=1, dashboard_address=None
        )
    with Client(args.scheduler or cluster) as client:  # type: ignore[no-untyped-call]
        results = sweep(client, scenario, args.holder, rates, args.runs, args.rounds, args.seed,
                        args.shards)
    if cluster is not None:
        cluster.close()
    print(table(results).to_string(index=False))
    if args.check:
        for rate, r in results.items():
            point = detente.Scenario.from_dict(with_arrest_rate(scenario, args.holder, rate))
            whole = detente.Simulation(point).experiment(runs=args.runs, rounds=args.rounds, seed=args.seed)
            if whole != r:
                print(f"arrest rate {rate}: the merged shards differ from the unsharded run", file=sys.stderr)
                return 1
        print(f"checked: every point's {args.shards} merged shards equal its unsharded run")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
