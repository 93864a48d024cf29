"""The Python examples (examples/python/) as a user runs them, and the Dask
sweep against the unsharded experiment."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import detente

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "python"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def test_the_belarus_script_draws_the_stock_beside_the_record(tmp_path):
    out = tmp_path / "stock.png"
    p = run("belarus_2025.py", "--runs", "500", "--out", str(out), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "runs without a deal" in p.stdout
    assert run("belarus_2025.py", "--runs", "0", cwd=tmp_path).returncode == 2
    missing = run("belarus_2025.py", "--scenario", "nope.json", cwd=tmp_path)
    assert missing.returncode == 1 and "nope.json" in missing.stderr
    assert run("belarus_2025.py", "--help", cwd=tmp_path).returncode == 0


def test_the_record_counts_are_read_from_the_scenarios_series():
    module = load("belarus_2025")
    import datetime as dt

    d = detente.load(str(ROOT / "examples" / "scenarios" / "belarus_2025.json")).to_dict()
    counts = module.record_counts(d, dt.date(2025, 1, 1))
    # Viasna's 2025 counts: June 1,183 and December 1,135 among them.
    assert {1183, 1135} <= set(counts["stock"])
    assert (counts["month"] >= 0).all() and (counts["month"] < 12).all()


def test_the_dask_sweep_equals_the_unsharded_sweep():
    from dask.distributed import Client, LocalCluster

    module = load("dask_sweep")
    scenario = detente.load(str(ROOT / "examples" / "scenarios" / "belarus_2025.json"))
    axes = dict([module.parse_axis("dynamics.holders[0].arrest_rate=12,30")])
    assert axes == {"dynamics.holders[0].arrest_rate": [12, 30]}
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            merged = module.sweep(client, scenario.to_dict(), axes, runs=3_000, rounds=12, seed=8,
                                  shards=5)
            # More shards than jobs: the empty ones merge like the rest.
            tiny = module.sweep(client, scenario.to_dict(), axes, runs=2, rounds=3, seed=8,
                                shards=7)
    whole = detente.sweep(scenario, axes, runs_per_point=3_000, rounds=12, seed=8)
    assert [s for s, _ in merged] == [s for s, _ in whole]
    assert all(m == w for (_, m), (_, w) in zip(merged, whole))
    assert all(m == w for (_, m), (_, w) in
               zip(tiny, detente.sweep(scenario, axes, runs_per_point=2, rounds=3, seed=8)))
    # The two points differ: the sweep did vary the rate.
    assert merged[0][1] != merged[1][1]
    with pytest.raises(ValueError, match="PATH=V1,V2"):
        module.parse_axis("dynamics.holders[0].arrest_rate")


def test_the_dask_script_checks_itself(tmp_path):
    p = run("dask_sweep.py", "--axis", "dynamics.holders[0].arrest_rate=15,25", "--runs", "1000",
            "--shards", "3", "--workers", "2", "--check", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "checked: the 3 merged shards equal the unsharded sweep at every point" in p.stdout
    assert run("dask_sweep.py", "--axis", "x", cwd=tmp_path).returncode == 2
    bad_path = run("dask_sweep.py", "--axis", "dynamics.no_such_field=1,2", cwd=tmp_path)
    assert bad_path.returncode == 1 and "no_such_field" in bad_path.stderr


def test_the_examples_type_check_strictly_against_the_stubs():
    p = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
         str(EXAMPLES), str(ROOT / "python" / "detente")],
        capture_output=True, text=True, timeout=600,
    )
    assert p.returncode == 0, p.stdout + p.stderr


def test_the_strategy_tournament_script(tmp_path):
    p = run("strategy_tournament.py", "--repetitions", "1", "--threads", "2", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    first = p.stdout.splitlines()[0]
    assert "py-boulware agrees on [5, 3, 3] in 51 steps; boulware on [5, 3, 3] in 51" in first
    assert "py-jittery" in p.stdout and "tit-for-tat" in p.stdout
    assert run("strategy_tournament.py", "--steps", "0", cwd=tmp_path).returncode == 2
