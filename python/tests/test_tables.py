"""Experiments as tables: per-run summaries kept on request and per-round
aggregates, through the Arrow PyCapsule interface to pyarrow, polars and
pandas; figures and the HTML report."""

import os
import pickle

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import detente

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
BELARUS = os.path.join(ROOT, "examples", "scenarios", "belarus_2025.json")


@pytest.fixture(scope="module")
def sim() -> detente.Simulation:
    return detente.Simulation(detente.load(BELARUS))


@pytest.fixture(scope="module")
def kept(sim: detente.Simulation) -> detente.Results:
    # 2,500 runs: more than one 2,048-run chunk, so rows from two chunks join.
    return sim.experiment(runs=2_500, rounds=12, seed=11, keep_runs=True)


def test_keeping_runs_changes_no_aggregate(sim, kept):
    plain = sim.experiment(runs=2_500, rounds=12, seed=11)
    assert not plain.kept_runs and kept.kept_runs
    assert plain.to_dict() == kept.to_dict()
    with pytest.raises(ValueError, match="keep_runs=True"):
        plain.runs()


def test_the_run_table_adds_up_to_the_aggregates(kept):
    df = kept.runs().to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df["run"]) == list(range(2_500))
    agg = kept.to_dict()
    summary = kept.summary()
    for col in ("freed_by_deal", "arrested", "held_at_end"):
        assert df[col].mean() == pytest.approx(summary[col]["mean"], rel=1e-12), col
    assert df["first_deal_round"].isna().sum() == agg["runs_without_deal"]
    payoff_cols = [c for c in df.columns if c.startswith("payoff_")]
    assert len(payoff_cols) == len(agg["governments"])
    assert payoff_cols == [f"payoff_{g}" for g in agg["governments"]]


def test_arrow_consumers_read_the_same_columns(kept):
    t = kept.runs()
    table = pa.table(t)
    assert table.num_rows == len(t) == 2_500
    assert table.column_names == t.column_names
    assert table.schema.field("first_deal_round").nullable
    assert table.schema.field("deals").type == pa.uint32()
    frame = pl.DataFrame(t)
    assert frame.shape == (2_500, len(t.column_names))
    assert frame["deals"].to_list() == table.column("deals").to_pylist()
    # The stream is produced afresh each time: reading twice gives the same.
    assert pa.table(t).equals(table)


def test_the_run_table_is_the_same_for_any_thread_count(sim):
    one = sim.experiment(runs=300, rounds=6, seed=5, threads=1, keep_runs=True)
    two = sim.experiment(runs=300, rounds=6, seed=5, threads=2, keep_runs=True)
    assert one.runs().to_pyarrow().equals(two.runs().to_pyarrow())
    assert one == two


def test_results_with_runs_pickle_whole(kept):
    back = pickle.loads(pickle.dumps(kept))
    assert back == kept
    assert back.runs().to_pyarrow().equals(kept.runs().to_pyarrow())


def test_a_tampered_run_table_is_refused(kept):
    import json

    runs = json.loads(kept._inner.runs_json())
    runs["deals"].pop()
    with pytest.raises(ValueError, match="column `deals` has 2499 rows"):
        detente._detente.Results.from_json(kept._inner.to_json(), json.dumps(runs))
    runs = json.loads(kept._inner.runs_json())
    runs["run"] = runs["run"][:10]
    with pytest.raises(ValueError, match="run table"):
        detente._detente.Results.from_json(kept._inner.to_json(), json.dumps(runs))


def test_keeping_too_many_runs_is_refused_before_running(sim):
    calls = []
    with pytest.raises(ValueError, match=r"keep_runs=True over 1000000000 runs asks for \d+ bytes"):
        sim.experiment(runs=1_000_000_000, keep_runs=True, progress=lambda d, t: calls.append(d))
    assert calls == []


def test_shards_merge_into_the_whole_experiment_rows_included(sim, kept):
    parts = [
        sim.experiment(runs=2_500, rounds=12, seed=11, keep_runs=True, shard=(k, 3))
        for k in (2, 0, 1)
    ]
    assert [p.n_runs for p in parts] == [833, 834, 833]
    merged = parts[0].merged(parts[1]).merged(parts[2])
    assert merged == kept
    assert merged.runs().to_pyarrow().equals(kept.runs().to_pyarrow())
    plain = sim.experiment(runs=2_500, rounds=12, seed=11, shard=(1, 3))
    with pytest.raises(ValueError, match="would lose rows"):
        parts[1].merged(plain)
    with pytest.raises(ValueError, match="shard"):
        sim.experiment(runs=10, shard=(3, 3))


def test_the_per_round_table(kept):
    df = kept.per_round().to_pandas()
    assert list(df["round"]) == list(range(13))
    start = kept.to_dict()["initial_held"]
    assert (df.loc[0, "stock_q05"], df.loc[0, "stock_q95"]) == (start, start)
    assert (df["stock_q05"] <= df["stock_q50"]).all() and (df["stock_q50"] <= df["stock_q95"]).all()
    assert df["deals_mean"].sum() == pytest.approx(kept.summary()["deals"]["mean"], rel=1e-9)


def test_figures_and_report(kept, tmp_path):
    paths = kept.plots(str(tmp_path / "figs"))
    assert paths and all(p.endswith(".svg") and os.path.getsize(p) > 1_000 for p in paths)
    report = tmp_path / "r.html"
    kept.write_report(str(report))
    text = report.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text
    back = pickle.loads(pickle.dumps(kept))
    with pytest.raises(ValueError, match="run the experiment again"):
        back.plots(str(tmp_path / "again"))


