"""Benchmarks of the Python bindings against the Rust examples, side by side
in one session (figures in BENCHMARKS.md, "Python bindings").

    cargo build --release --example simulate
    python python/benches/bench_python.py [--runs 10000] [--repeats 7]

1. CPU time of a Belarus experiment (10,000 runs by default, the scenario's
   24 rounds, seed 2025): the Rust example ``simulate`` against the same
   experiment called from Python, each a fresh process, interleaved
   ``--repeats`` times; medians of user + system CPU time of the child
   process, interpreter start-up and import included on the Python side.
   Target: Python within 5% (or 50 ms) of Rust.
2. Converting the experiment's run table (one row per run) to pandas
   through pyarrow: median over 21 conversions. Target: under 50 ms for
   10,000 runs.
3. NegMAS's benchmark (a) (200 instances of 3 issues x 10 values, 100 steps,
   Boulware vs Conceder) side by side in this process: NegMAS 0.16's own
   mechanism and negotiators (``benches/peers/negmas_sao.py``, utilities
   built per instance) against detente's SAO with both seats played by the
   Python ``TimeBased`` of ``examples/python/strategy_tournament.py``,
   which decides in Python through the view's public queries (domain built
   per instance). Three alternating passes each; median negotiations per
   second; every agreement must match. Target: detente at least 20x.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "examples" / "scenarios" / "belarus_2025.json"
RUST = ROOT / "target" / "release" / "examples" / "simulate"

PYTHON_RUN = """
import sys, detente
s = detente.load(sys.argv[1])
r = detente.Simulation(s).experiment(runs=int(sys.argv[2]), seed=2025)
print(r.summary()["held_at_end"]["p50"])
"""


def child_cpu(cmd: list[str]) -> tuple[float, float, str]:
    """(CPU seconds, wall seconds, stdout) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, p.stdout


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args(argv)
    if not RUST.is_file():
        print(f"{RUST} is missing: cargo build --release --example simulate", file=sys.stderr)
        return 2
    runs = str(args.runs)
    rust_cmd = [str(RUST), str(SCENARIO), "--runs", runs, "--seed", "2025", "--json"]
    py_cmd = [sys.executable, "-c", PYTHON_RUN, str(SCENARIO), runs]
    rust, py = [], []
    for _ in range(args.repeats):
        cpu, wall, out = child_cpu(rust_cmd)
        rust.append((cpu, wall))
        rust_p50 = json.loads(out)["held_at_end"]["p50"] if out.lstrip().startswith("{") else None
        cpu, wall, out = child_cpu(py_cmd)
        py.append((cpu, wall))
        py_p50 = float(out.strip())
        if rust_p50 is not None and rust_p50 != py_p50:
            print(f"the two experiments differ: median held {rust_p50} vs {py_p50}", file=sys.stderr)
            return 1
    med = lambda xs, i: statistics.median(x[i] for x in xs)  # noqa: E731
    r_cpu, p_cpu = med(rust, 0), med(py, 0)
    gap = p_cpu - r_cpu
    ok = gap <= max(0.05 * r_cpu, 0.050)
    print(f"experiment, {args.runs} runs x 24 rounds, {args.repeats} interleaved runs each (median):")
    print(f"  Rust example   CPU {r_cpu * 1e3:8.1f} ms   wall {med(rust, 1) * 1e3:8.1f} ms")
    print(f"  from Python    CPU {p_cpu * 1e3:8.1f} ms   wall {med(py, 1) * 1e3:8.1f} ms")
    print(f"  Python - Rust  CPU {gap * 1e3:+8.1f} ms ({gap / r_cpu:+.1%}); target within 5% or 50 ms: "
          f"{'met' if ok else 'MISSED'}")

    import detente

    sim = detente.Simulation(detente.load(str(SCENARIO)))
    kept = sim.experiment(runs=args.runs, seed=2025, keep_runs=True)
    table = kept.runs()
    table.to_pandas()  # pyarrow's first conversion loads its pandas shim
    times = []
    for _ in range(21):
        t = time.perf_counter()
        df = table.to_pandas()
        times.append(time.perf_counter() - t)
    conv = statistics.median(times)
    print(f"run table to pandas, {len(df)} rows x {len(df.columns)} columns: median {conv * 1e3:.2f} ms "
          f"over 21; target under 50 ms: {'met' if conv < 0.050 else 'MISSED'}")
    return negmas_side_by_side()


def load(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def negmas_side_by_side(instances: int = 200, passes: int = 3) -> int:
    import detente
    import negmas

    peer_module = load(ROOT / "benches" / "peers" / "negmas_sao.py", "negmas_sao")
    TimeBased = load(ROOT / "examples" / "python" / "strategy_tournament.py", "strategy_tournament").TimeBased
    peer = peer_module.Peer(3, 42, 100)
    for w in range(3):  # warm both sides up on instances far from the measured ones
        peer.negotiate(900_000 + w)
        detente.negotiate(detente.Domain.negmas(3, 42, 900_000 + w), TimeBased(4.0), TimeBased(0.25))
    ours, theirs = [], []
    for _ in range(passes):
        t = time.perf_counter()
        recorded = [peer.negotiate(k)["agreement"] for k in range(instances)]
        theirs.append(instances / (time.perf_counter() - t))
        t = time.perf_counter()
        got = [
            detente.negotiate(detente.Domain.negmas(3, 42, k), TimeBased(4.0), TimeBased(0.25, "c")).values
            for k in range(instances)
        ]
        ours.append(instances / (time.perf_counter() - t))
        if got != recorded:
            print("detente and NegMAS reached different agreements", file=sys.stderr)
            return 1
    n, d = statistics.median(theirs), statistics.median(ours)
    print(f"NegMAS benchmark (a), {instances} negotiations x {passes} alternating passes (median):")
    print(f"  NegMAS {negmas.__version__}            {n:10.1f} negotiations/s")
    print(f"  detente, Python TimeBased  {d:10.1f} negotiations/s   ({d / n:.1f}x; target 20x: "
          f"{'met' if d >= 20 * n else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
