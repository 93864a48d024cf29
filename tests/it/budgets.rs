//! One `Budget` for every engine: stopped by its unit of work, each engine
//! returns a deterministic prefix of its full answer, flagged `truncated`
//! with the limit named, and never claims a proof it did not finish. The
//! examples take `--max-nodes`/`--time-limit`, refuse nonsense with exit 2,
//! and finish on inputs that used to run for hours, saying the output was
//! truncated (these example tests bound nothing by time: they check that
//! the run ends, and what it says).

use detente::budget::{Budget, Stopped};
use detente::conflict::{Concept, Inverse, InverseResult, StateId, examples};
use detente::exchange::{Caps, ClearOptions, ExchangeGraph, clear};
use detente::explore::{EnumConfig, TicTacToe, enumerate_outcomes};
use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
use detente::scenario::Scenario;
use detente::simulate::{ExperimentConfig, Simulation};

use crate::common::run_example;

const BELARUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/scenarios/belarus_2025.json"
);

#[test]
fn the_explorer_stopped_by_nodes_returns_the_same_prefix_every_time() {
    let mut g = TicTacToe::new();
    let cfg = |budget| EnumConfig {
        budget,
        ..EnumConfig::default()
    };
    let full = enumerate_outcomes(&mut g, &cfg(Budget::unlimited()));
    let a = enumerate_outcomes(&mut g, &cfg(Budget::unlimited().with_nodes(3_000)));
    let b = enumerate_outcomes(&mut g, &cfg(Budget::unlimited().with_nodes(3_000)));
    assert_eq!(a, b);
    assert!(a.truncated && a.stopped_by == Some(Stopped::Nodes));
    assert_eq!(a.nodes, 3_000);
    assert!(!a.outcomes.is_empty() && a.outcomes.len() < full.outcomes.len());
    assert_eq!(a.outcomes[..], full.outcomes[..a.outcomes.len()]);
    assert_eq!(full.stopped_by, None);
}

#[test]
fn the_clearing_stopped_by_nodes_keeps_its_bound_and_claims_no_optimum() {
    // Three 2-cycles in a triangle: the LP root is fractional (value 3),
    // the best packing takes one 2-cycle (weight 2), so a proof needs more
    // than the root node.
    let mut g = ExchangeGraph::new();
    let v: Vec<_> = (0..3)
        .map(|i| g.add_party(format!("v{i}"), false))
        .collect();
    for (s, t) in [(0, 1), (1, 0), (1, 2), (2, 1), (0, 2), (2, 0)] {
        g.add_arc(v[s], v[t], 1.0).unwrap();
    }
    let caps = Caps::new(2, 0);
    let opts = ClearOptions {
        budget: Budget::unlimited().with_nodes(1),
        ..ClearOptions::with_caps(caps)
    };
    let a = clear(&g, &opts).unwrap();
    assert_eq!(a, clear(&g, &opts).unwrap());
    assert_eq!(a.nodes, 1);
    assert!(!a.optimal);
    assert_eq!(a.stopped_by, Some(Stopped::Nodes));
    assert_eq!(a.bound, 3.0, "the root's LP bound, not the incumbent");
    let full = clear(&g, &ClearOptions::with_caps(caps)).unwrap();
    assert!(full.optimal && full.stopped_by.is_none());
    assert_eq!(full.total_weight, 2.0);
}

#[test]
fn the_package_search_stopped_by_nodes_is_never_optimal() {
    use detente::mediator::{PackageOptions, PackageOutcome, best_package};
    use detente::model::State;
    let (_, world, rules) = detente::scenario::load(BELARUS).unwrap();
    let state = State::initial(&world);
    let run = |budget| {
        best_package(
            &world,
            &state,
            &rules,
            &PackageOptions {
                budget,
                ..PackageOptions::default()
            },
        )
    };
    let full = run(Budget::unlimited());
    assert!(
        matches!(&full, PackageOutcome::Found(p) if p.optimal),
        "the unlimited search finishes: {full:?}"
    );
    for n in [1, 2, 5] {
        let cut = run(Budget::unlimited().with_nodes(n));
        assert_eq!(cut, run(Budget::unlimited().with_nodes(n)), "{n} nodes");
        assert!(
            !matches!(&cut, PackageOutcome::Found(p) if p.optimal),
            "{n} nodes cannot prove the optimum"
        );
    }
}

