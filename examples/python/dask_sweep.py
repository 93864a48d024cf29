"""A sharded sweep on Dask: the crate's sweep of a scenario (by default the
Belarus experiment at several arrest rates), its jobs (point x run) split
into shards that run as Dask tasks anywhere on a cluster, each point's
shards merged exactly with the crate's merge.

    python examples/python/dask_sweep.py --axis 'dynamics.holders[0].arrest_rate=10,20,40' --shards 4
    python examples/python/dask_sweep.py --scheduler tcp://host:8786   # a real cluster

The numbers are those of ``simulate --sweep`` (point ``p``'s run ``i`` has
its own seeded stream), whatever the number of shards or workers. Without
``--scheduler`` it starts a ``dask.distributed.LocalCluster`` on this
machine. ``--check`` also runs the sweep unsharded here and verifies that the
merged results equal it bit for bit (the shards' aggregates are exact counts
and sums, so the order they finish in does not matter). Needs ``detente`` on
every worker, and ``dask[distributed]`` and pandas.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from dask.distributed import Client, LocalCluster

import detente

HERE = Path(__file__).resolve().parent
BELARUS = HERE.parent / "scenarios" / "belarus_2025.json"
DEFAULT_AXIS = "dynamics.holders[0].arrest_rate=10,20,40"

Axes = dict[str, list[Any]]
Points = list[tuple[dict[str, Any], detente.Results]]


def parse_axis(text: str) -> tuple[str, list[Any]]:
    """``PATH=V1,V2,...`` as the path and its values (numbers where they
    parse as numbers, else strings)."""
    path, sep, values = text.partition("=")
    if not sep or not path or not values:
        raise ValueError(f"expected PATH=V1,V2,..., found {text!r}")

    def value(v: str) -> Any:
        for kind in (int, float):
            try:
                return kind(v)
            except ValueError:
                pass
        return v

    return path, [value(v) for v in values.split(",")]


def run_shard(
    scenario: dict[str, Any], axes: Axes, runs: int, rounds: int | None, seed: int,
    shard: tuple[int, int],
) -> Points:
    """One Dask task: shard ``shard`` of the sweep's jobs, on one thread (the
    cluster spreads the shards; results pickle back to the client)."""
    s = detente.Scenario.from_dict(scenario)
    return detente.sweep(s, axes, runs_per_point=runs, rounds=rounds, seed=seed, threads=1,
                         shard=shard)


def sweep(
    client: Client,
    scenario: dict[str, Any],
    axes: Axes,
    runs: int,
    rounds: int | None,
    seed: int,
    shards: int,
) -> Points:
    """Every point's settings and merged results, in grid order."""
    futures = [
        client.submit(run_shard, scenario, axes, runs, rounds, seed, (k, shards), pure=False)
        for k in range(shards)
    ]
    # dask.distributed has no type hints.
    parts: list[Points] = client.gather(futures)  # type: ignore[no-untyped-call]
    merged = parts[0]
    for part in parts[1:]:
        merged = [(settings, r.merged(p)) for (settings, r), (_, p) in zip(merged, part)]
    return merged


def table(points: Points) -> pd.DataFrame:
    rows = []
    for settings, r in points:
        s = r.summary()
        rows.append({
            **settings,
            "runs": r.n_runs,
            "deals": s["deals"]["mean"],
            "freed_by_deal": s["freed_by_deal"]["mean"],
            "arrested": s["arrested"]["mean"],
            "held_at_end_p50": s["held_at_end"]["p50"],
        })
    return pd.DataFrame(rows)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Run a scenario's sweep as sharded Dask tasks.")
    p.add_argument("--scenario", type=Path, default=BELARUS, help="scenario file (default: Belarus 2025)")
    p.add_argument("--axis", action="append", default=None, metavar="PATH=V1,V2,...",
                   help=f"a sweep axis; repeat for a grid (default {DEFAULT_AXIS})")
    p.add_argument("--runs", type=int, default=20_000, help="runs per point (default 20000)")
    p.add_argument("--rounds", type=int, default=None, help="rounds per run (default: the scenario's)")
    p.add_argument("--seed", type=int, default=2025, help="seed (default 2025)")
    p.add_argument("--shards", type=int, default=4, help="shards of the sweep's jobs (default 4)")
    p.add_argument("--scheduler", default=None,
                   help="address of a Dask scheduler (default: a LocalCluster here)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    p.add_argument("--check", action="store_true",
                   help="also run the sweep unsharded here and require equality")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        axes = dict(parse_axis(a) for a in (args.axis or [DEFAULT_AXIS]))
    except ValueError as e:
        print(f"--axis: {e}", file=sys.stderr)
        return 2
    if args.runs < 1 or args.shards < 1 or args.workers < 1:
        print("--runs, --shards and --workers: expected at least 1", file=sys.stderr)
        return 2
    try:
        scenario = detente.load(str(args.scenario))
        # A bad path or value fails here, before any worker starts.
        detente.sweep(scenario, axes, runs_per_point=1, rounds=args.rounds)
    except (OSError, ValueError) as e:
        print(f"{args.scenario}: {e}", file=sys.stderr)
        return 1

    cluster = None
    if args.scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=args.workers, threads_per_worker=1, dashboard_address=None
        )
    with Client(args.scheduler or cluster) as client:  # type: ignore[no-untyped-call]
        points = sweep(client, scenario.to_dict(), axes, args.runs, args.rounds, args.seed,
                       args.shards)
    if cluster is not None:
        cluster.close()
    print(table(points).to_string(index=False))
    if args.check:
        whole = detente.sweep(scenario, axes, runs_per_point=args.runs, rounds=args.rounds,
                              seed=args.seed)
        for (settings, merged), (_, alone) in zip(points, whole):
            if merged != alone:
                print(f"{settings}: the merged shards differ from the unsharded sweep", file=sys.stderr)
                return 1
        print(f"checked: the {args.shards} merged shards equal the unsharded sweep at every point")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
