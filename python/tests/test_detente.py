"""The Python package against the crate: scenarios, errors, experiments."""

import json
import os
import pickle

import pytest

import detente

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
BELARUS = os.path.join(ROOT, "examples", "scenarios", "belarus_2025.json")


def test_load_and_repr():
    s = detente.load(BELARUS)
    assert s.name == "belarus_2025"
    assert "belarus_2025" in repr(s)
    assert s.to_dict()["name"] == "belarus_2025"


def test_from_dict_round_trips():
    s = detente.load(BELARUS)
    again = detente.Scenario.from_dict(s.to_dict())
    assert again.to_dict() == s.to_dict()
    assert pickle.loads(pickle.dumps(s)).to_dict() == s.to_dict()


def test_mistakes_raise_scenario_error_with_every_json_path():
    d = detente.load(BELARUS).to_dict()
    d["governments"][0]["discount"] = 7
    d["sanctions"][0]["imposer"] = "XX"
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.from_dict(d)
    paths = [p for p, _ in e.value.errors]
    assert "$.governments[0].discount" in paths
    assert any(p.startswith("$.sanctions[0].imposer") for p in paths), paths
    # The message is the crate's readable report of all of them.
    assert str(e.value).startswith(f"{len(paths)} error")
    assert isinstance(e.value, ValueError)


def test_a_missing_file_is_an_os_error():
    with pytest.raises(OSError):
        detente.load("no/such/file.json")


def test_experiment_is_the_same_for_any_thread_count():
    sim = detente.Simulation(detente.load(BELARUS))
    one = sim.experiment(runs=200, rounds=6, seed=7, threads=1)
    two = sim.experiment(runs=200, rounds=6, seed=7, threads=2)
    assert one == two
    assert one.summary() == two.summary()
    assert (one.n_runs, one.rounds, one.seed) == (200, 6, 7)
    other = sim.experiment(runs=200, rounds=6, seed=8, threads=2)
    assert other != one


def test_summary_conserves_prisoners():
    sim = detente.Simulation(detente.load(BELARUS))
    r = sim.experiment(runs=300, rounds=12, seed=2025)
    s = r.summary()
    m = lambda k: s[k]["mean"]
    initial = s["initial_held"]
    assert abs(m("held_at_end") + m("freed") + m("deceased") - initial - m("arrested")) < 1e-9
    assert s["freed"]["p5"] <= s["freed"]["p50"] <= s["freed"]["p95"]


def test_results_pickle_and_merge_exactly():
    sim = detente.Simulation(detente.load(BELARUS))
    r = sim.experiment(runs=100, rounds=4, seed=3)
    back = pickle.loads(pickle.dumps(r))
    assert back == r
    assert json.loads(json.dumps(r.to_dict())) == r.to_dict()
    with pytest.raises(ValueError):
        r.merged(sim.experiment(runs=100, rounds=5, seed=3))


def test_bad_arguments_are_value_errors_not_panics():
    sim = detente.Simulation(detente.load(BELARUS))
    for kwargs in ({"runs": 0}, {"rounds": 0}, {"threads": 0}):
        with pytest.raises(ValueError):
            sim.experiment(**{"runs": 10, "rounds": 2, **kwargs})
    with pytest.raises(TypeError):
        detente.Simulation("belarus_2025.json")


def test_chunks_report_progress_and_equal_one_run():
    sim = detente.Simulation(detente.load(BELARUS))
    seen = []
    r = sim.experiment(runs=5000, rounds=3, seed=11, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2048, 5000), (4096, 5000), (5000, 5000)]
    assert r.n_runs == 5000
    # Over several chunks too, the thread count changes no number.
    assert r == sim.experiment(runs=5000, rounds=3, seed=11, threads=1)


def test_an_exception_in_progress_stops_the_experiment():
    sim = detente.Simulation(detente.load(BELARUS))

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sim.experiment(runs=5000, rounds=2, seed=1, progress=stop)


@pytest.mark.parametrize(
    "name", ["belarus_2025", "toy_bilateral", "toy_bloc", "three_way_swap", "allies_swap"]
)
def test_the_fingerprint_is_the_same_from_python_and_rust(name):
    s = detente.load(os.path.join(ROOT, "examples", "scenarios", f"{name}.json"))
    assert detente.canonical_sha256(s.to_dict()) == s.fingerprint()


def test_canonical_json_writes_floats_as_serde_json_does():
    c = detente.canonical_json
    assert c({"b": [1, 2.5, "é\n"], "a": {"z": None, "y": True}}) == '{"a":{"y":true,"z":null},"b":[1,2.5,"é\\n"]}'
    assert [c(x) for x in (0.1, 1.0, 0.00001, 1.5e-5, 1e-6, 1e16, -2.5e300, 1e15)] == [
        "0.1", "1.0", "0.00001", "0.000015", "1e-6", "1e+16", "-2.5e+300", "1000000000000000.0",
    ]


def test_the_belarus_record_replays_legally_with_statkevich_refusing_exile():
    r = detente.replay_history(
        os.path.join(ROOT, "examples", "scenarios", "history", "belarus_2024_2025.json")
    )
    steps = r["steps"]
    assert steps and all(s["legal"] for s in steps)
    assert any(s["refused_exile"] == 1 for s in steps)
    with pytest.raises(detente.ScenarioError):
        detente.replay_history(os.path.join(ROOT, "examples", "scenarios", "belarus_2025.json"))


