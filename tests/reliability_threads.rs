//! Determinism across thread counts: everything that runs on rayon gives
//! the same answer with 1, 2 and 8 worker threads. (Simulation experiments
//! join this file when the simulator lands.)

use detente::conflict::{AnalysisOptions, Concept, examples};

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
