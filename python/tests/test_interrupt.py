"""Ctrl-C: a real SIGINT, sent while a long computation runs, stops it with
KeyboardInterrupt within seconds, and the package still works afterwards.

Each case runs in a child interpreter, so the signal cannot land in pytest
itself if the computation were to finish first.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELARUS = str(ROOT / "examples" / "scenarios" / "belarus_2025.json")

CHILD = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    import detente

    BELARUS = sys.argv[2]

    class Slow(detente.Strategy):
        # Concedes linearly; decides in Python on every move.
        def propose(self, view):
            return view.nearest_from_above(1.0 - view.relative_time)[0]

        def respond(self, view, offer):
            return detente.ACCEPT if view.utility(offer) >= 0.9 else detente.REJECT

    def long_computation(mode):
        if mode == "experiment":
            sim = detente.Simulation(detente.load(BELARUS))
            sim.experiment(runs=20_000_000, rounds=24, seed=1)
        elif mode == "tournament":
            detente.tournament(
                [("slow", lambda seed: Slow()), "boulware", "conceder"],
                detente.Domain.builtin(), repetitions=1000, n_steps=1000,
            )
        elif mode == "calibrate":
            detente.calibrate(BELARUS, particles=20_000, generations=30, runs=20, time_limit=3600)

    def interrupt_soon():
        time.sleep(1.5)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_soon, daemon=True).start()
    start = time.monotonic()
    try:
        long_computation(sys.argv[1])
    except KeyboardInterrupt:
        took = time.monotonic() - start
        # Nothing was left half-done: the same kind of computation runs again.
        r = detente.Simulation(detente.load(BELARUS)).experiment(runs=200, rounds=3, seed=5)
        assert r.n_runs == 200
        t = detente.tournament([("slow", lambda seed: Slow()), "boulware"],
                               detente.Domain.builtin()[:1], n_steps=50)
        assert len(t.meetings) == 4 and all(m["agreement"] is not None for m in t.meetings)
        print(f"interrupted after {took:.2f} s")
        sys.exit(0)
    print("finished before the signal")
    sys.exit(1)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT by os.kill is POSIX")
@pytest.mark.parametrize("mode", ["experiment", "tournament", "calibrate"])
def test_ctrl_c_interrupts_a_long_computation_cleanly(mode):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, BELARUS],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    took = float(done.stdout.split("interrupted after ")[1].split(" s")[0])
    # The signal comes 1.5 s in; the computation would run for minutes.
    assert 1.4 < took < 15, done.stdout
