//! Experiment and sweep limits firing: each stops at a chunk boundary with
//! results flagged `truncated`, exact for the runs they cover, and
//! finishable by running what is missing.

use detente::budget::{Budget, Stopped};
use detente::scenario::Scenario;
use detente::simulate::{Axis, ExperimentConfig, ExperimentResults, Simulation, Sweep};
use std::time::Duration;

fn belarus() -> Scenario {
    Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/scenarios/belarus_2025.json"
    ))
    .expect("the shipped Belarus scenario loads")
}

const CFG: ExperimentConfig = ExperimentConfig {
    runs: 200,
    rounds: 8,
    seed: 44,
};

fn no_progress(_: u64, _: u64) {}

/// Runs what a partial result misses and merges it in.
fn finish(
    sim: &Simulation,
    mut part: ExperimentResults,
    missing: &[std::ops::Range<u64>],
) -> ExperimentResults {
    for r in missing {
        part.merge(&sim.run_range(&CFG, r.clone(), &no_progress))
            .expect("missing runs are disjoint from the covered ones");
    }
    part
}

#[test]
fn a_run_limit_keeps_the_first_runs_exactly() {
    let sim = Simulation::from_scenario(&belarus()).expect("Belarus simulates");
    let limits = Budget::unlimited().with_nodes(70);
    let part = sim.experiment_with_limits(&CFG, &limits, &no_progress);
    assert!(part.truncated && !part.complete());
    assert_eq!(part.stopped_by, Some(Stopped::Nodes));
    assert_eq!(part.requested, 200);
    assert_eq!(part.results.runs, 70);
    assert_eq!(part.results.covered, vec![(0, 70)]);
    assert_eq!(part.missing(), vec![70..200]);
    // Exact for the runs it covers, and the same whatever limit the rest
    // of the experiment is later run under.
    assert_eq!(part.results, sim.run_range(&CFG, 0..70, &no_progress));
    let full = sim.experiment(&CFG);
    assert_eq!(finish(&sim, part.results.clone(), &part.missing()), full);
    // Deterministic: the same limit gives the same partial result.
    assert_eq!(
        sim.experiment_with_limits(&CFG, &limits, &no_progress),
        part
    );
}

#[test]
fn a_zero_time_limit_gives_empty_valid_results_flagged_truncated() {
    let sim = Simulation::from_scenario(&belarus()).expect("Belarus simulates");
    let limits = Budget::unlimited().with_time(Duration::ZERO);
    let part = sim.experiment_with_limits(&CFG, &limits, &no_progress);
    assert!(part.truncated);
    assert_eq!(part.stopped_by, Some(Stopped::Time));
    assert_eq!(part.results.runs, 0);
    assert!(part.results.covered.is_empty());
    assert_eq!(part.missing(), vec![0..200]);
    // Valid: it names its experiment, serializes, reports without NaN, and
    // merges into the full result without changing it.
    assert_eq!(part.results.scenario, "belarus_2025");
    assert_eq!(part.results.seed, CFG.seed);
    let json = serde_json::to_string(&part).expect("partial results serialize");
    assert_eq!(
        serde_json::from_str::<detente::simulate::LimitedResults>(&json).expect("and read back"),
        part
    );
    let brief = serde_json::to_value(part.results.brief()).expect("brief serializes");
    assert!(!brief.to_string().contains("null"), "{brief}");
    assert_eq!(
        finish(&sim, part.results.clone(), &part.missing()),
        sim.experiment(&CFG)
    );
}

/// A time limit that fires after the first chunk: on one thread, the
/// progress callback (called as each chunk finishes) outlasts the limit, so
/// no later chunk may start. What is covered is whole chunks of 64 runs.
#[test]
fn a_time_limit_stops_at_a_chunk_boundary() {
    let sim = Simulation::from_scenario(&belarus()).expect("Belarus simulates");
    let limits = Budget::unlimited().with_time(Duration::from_millis(300));
    let slow = |_: u64, _: u64| std::thread::sleep(Duration::from_millis(400));
    let part = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool")
        .install(|| sim.experiment_with_limits(&CFG, &limits, &slow));
    assert!(part.truncated);
    assert_eq!(part.stopped_by, Some(Stopped::Time));
    let runs = part.results.runs;
    assert!(runs < 200 && runs.is_multiple_of(64), "{runs} runs");
    assert_eq!(part.results, sim.run_range(&CFG, 0..runs, &no_progress));
    assert_eq!(
        finish(&sim, part.results.clone(), &part.missing()),
        sim.experiment(&CFG)
    );
}

#[test]
fn generous_limits_change_nothing() {
    let sim = Simulation::from_scenario(&belarus()).expect("Belarus simulates");
    let limits = Budget::unlimited()
        .with_nodes(200)
        .with_time(Duration::from_secs(3_600));
    let all = sim.experiment_with_limits(&CFG, &limits, &no_progress);
    assert!(all.complete());
    assert_eq!(all.stopped_by, None);
    assert!(all.missing().is_empty());
    assert_eq!(all.results, sim.experiment(&CFG));
}

#[test]
fn sweep_limits_fire_and_keep_each_point_exact() {
    let sweep = Sweep::new(
        &belarus(),
        &[Axis {
            path: "dynamics.holders[0].elasticity".into(),
            values: vec![0.0.into(), 1.5.into()],
        }],
    )
    .expect("a valid sweep");
    let jobs = sweep.jobs(40);
    let full = sweep.run(40, Some(6), 5, 0..jobs, &no_progress);

    let by_runs = sweep.run_with_limits(
        40,
        Some(6),
        5,
        0..jobs,
        &Budget::unlimited().with_nodes(50),
        &no_progress,
    );
    assert!(by_runs.truncated);
    assert_eq!(by_runs.stopped_by, Some(Stopped::Nodes));
    assert_eq!(by_runs.results.points[0].results, full.points[0].results);
    assert_eq!(by_runs.results.points[1].results.covered, vec![(0, 10)]);
    let mut finished = by_runs.results.clone();
    finished
        .merge(&sweep.run(40, Some(6), 5, 50..jobs, &no_progress))
        .expect("the rest merges");
    assert_eq!(finished, full);

    let by_time = sweep.run_with_limits(
        40,
        Some(6),
        5,
        0..jobs,
        &Budget::unlimited().with_time(Duration::ZERO),
        &no_progress,
    );
    assert!(by_time.truncated);
    assert_eq!(by_time.stopped_by, Some(Stopped::Time));
    assert!(by_time.results.points.iter().all(|p| p.results.runs == 0));
    let mut finished = by_time.results.clone();
    finished.merge(&full).expect("empty points merge");
    assert_eq!(finished, full);

    let all = sweep.run_with_limits(40, Some(6), 5, 0..jobs, &Budget::unlimited(), &no_progress);
    assert!(!all.truncated);
    assert_eq!(all.results, full);
}