def test_conflict_analysis_matches_the_example():
    import subprocess

    path = os.path.join(ROOT, "examples", "conflicts", "elmira.json")
    r = detente.analyze_conflict(path)
    assert r["states"] == 12 and not r["truncated"]
    assert r["equilibria"]["nash"]
    # The same document as `conflict FILE --json` prints, when the example is built.
    binary = os.path.join(ROOT, "target", "debug", "examples", "conflict")
    if os.path.exists(binary):
        out = subprocess.run([binary, path, "--json"], capture_output=True, check=True, text=True)
        cli = json.loads(out.stdout)
        assert cli["equilibria"] == r["equilibria"] and cli["stable"] == r["stable"]
    with pytest.raises(ValueError):
        detente.analyze_conflict(BELARUS)


def test_the_three_way_swap_is_the_best_package():
    s = detente.load(os.path.join(ROOT, "examples", "scenarios", "three_way_swap.json"))
    r = detente.best_packages(s, k=3)
    assert r["optimal"] and r["stopped_by"] is None
    best = r["packages"][0]
    # The hand answer of the README's swap: surplus 18 across three parties.
    assert best["surplus"] == 18.0 and len(best["parties"]) == 3
    assert all(a["surplus"] >= b["surplus"] for a, b in zip(r["packages"], r["packages"][1:]))
    assert "releases" in best["deal"]
    with pytest.raises(ValueError):
        detente.best_packages(s, k=0)


@pytest.mark.parametrize(
    "name, optimum", [("00036-00000001", 4.0), ("00036-00000011", 11.0), ("00036-00000031", 22.0)]
)
def test_preflib_clearing_reaches_the_reference_optima(name, optimum):
    # The optima CBC finds for these instances (tests/it/exchange_preflib.rs).
    path = os.path.join(ROOT, "tests", "data", "preflib-kidney", f"{name}.wmd")
    r = detente.clear_preflib(path)
    assert r["optimal"] and r["total_weight"] == optimum
    used = [v for e in r["cycles"] + r["chains"] for v in e]
    assert len(used) == len(set(used)) and all(1 <= v <= r["vertices"] for v in used)
    with pytest.raises(ValueError):
        detente.clear_preflib(path, max_cycle=10**9)


def test_implied_valuations_tighten_over_the_series():
    """Each step bounds what a government must have valued a concession at;
    the whole series satisfies every step at once, so its bounds lie inside
    every step's (or no valuation explains it, and the step that breaks it
    is named)."""
    case = os.path.join(ROOT, "examples", "scenarios", "history", "belarus_2024_2025.json")
    models = detente.implied_valuations(case)
    assert models and all(m["per_step"] for m in models)
    for m in models:
        series = m["series"]
        if not series["feasible"]:
            labels = [s["label"] for s in m["per_step"]]
            assert series["breaking_step"] in labels, m["model"]
            continue
        for b in series["bounds"]:
            steps = [x for s in m["per_step"] for x in s["bounds"] if x["unknown"] == b["unknown"]]
            assert steps, b["unknown"]
            assert b["lo"] >= max(x["lo"] for x in steps) - 1e-9, b
            assert b["hi"] <= min(x["hi"] for x in steps) + 1e-9, b
    with pytest.raises(OSError):
        detente.implied_valuations("no/such/case.json")


def test_explore_equals_the_example_golden_output():
    """The explorer from Python gives the document the `explore` example's
    golden test committed (Belarus at depth 2, timing aside)."""
    golden = json.loads(
        open(os.path.join(ROOT, "tests", "golden", "explore_belarus_depth2.json")).read()
    )
    got = detente.explore(detente.load(BELARUS), depth=2, time_limit=3600)
    assert got.pop("seconds") >= 0
    assert got == golden
    assert all(s.startswith("round ") for s in got["subgame_perfect"]["sequence"])
    cut = detente.explore(detente.load(BELARUS), depth=2, max_nodes=50)
    assert cut["truncated"] and cut["stopped_by"] == "nodes"
    with pytest.raises(ValueError, match="unknown government `XX`"):
        detente.explore(detente.load(BELARUS), players=("USA", "XX"))
    with pytest.raises(ValueError, match="depth"):
        detente.explore(detente.load(BELARUS), depth=0)


def test_conflict_inverse_answers_as_the_example_does():
    """Mutual cooperation in the prisoners' dilemma becomes Nash once each
    prisoner ranks it above the temptation: one state above it now, none
    in the witness ranking (what `conflict --inverse 4` prints)."""
    pd = os.path.join(ROOT, "examples", "conflicts", "prisoners_dilemma.json")
    r = detente.conflict_inverse(pd, 4, "nash")
    assert (r["answer"], r["target"], r["target_state"], r["concept"]) == ("feasible", 4, "YY", "nash")
    assert [(d["now"], d["witness"]) for d in r["above"]] == [(1, 0), (1, 0)]
    with pytest.raises(ValueError, match="concept: expected one of nash"):
        detente.conflict_inverse(pd, 4, "stable")
    with pytest.raises(ValueError, match="state"):
        detente.conflict_inverse(pd, 99)


def test_analyses_take_a_node_budget_and_say_what_it_cut():
    elmira = os.path.join(ROOT, "examples", "conflicts", "elmira.json")
    cut = detente.analyze_conflict(elmira, max_nodes=3)
    assert cut["truncated"] and cut["analysed"] == []
    assert not detente.analyze_conflict(elmira, time_limit=60)["truncated"]
    s = detente.load(os.path.join(ROOT, "examples", "scenarios", "three_way_swap.json"))
    r = detente.best_packages(s, k=3, max_nodes=2)
    assert not r["optimal"] and r["stopped_by"] == "nodes"
    for bad in ({"max_nodes": 0}, {"time_limit": -1.0}):
        with pytest.raises(ValueError):
            detente.best_packages(s, k=3, **bad)
        with pytest.raises(ValueError):
            detente.clear_preflib(
                os.path.join(ROOT, "tests", "data", "preflib-kidney", "00036-00000001.wmd"), **bad
            )
