//! Package-search benches: the best and the 5 best multilateral packages,
//! with no candidate cap, on a seeded generated world of 25 prisoners and
//! 10 governments with alliances. Every timed closure checks that the
//! search finished (the answer is proven) and that the 5-best list starts
//! with the best package, so a broken search cannot look fast.
//!
//! `cargo bench --bench package`

use criterion::{Criterion, criterion_group, criterion_main};
use detente::mediator::{Objective, PackageOptions, PackageQuery, best_packages};
use detente::model::{
    GovernmentId, GovernmentSpec, PrisonerSpec, ReliefKind, ReliefOption, SanctionSpec, State,
    World, WorldBuilder,
};
use detente::rules::Rulebook;
use rand::Rng;
use std::hint::black_box;

/// The seed of the benchmarked world.
const SEED: u64 = 15;

/// A world of `n_gov` governments and `n_prisoners` prisoners drawn from
/// `seed`: seven of every ten governments hold prisoners (each valued by
/// its holder at -0.5 to -3, by a citizen state at 3 to 10 and, one time
/// in three, by a third government at up to 3); each government values
/// recognition from two others (0.5 to 2 a level, granting it costs 0.2 to
/// 1); six sanctions whose licence is worth 2 to 8 to the target and costs
/// the imposer 0.5 to 3; audience costs up to 0.3; and `n_gov / 2 + 1`
/// alliances of weight 0.1 to 0.5.
fn generated_world(seed: u64, n_gov: usize, n_prisoners: usize) -> World {
    let mut rng = detente::rng::seeded(seed);
    let mut b = WorldBuilder::new("generated packages");
    let ids: Vec<GovernmentId> = (0..n_gov)
        .map(|g| {
            let mut spec = GovernmentSpec::new(&format!("G{g}"));
            spec.audience_cost = rng.random_range(0.0..0.3);
            b.government(spec).unwrap()
        })
        .collect();
    let holders = (n_gov * 7 / 10).max(1);
    let other = |rng: &mut detente::rng::DetRng, not: usize| loop {
        let g = rng.random_range(0..n_gov);
        if g != not {
            break g;
        }
    };
    for i in 0..n_prisoners {
        let holder = rng.random_range(0..holders);
        let citizen = other(&mut rng, holder);
        b.prisoner(PrisonerSpec::new(
            &format!("p{i}"),
            ids[holder],
            ids[citizen],
        ))
        .unwrap();
        let p = detente::model::PrisonerId::new(i);
        b.value_prisoner(ids[holder], p, -rng.random_range(0.5..3.0))
            .unwrap();
        b.value_prisoner(ids[citizen], p, rng.random_range(3.0..10.0))
            .unwrap();
        if rng.random_bool(1.0 / 3.0) {
            let third = other(&mut rng, holder);
            if third != citizen {
                b.value_prisoner(ids[third], p, rng.random_range(0.0..3.0))
                    .unwrap();
            }
        }
    }
    for g in 0..n_gov {
        for _ in 0..2 {
            let from = other(&mut rng, g);
            b.value_recognition(ids[g], ids[from], ids[g], rng.random_range(0.5..2.0))
                .unwrap();
            b.value_recognition(ids[from], ids[from], ids[g], -rng.random_range(0.2..1.0))
                .unwrap();
        }
    }
    let licence = ReliefOption {
        kind: ReliefKind::Licence,
        value_fraction: 1.0,
        max_rounds: None,
    };
    for s in 0..6 {
        let imposer = rng.random_range(0..n_gov);
        let target = other(&mut rng, imposer);
        let spec = SanctionSpec::new(&format!("s{s}"), ids[imposer], ids[target], vec![licence]);
        let id = b.sanction(spec).unwrap();
        b.value_sanction(ids[target], id, rng.random_range(2.0..8.0))
            .unwrap();
        b.value_sanction(ids[imposer], id, -rng.random_range(0.5..3.0))
            .unwrap();
    }
    for _ in 0..n_gov / 2 + 1 {
        let ally = rng.random_range(0..n_gov);
        let partner = other(&mut rng, ally);
        let weight = rng.random_range(0.1..0.5);
        // A pair drawn twice keeps its first weight.
        let _ = b.alliance(ids[ally], ids[partner], weight);
    }
    b.build().unwrap()
}

/// Whether two objective values are equal up to the rounding of the
/// search's running payoff sums (which add and take back each candidate's
/// changes along a path that depends on the pruning, so the same package
/// can score in different last bits in two searches).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn search(c: &mut Criterion) {
    let world = generated_world(SEED, 10, 25);
    let rules = Rulebook::standard();
    let state = State::initial(&world);
    let mut g = c.benchmark_group("package");
    for objective in [Objective::Surplus, Objective::NormalisedProduct] {
        let options = PackageOptions {
            objective,
            max_candidates: None,
            ..PackageOptions::default()
        };
        let best = best_packages(&world, &state, &rules, &options, &PackageQuery::default());
        assert!(best.optimal && !best.candidates.truncated());
        let top = best.packages[0].objective_value;
        let name = format!("{objective:?}").to_lowercase();
        g.bench_function(format!("best_{name}_25x10"), |b| {
            b.iter(|| {
                let found = best_packages(
                    black_box(&world),
                    &state,
                    &rules,
                    &options,
                    &PackageQuery::default(),
                );
                assert!(found.optimal && same(found.packages[0].objective_value, top));
                found
            })
        });
        let five = PackageQuery {
            k: 5,
            ..PackageQuery::default()
        };
        g.bench_function(format!("five_best_{name}_25x10"), |b| {
            b.iter(|| {
                let found = best_packages(black_box(&world), &state, &rules, &options, &five);
                assert!(found.optimal && found.packages.len() == 5);
                assert!(same(found.packages[0].objective_value, top));
                found
            })
        });
    }
    g.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