#[test]
fn the_conflict_analysis_past_its_state_budget_analyses_nothing_and_says_so() {
    let model = examples::syria_iraq().compile().unwrap();
    let n = model.states().len() as u64;
    let cut = model.analyze_within(&Default::default(), &Budget::unlimited().with_nodes(n - 1));
    assert!(cut.truncated());
    assert_eq!(cut.stopped_by(), Some(Stopped::Nodes));
    for c in Concept::ALL {
        assert!(!cut.analysed(c));
        assert!(cut.equilibria(c).is_empty());
    }
    let exact = model.analyze_within(&Default::default(), &Budget::unlimited().with_nodes(n));
    assert!(!exact.truncated());
    assert!(Concept::ALL.iter().all(|&c| exact.analysed(c)));
    // GMCR+'s answer for the Syria-Iraq conflict: GMR equilibria 1 and 6.
    let gmr: Vec<usize> = exact
        .equilibria(Concept::Gmr)
        .iter()
        .map(|s| s.number())
        .collect();
    assert_eq!(gmr, vec![1, 6]);
}

#[test]
fn the_inverse_search_out_of_nodes_is_undecided_not_infeasible() {
    // SEQ is the backtracking case; with no node to spend, the search can
    // neither build a witness nor prove there is none.
    let model = examples::prisoners_dilemma().compile().unwrap();
    let mut p = Inverse::new(&model, StateId(3), Concept::Seq);
    p.budget = Budget::unlimited().with_nodes(0);
    match model.inverse(&p).unwrap() {
        InverseResult::Undecided { nodes, stopped_by } => {
            assert_eq!((nodes, stopped_by), (0, Stopped::Nodes));
        }
        other => panic!("expected Undecided, got {other:?}"),
    }
}

#[test]
fn an_experiment_stopped_by_runs_is_the_first_runs_exactly() {
    let s = Scenario::from_path(BELARUS).unwrap();
    let sim = Simulation::from_scenario(&s).unwrap();
    let cfg = ExperimentConfig {
        runs: 200,
        rounds: 4,
        seed: 9,
    };
    let cut = sim.experiment_with_limits(&cfg, &Budget::unlimited().with_nodes(70), &|_, _| {});
    assert!(cut.truncated);
    assert_eq!(cut.stopped_by, Some(Stopped::Nodes));
    assert_eq!(cut.results.runs, 70);
    assert_eq!(cut.results, sim.run_range(&cfg, 0..70, &|_, _| {}));
}

#[test]
fn a_tournament_stopped_by_negotiations_is_a_prefix() {
    let t = Tournament::new(
        vec![Entrant::boulware(), Entrant::conceder(), Entrant::linear()],
        TournamentScenario::builtin(),
    )
    .repetitions(1)
    .n_steps(30);
    let full = t.run().unwrap();
    let cut = t
        .run_with_limits(&Budget::unlimited().with_nodes(7), &|_, _| {})
        .unwrap();
    assert_eq!(cut.meetings[..], full.meetings[..7]);
    let stop = cut.stopped_by.unwrap();
    assert_eq!((stop.by, stop.held, stop.total), (Stopped::Nodes, 7, 48));
}

#[test]
fn budget_flags_refuse_zero_and_garbage_with_exit_2() {
    let belarus = "examples/scenarios/belarus_2025.json";
    let cases: [(&str, Vec<&str>); 6] = [
        ("explore", vec![belarus]),
        ("conflict", vec!["examples/conflicts/elmira.json"]),
        ("clear_exchange", vec![belarus]),
        ("simulate", vec![belarus]),
        ("belarus_2025", vec![]),
        ("tournament", vec![]),
    ];
    for (example, base) in cases {
        for bad in [
            ["--max-nodes", "0"],
            ["--max-nodes", "lots"],
            ["--max-nodes", "-3"],
            ["--time-limit", "0"],
            ["--time-limit", "NaN"],
            ["--time-limit", "soon"],
        ] {
            let mut args = base.clone();
            args.extend(bad);
            let out = run_example(example, &args);
            assert_eq!(out.status.code(), Some(2), "{example} {args:?}");
        }
    }
}

#[test]
fn conflict_on_24_options_finishes_under_the_default_budget_and_says_it_is_truncated() {
    let out = run_example("conflict", &["--scale", "24"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("16777216 feasible states"), "{text}");
    assert!(
        text.contains("truncated: the analysis stopped at its node limit"),
        "{text}"
    );
    assert!(text.contains("--max-nodes N"), "{text}");
}

#[test]
fn explore_on_belarus_finishes_under_the_default_budget_and_says_it_is_truncated() {
    // Depth 12 has far more sequences than the default budget can visit
    // (depth 6 alone, about 38,000 nodes, takes seconds): hours under the
    // old 5-million-node default.
    let out = run_example(
        "explore",
        &[
            "examples/scenarios/belarus_2025.json",
            "--depth",
            "12",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["truncated"], true, "{v}");
    assert_eq!(v["exhausted"], false, "{v}");
    assert!(
        v["stopped_by"] == "time" || v["stopped_by"] == "nodes",
        "{v}"
    );
}
