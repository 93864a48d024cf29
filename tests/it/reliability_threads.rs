//! Determinism across thread counts: everything that runs on rayon gives
//! the same answer with 1, 2 and 8 worker threads: GMCR stability,
//! simulation experiments (whole and sharded) and sweeps.

use detente::conflict::{AnalysisOptions, Concept, examples};
use detente::scenario::Scenario;
use detente::simulate::{Axis, ExperimentConfig, Simulation, Sweep};

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

#[test]
fn conflict_stability_is_identical_for_1_2_and_8_threads() {
    for conflict in [
        examples::prisoners_dilemma(),
        examples::syria_iraq(),
        examples::elmira(),
    ] {
        let model = conflict.compile().expect("shipped conflict compiles");
        let table = |threads| {
            in_pool(threads, || {
                let a = model.analyze(&AnalysisOptions::default());
                let mut t = Vec::new();
                for c in Concept::ALL {
                    for agent in 0..a.agents().len() {
                        t.push(a.stable(c, agent).to_vec());
                    }
                }
                t
            })
        };
        let one = table(1);
        assert!(
            one.iter().flatten().any(|&x| x),
            "{}: nothing stable",
            model.name()
        );
        assert_eq!(table(2), one, "{}: 2 threads differ", model.name());
        assert_eq!(table(8), one, "{}: 8 threads differ", model.name());
    }
}

fn belarus() -> Scenario {
    Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/scenarios/belarus_2025.json"
    ))
    .expect("the shipped Belarus scenario loads")
}

/// 200 runs span four chunks of the experiment, so with 2 and 8 threads
/// chunks finish out of order; the results must not notice. Compared
/// through their JSON as well, which is what gets published.
#[test]
fn experiments_are_bit_identical_for_1_2_and_8_threads() {
    let sim = Simulation::from_scenario(&belarus()).expect("Belarus simulates");
    let cfg = ExperimentConfig {
        runs: 200,
        rounds: 16,
        seed: 7,
    };
    let run = |threads| in_pool(threads, || sim.experiment(&cfg));
    let one = run(1);
    assert_eq!(one.runs, 200);
    assert!(
        one.deal_shapes.iter().any(|d| d.count > 0),
        "no deals at all"
    );
    let json = serde_json::to_string(&one).expect("results serialize");
    for threads in [2, 8] {
        let other = run(threads);
        assert_eq!(other, one, "{threads} threads differ");
        assert_eq!(
            serde_json::to_string(&other).expect("results serialize"),
            json,
            "{threads} threads serialize differently"
        );
    }
    // A shard that starts and ends inside chunks, run on 8 threads and
    // merged with the rest run on 1, gives the same results again.
    let mut sharded = in_pool(8, || sim.run_range(&cfg, 37..171, &|_, _| {}));
    let rest = in_pool(1, || {
        let mut r = sim.run_range(&cfg, 171..200, &|_, _| {});
        r.merge(&sim.run_range(&cfg, 0..37, &|_, _| {}))
            .expect("disjoint shards merge");
        r
    });
    sharded.merge(&rest).expect("disjoint shards merge");
    assert_eq!(sharded, one);
}

#[test]
fn sweeps_are_bit_identical_for_1_2_and_8_threads() {
    let sweep = Sweep::new(
        &belarus(),
        &[Axis {
            path: "dynamics.holders[0].elasticity".into(),
            values: vec![0.0.into(), 1.5.into()],
        }],
    )
    .expect("a valid sweep");
    let jobs = sweep.jobs(70);
    let run = |threads| in_pool(threads, || sweep.run(70, Some(12), 11, 0..jobs, &|_, _| {}));
    let one = run(1);
    assert_eq!(one.points.len(), 2);
    assert!(one.points.iter().all(|p| p.results.runs == 70));
    assert_ne!(
        one.points[0].results.arrested, one.points[1].results.arrested,
        "the swept parameter changes nothing"
    );
    for threads in [2, 8] {
        assert_eq!(run(threads), one, "{threads} threads differ");
    }
}

/// A strategy tournament (parallel over meetings, with seeded random
/// strategies) records the same meetings, in the same order, for any
/// thread count.
#[test]
fn tournaments_are_identical_for_1_2_and_8_threads() {
    use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
    let t = Tournament::new(Entrant::standard(), TournamentScenario::builtin())
        .repetitions(2)
        .n_steps(30)
        .seed(3);
    let run = |threads| in_pool(threads, || t.run().expect("the tournament runs"));
    let one = run(1);
    assert!(one.meetings.iter().any(|m| m.agreement.is_some()));
    for threads in [2, 8] {
        assert_eq!(run(threads), one, "{threads} threads differ");
    }
}
