"""The Belarus experiment from Python, notebook style: each ``# %%`` cell
runs on its own in Jupyter or VS Code, and the file runs as a script.

    python examples/python/belarus_2025.py --runs 10000 --out belarus_stock.png

It runs the shipped Belarus 2025 scenario with every run's summary kept,
looks at the runs with pandas, and draws the prisoner stock's 90% band and
median by month beside Viasna's counts of 2025 (from the scenario's record
series). Needs the package ``detente`` (see the README's "From Python"),
pandas, pyarrow and matplotlib.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # a file, not a window: the script runs headless too
import matplotlib.pyplot as plt
import pandas as pd

import detente

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE.parent / "scenarios"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Run the Belarus 2025 experiment and draw the prisoner stock beside Viasna's counts."
    )
    p.add_argument("--scenario", type=Path, default=SCENARIOS / "belarus_2025.json",
                   help="scenario file (default: the shipped Belarus 2025 scenario)")
    p.add_argument("--runs", type=int, default=10_000, help="runs (default 10000)")
    p.add_argument("--rounds", type=int, default=None,
                   help="rounds per run (default: the months of the scenario's record, else the scenario's)")
    p.add_argument("--seed", type=int, default=2025, help="seed (default 2025)")
    p.add_argument("--out", type=Path, default=Path("belarus_stock.png"),
                   help="where the figure goes (default belarus_stock.png)")
    return p.parse_args(argv)


def record_counts(scenario: dict[str, Any], start: dt.date) -> pd.DataFrame:
    """Viasna's stock counts from the scenario's record series, at months
    since ``start`` (round r of the run ends r months after it)."""
    record = scenario.get("record") or {}
    series = record.get("series")
    if not series:
        return pd.DataFrame(columns=["month", "stock"])
    data = json.loads((SCENARIOS / series).read_text())
    rows = []
    for o in data["observations"]:
        d = dt.date.fromisoformat(o["date"])
        if d >= start:
            months = (d.year - start.year) * 12 + d.month - start.month + (d.day - 1) / 31
            rows.append({"month": months, "stock": o["stock"]})
    return pd.DataFrame(rows)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.runs < 1:
        print("--runs: expected at least 1", file=sys.stderr)
        return 2

    # %% Load the scenario and run the experiment, keeping every run.
    try:
        scenario = detente.load(str(args.scenario))
    except (OSError, detente.ScenarioError) as e:
        print(f"{args.scenario}: {e}", file=sys.stderr)
        return 1
    d = scenario.to_dict()
    record = d.get("record") or {}
    rounds = args.rounds if args.rounds is not None else record.get("rounds")
    sim = detente.Simulation(scenario)
    results = sim.experiment(runs=args.runs, rounds=rounds, seed=args.seed, keep_runs=True)
    print(results)

    # %% The runs as a data frame: one row per run.
    runs = results.runs().to_pandas()
    print(runs[["deals", "freed_by_deal", "arrested", "held_at_end"]].describe().round(1))
    no_deal = runs["first_deal_round"].isna().mean()
    print(f"runs without a deal: {no_deal:.1%}")

    # %% Per month: the stock's band, median and mean over runs.
    months = results.per_round().to_pandas()
    start = dt.date.fromisoformat(record.get("start", "2025-01-01"))
    observed = record_counts(d, start)

    # %% The figure.
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.fill_between(months["round"], months["stock_q05"], months["stock_q95"],
                    alpha=0.3, label="90% of runs")
    ax.plot(months["round"], months["stock_q50"], label="median run")
    if not observed.empty:
        ax.scatter(observed["month"], observed["stock"], color="black", zorder=3,
                   label="Viasna's count")
    ax.set_xlabel(f"months since {start:%B %Y}")
    ax.set_ylabel("political prisoners held")
    ax.set_title(f"{results.n_runs:,} runs of {d['name']}")
    ax.legend()
    fig.tight_layout()
    try:
        fig.savefig(args.out)
    except OSError as e:
        print(f"{args.out}: {e}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