@pytest.mark.parametrize(
    "name", ["allies_swap", "belarus_2025", "three_way_swap", "toy_bilateral", "toy_bloc"]
)
def test_the_python_experiment_equals_the_rust_golden_output(name):
    """The same experiment as the crate's golden-output test (96 runs x 24
    rounds, seed 20251213): the aggregates Python gets are the ones the Rust
    test committed, number for number, on 1 and 2 threads."""
    import json

    golden = json.loads(
        open(os.path.join(ROOT, "tests", "golden", f"{name}.experiment.json")).read()
    )
    sim = detente.Simulation(detente.load(os.path.join(ROOT, "examples", "scenarios", f"{name}.json")))
    for threads in (1, 2):
        got = sim.experiment(runs=96, rounds=24, seed=20251213, threads=threads, keep_runs=True)
        assert got.to_dict() == golden, (name, threads)


def test_a_sweep_varies_its_axis_and_its_shards_merge_exactly():
    scenario = detente.load(BELARUS)
    axes = {"dynamics.holders[0].arrest_rate": [10.0, 30.0]}
    whole = detente.sweep(scenario, axes, runs_per_point=150, rounds=8, seed=3, threads=2)
    assert [s for s, _ in whole] == [
        {"dynamics.holders[0].arrest_rate": 10.0},
        {"dynamics.holders[0].arrest_rate": 30.0},
    ]
    low, high = (r.summary()["arrested"]["mean"] for _, r in whole)
    assert high > 2 * low  # three times the rate: many more arrests
    one = detente.sweep(scenario, axes, runs_per_point=150, rounds=8, seed=3, threads=1)
    assert [r for _, r in one] == [r for _, r in whole]
    parts = [detente.sweep(scenario, axes, 150, 8, 3, shard=(k, 3)) for k in (1, 0, 2)]
    for p in range(2):
        merged = parts[0][p][1].merged(parts[1][p][1]).merged(parts[2][p][1])
        assert merged == whole[p][1], p
    with pytest.raises(ValueError, match="no_such_field"):
        detente.sweep(scenario, {"dynamics.no_such_field": [1]}, 10)
    with pytest.raises(ValueError, match="runs_per_point"):
        detente.sweep(scenario, axes, 0)


def test_counterfactuals_pair_runs_and_their_baseline_is_the_experiment():
    scenario = detente.load(BELARUS)
    same = {"dynamics.holders[0].arrest_rate": scenario.to_dict()["dynamics"]["holders"][0]["arrest_rate"]}
    out = detente.compare(scenario, [same, {"dynamics.holders[0].arrest_rate": 40.0}], runs=200,
                          rounds=8, seed=4, threads=2)
    assert len(out) == 2
    by = {o["outcome"]: o for o in out[0]["outcomes"]}
    # A variant equal to the baseline differs by exactly nothing in every run.
    assert all(o["mean"] == 0.0 and o["std_err"] == 0.0 for o in out[0]["outcomes"])
    # The baseline arm is the plain experiment with the same seed.
    plain = detente.Simulation(scenario).experiment(runs=200, rounds=8, seed=4)
    assert by["arrested"]["baseline_mean"] == pytest.approx(plain.summary()["arrested"]["mean"], rel=1e-12)
    more = {o["outcome"]: o for o in out[1]["outcomes"]}["arrested"]
    assert more["variant_mean"] > more["baseline_mean"] and more["mean"] > 0
    again = detente.compare(scenario, [{"dynamics.holders[0].arrest_rate": 40.0}], runs=200,
                            rounds=8, seed=4, threads=1)
    assert again[0] == out[1]
    with pytest.raises(ValueError, match="variants"):
        detente.compare(scenario, [], runs=10)


def test_sweeps_run_in_chunks_that_merge_into_the_whole():
    scenario = detente.load(BELARUS)
    axes = {"dynamics.holders[0].arrest_rate": [10.0, 30.0]}
    seen = []
    whole = detente.sweep(scenario, axes, runs_per_point=2500, rounds=4, seed=9,
                          progress=lambda done, total: seen.append((done, total)))
    # 5,000 jobs in chunks of 2,048.
    assert seen == [(2048, 5000), (4096, 5000), (5000, 5000)]
    # Four shards of 1,250 jobs each run in one chunk; merged, they equal
    # the whole run in three chunks cut elsewhere.
    parts = [detente.sweep(scenario, axes, 2500, 4, 9, shard=(k, 4)) for k in range(4)]
    for p, (settings, results) in enumerate(whole):
        merged = parts[0][p][1]
        for part in parts[1:]:
            merged = merged.merged(part[p][1])
        assert parts[0][p][0] == settings and merged == results


def test_comparisons_report_progress_per_chunk_of_runs():
    scenario = detente.load(BELARUS)
    seen = []
    detente.compare(scenario, [{"dynamics.holders[0].arrest_rate": 40.0}], runs=2500, rounds=3,
                    progress=lambda done, total: seen.append((done, total)))
    # Two arms per run: chunks of 1,024 runs.
    assert seen == [(1024, 2500), (2048, 2500), (2500, 2500)]

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        detente.compare(scenario, [{"dynamics.holders[0].arrest_rate": 40.0}], runs=2500,
                        rounds=3, progress=stop)
