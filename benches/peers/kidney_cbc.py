#!/usr/bin/env python3
"""The peer side of detente's exchange-clearing benchmark (`clear_exchange`).

For each PrefLib kidney instance (`.wmd`, data set 00036), the exact maximum
number of transplants with cycles of at most --max-cycle pairs and chains of
at most --max-chain transplants (started by an altruist), found twice:

* own: every cycle and chain enumerated, one binary variable per exchange,
  each vertex in at most one, solved by CBC (bundled with PuLP);
* kep_solver: the third-party package's cycle-and-chain and PICEF models
  (also CBC through PuLP), as an independent formulation.

detente reads the files with the same conventions (`exchange::parse_wmd`):
an arc `s,t,w` means the donor of pair s can give to the patient of pair t;
a vertex with incoming arcs of weight 0 is an altruist, and those weight-0
arcs (PrefLib's "a chain may end here" markers) are dropped. Every real arc
of data set 00036 weighs 1, so the number of transplants is also the total
weight detente maximises.

Times include building the model, as detente's include reading and
enumeration. Prints one JSON array on stdout; a summary line per instance
goes to stderr.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time


def read_wmd(path: str):
    vertices, arcs = 0, []
    with open(path, encoding="utf-8") as text:
        for line in text:
            line = line.strip()
            if line.startswith("# NUMBER ALTERNATIVES:"):
                vertices = int(line.split(":", 1)[1])
            elif line and not line.startswith("#"):
                s, t, w = line.split(",")
                arcs.append((int(s), int(t), float(w)))
    altruists = sorted({t for _, t, w in arcs if w == 0.0})
    real = [(s, t) for s, t, _ in arcs if t not in altruists]
    return vertices, altruists, real


def exchanges(vertices: int, altruists, arcs, max_cycle: int, max_chain: int):
    """Every cycle (each once, from its smallest vertex) and every chain."""
    succ = {v: [] for v in range(1, vertices + 1)}
    for s, t in arcs:
        succ[s].append(t)
    is_altruist = set(altruists)
    found = []  # (vertices in order, transplants)
    for start in range(1, vertices + 1):
        if start in is_altruist:
            continue
        pending = [[start]]
        while pending:
            path = pending.pop()
            for nxt in succ[path[-1]]:
                if nxt == start and len(path) >= 2:
                    found.append((tuple(path), len(path)))
                elif nxt > start and nxt not in path and nxt not in is_altruist and len(path) < max_cycle:
                    pending.append(path + [nxt])
    for donor in altruists:
        pending = [[donor]]
        while pending:
            path = pending.pop()
            if len(path) - 1 == max_chain:
                continue
            for nxt in succ[path[-1]]:
                if nxt not in is_altruist and nxt not in path:
                    found.append((tuple(path + [nxt]), len(path)))
                    pending.append(path + [nxt])
    return found


def own_formulation(vertices, altruists, arcs, max_cycle, max_chain) -> dict:
    import pulp

    start = time.perf_counter()
    found = exchanges(vertices, altruists, arcs, max_cycle, max_chain)
    problem = pulp.LpProblem("clearing", pulp.LpMaximize)
    chosen = [pulp.LpVariable(f"x{i}", cat="Binary") for i in range(len(found))]
    problem += pulp.lpSum(x * transplants for x, (_, transplants) in zip(chosen, found))
    uses = {}
    for x, (members, _) in zip(chosen, found):
        for v in members:
            uses.setdefault(v, []).append(x)
    for v, xs in uses.items():
        problem += pulp.lpSum(xs) <= 1, f"once_{v}"
    status = problem.solve(pulp.PULP_CBC_CMD(msg=False))
    return {
        "solver": "enumeration + CBC (PuLP)",
        "status": pulp.LpStatus[status],
        "seconds": time.perf_counter() - start,
        "exchanges_enumerated": len(found),
        "transplants": int(round(pulp.value(problem.objective) or 0)),
    }


def kep_solver_models(vertices, altruists, arcs, max_cycle, max_chain, model: str) -> dict:
    from kep_solver.fileio import parse_json
    from kep_solver.model import PICEF, CycleAndChainModel, TransplantCount
    from kep_solver.programme import Programme

    altruist = set(altruists)
    data = {
        str(v): {"matches": []} | ({} if v in altruist else {"sources": [v]})
        for v in range(1, vertices + 1)
    }
    for s, t in arcs:
        data[str(s)]["matches"].append({"recipient": t, "score": 1.0})
    instance = parse_json(json.dumps({"data": data}))
    programme = Programme(
        [TransplantCount()],
        maxCycleLength=max_cycle,
        maxChainLength=max_chain + 1,  # kep_solver counts the altruist in a chain's length
        description="detente peer",
        full_details=False,
        model={"cycle_and_chain": CycleAndChainModel, "picef": PICEF}[model],
    )
    start = time.perf_counter()
    solution, _ = programme.solve_single(instance)
    seconds = time.perf_counter() - start
    transplants = sum(
        len(m.exchange) - 1 if m.exchange.chain else len(m.exchange) for m in solution.selected
    )
    return {"solver": f"kep_solver {model}", "seconds": seconds, "transplants": transplants}


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    default = sorted(glob.glob(os.path.join(here, "..", "..", "tests", "data", "preflib-kidney", "*.wmd")))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", default=default, help="default: the repository's")
    parser.add_argument("--max-cycle", type=int, default=3)
    parser.add_argument("--max-chain", type=int, default=3)
    parser.add_argument("--no-kep-solver", action="store_true", help="only the own formulation")
    args = parser.parse_args()

    report = []
    for path in args.instances:
        vertices, altruists, arcs = read_wmd(path)
        runs = [own_formulation(vertices, altruists, arcs, args.max_cycle, args.max_chain)]
        if not args.no_kep_solver:
            for model in ("cycle_and_chain", "picef"):
                runs.append(
                    kep_solver_models(vertices, altruists, arcs, args.max_cycle, args.max_chain, model)
                )
        optima = {r["transplants"] for r in runs}
        entry = {
            "instance": os.path.basename(path),
            "pairs": vertices - len(altruists),
            "altruists": len(altruists),
            "optimum": runs[0]["transplants"] if len(optima) == 1 else None,
            "solvers_agree": len(optima) == 1,
            "runs": runs,
        }
        print(
            f"{entry['instance']}: {entry['pairs']} pairs (+{entry['altruists']}), optimum "
            f"{entry['optimum']}, " + ", ".join(f"{r['solver']} {r['seconds']:.2f} s" for r in runs),
            file=sys.stderr,
        )
        report.append(entry)
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
