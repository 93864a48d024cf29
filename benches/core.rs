//! Core benches: building a large world from scenario text, applying and
//! undoing a 100-concession deal, checking a deal against the full rulebook.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::prelude::*;
use detente::scenario::Scenario;
use std::hint::black_box;

fn build_large_world(c: &mut Criterion) {
    let text = common::large_scenario_json(100, 100_000, 1_000);
    let mut g = c.benchmark_group("world");
    g.sample_size(10);
    g.bench_function("parse_and_build_100gov_100k_prisoners_1k_sanctions", |b| {
        b.iter(|| {
            let world = Scenario::from_json_str(black_box(&text))
                .unwrap()
                .build()
                .unwrap();
            assert_eq!(world.prisoners().len(), 100_000);
            world
        })
    });
    g.finish();
    // Peak resident memory of this process so far: the text, one world being
    // built and criterion's own buffers (an upper bound for the world).
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM"))
    {
        eprintln!("peak memory after building the 100k-prisoner world: {line}");
    }
}

fn belarus() -> (World, Rulebook) {
    let (_, w, r) = detente::scenario::load("examples/scenarios/belarus_2025.json").unwrap();
    (w, r)
}

/// 96 releases, 3 licences and a recognition: a 100-concession deal.
fn big_deal(world: &World) -> Deal {
    let usa = world.government_by_code("USA").unwrap();
    let blr = world.government_by_code("BLR").unwrap();
    let ukr = world.government_by_code("UKR").unwrap();
    let state = State::initial(world);
    let mut deal = Deal::new();
    // Statkevich refuses exile; leave him out so all 96 releases take effect.
    let willing = state
        .held()
        .filter(|&p| world.prisoner(p).is_some_and(|x| x.accepts_exile));
    for p in willing.take(96) {
        deal = deal.release(blr, usa, p, ukr);
    }
    for key in ["us_potash", "us_belavia", "us_finance"] {
        deal = deal.licence(usa, blr, world.sanction_by_key(key).unwrap());
    }
    deal.recognition(usa, blr, RecognitionLevel::EnvoyVisit)
}

fn apply_undo(c: &mut Criterion) {
    let (world, _) = belarus();
    let deal = big_deal(&world);
    assert_eq!(deal.concessions.len(), 100);
    let mut state = State::initial(&world);
    let mut log = UndoLog::new();
    let held0 = state.counts().held;
    c.bench_function("apply_undo_100_concessions", |b| {
        b.iter(|| {
            state.apply(&world, black_box(&deal), &mut log);
            assert_eq!(state.counts().held, held0 - 96);
            state.undo(&mut log);
        })
    });
    assert_eq!(state, State::initial(&world));
}

fn check_deal(c: &mut Criterion) {
    let (world, rules) = belarus();
    let deal = big_deal(&world);
    let mut state = State::initial(&world);
    let mut log = UndoLog::new();
    let mut delta = Vec::new();
    let mut g = c.benchmark_group("rulebook");
    g.bench_function("check_100_concessions_full_rulebook", |b| {
        b.iter(|| {
            let r = rules.check(&world, &mut state, black_box(&deal), &mut log, &mut delta);
            // Three reliefs from one giver to one receiver breaks nothing
            // structural; the verdict must be stable.
            black_box(r.is_ok())
        })
    });
    let small = Deal::new()
        .release(
            world.government_by_code("BLR").unwrap(),
            world.government_by_code("USA").unwrap(),
            world.prisoner_by_key("tsikhanouski").unwrap(),
            world.government_by_code("LTU").unwrap(),
        )
        .recognition(
            world.government_by_code("USA").unwrap(),
            world.government_by_code("BLR").unwrap(),
            RecognitionLevel::EnvoyVisit,
        );
    g.bench_function("check_2_concessions_full_rulebook", |b| {
        b.iter(|| {
            let r = rules.check(&world, &mut state, black_box(&small), &mut log, &mut delta);
            assert!(r.is_ok(), "{r:?}");
        })
    });
    g.finish();
}

criterion_group!(benches, build_large_world, apply_undo, check_deal);
criterion_main!(benches);
