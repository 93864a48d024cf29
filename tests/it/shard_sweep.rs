//! Sharded sweeps: 1 shard and 3 shards merged give byte-identical JSON.

use detente::negotiate::{RandomStrategy, Sao, TimeBased, domains};
use detente::shard::{Jobs, Shard, ShardError, ShardOutput, merge, run_shard};
use serde::{Deserialize, Serialize};

/// A sweep over Boulware-like exponents (points) x runs against a random
/// opponent seeded from (seed, point, run).
struct ExponentSweep {
    exponents: Vec<f64>,
    runs: usize,
    seed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RunResult {
    point: usize,
    run: usize,
    agreement: Option<usize>,
    steps: usize,
}

impl Jobs for ExponentSweep {
    type Output = RunResult;
    fn total(&self) -> usize {
        self.exponents.len() * self.runs
    }
    fn run(&self, job: usize) -> RunResult {
        let (point, run) = (job / self.runs, job % self.runs);
        let (space, ua, ub) = domains::negmas_instance(2, 42, 0).unwrap();
        let rng = detente::rng::derived(self.seed, &[point as u64, run as u64]);
        let mut a = TimeBased::with_exponent(self.exponents[point]);
        let mut b = RandomStrategy::from_rng(rng, 0.05);
        let r = Sao::new(40)
            .run(&space, &[&ua, &ub], &mut [&mut a, &mut b])
            .unwrap();
        RunResult {
            point,
            run,
            agreement: r.agreement.map(|o| o.index()),
            steps: r.steps,
        }
    }
}

fn sweep() -> ExponentSweep {
    ExponentSweep {
        exponents: vec![0.25, 1.0, 2.0, 4.0, 8.0],
        runs: 7,
        seed: 3,
    }
}

#[test]
fn one_shard_equals_three_shards_merged_byte_for_byte() {
    let s = sweep();
    let whole = serde_json::to_string(&run_shard(&s, Shard::whole())).unwrap();
    // Each shard goes through JSON, as it would between machines.
    let mut parts: Vec<ShardOutput<RunResult>> = (0..3)
        .map(|k| {
            let json = serde_json::to_string(&run_shard(&s, Shard::new(k, 3).unwrap())).unwrap();
            serde_json::from_str(&json).unwrap()
        })
        .collect();
    parts.reverse(); // merge order does not matter
    let merged = serde_json::to_string(&merge(parts).unwrap()).unwrap();
    assert_eq!(whole, merged);
    // Random draws matter: the opponent's offers vary across runs.
    let out = run_shard(&s, Shard::whole());
    assert!(out.results.windows(2).any(|w| w[0].steps != w[1].steps));
}

#[test]
fn shards_tile_any_list() {
    for total in [0, 1, 2, 7, 35, 100] {
        for n in 1..=9 {
            let mut next = 0;
            for k in 0..n {
                let r = Shard::new(k, n).unwrap().jobs(total);
                assert_eq!(r.start, next);
                assert!(r.len() == total / n || r.len() == total / n + 1);
                next = r.end;
            }
            assert_eq!(next, total);
        }
    }
}

#[test]
fn bad_merges_and_specs_are_refused() {
    let s = sweep();
    let a = run_shard(&s, Shard::new(0, 3).unwrap());
    let c = run_shard(&s, Shard::new(2, 3).unwrap());
    assert!(matches!(
        merge(vec![a.clone(), c.clone()]),
        Err(ShardError::Coverage(..))
    ));
    assert!(matches!(
        merge(vec![a.clone(), a.clone()]),
        Err(ShardError::Coverage(..))
    ));
    let mut other = c;
    other.total += 1;
    assert!(matches!(merge(vec![a, other]), Err(ShardError::Total(..))));
    for bad in ["3/3", "1", "a/2", "1/0", "-1/2"] {
        assert!(bad.parse::<Shard>().is_err(), "{bad}");
    }
}

#[test]
fn simulator_sweep_one_shard_equals_three_merged_byte_for_byte() {
    use detente::shard::{Fingerprint, ShardPart, merge_parts};
    use detente::simulate::{Axis, Sweep, SweepResults};
    let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json").unwrap();
    let axes = [Axis {
        path: "dynamics.holders[0].elasticity".into(),
        values: vec![0.0.into(), 1.0.into()],
    }];
    let sweep = Sweep::new(&s, &axes).unwrap();
    let (runs, rounds, seed) = (7, 6, 21);
    let total = sweep.jobs(runs);
    let part = |shard: Shard| {
        let b = shard.block(total);
        ShardPart {
            shard,
            total,
            start: b.start,
            end: b.end,
            fingerprint: Fingerprint::sweep(&s, &sweep, &axes, (runs, rounds, seed), shard.count)
                .unwrap(),
            results: sweep.run(runs, Some(rounds), seed, b, &|_, _| {}),
        }
    };
    let whole = serde_json::to_string(&part(Shard::whole())).unwrap();
    // Through JSON, as between machines; merged in reverse order.
    let parts: Vec<ShardPart<SweepResults>> = (0..3)
        .rev()
        .map(|k| {
            serde_json::from_str(&serde_json::to_string(&part(Shard::new(k, 3).unwrap())).unwrap())
                .unwrap()
        })
        .collect();
    let merged = serde_json::to_string(&merge_parts(parts).unwrap()).unwrap();
    assert_eq!(whole, merged);
    // Jobs are seeded per (point, run): the two points differ.
    let r = part(Shard::whole()).results;
    assert_ne!(r.points[0].results.arrested, r.points[1].results.arrested);
    // Missing and repeated blocks are refused.
    let (a, c) = (
        part(Shard::new(0, 3).unwrap()),
        part(Shard::new(2, 3).unwrap()),
    );
    assert!(matches!(
        merge_parts(vec![a.clone(), c]),
        Err(ShardError::Coverage(..))
    ));
    assert!(matches!(
        merge_parts(vec![a.clone(), a]),
        Err(ShardError::Coverage(..))
    ));
    assert!(matches!(
        merge_parts::<SweepResults>(vec![]),
        Err(ShardError::NoParts)
    ));
}
