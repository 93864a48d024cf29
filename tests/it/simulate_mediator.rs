//! The simulator's mediator (`dynamics.mediator`): between the pairs' talks
//! it carries out the best multilateral package, which bilateral talks can
//! never reach. The three-way swap scenario is worked by hand in its
//! description: no bilateral deal is individually rational; the swap
//! a -> B, b -> C, c -> A gives each of A, B and C 10 - 4 = +6.

use detente::deal::UndoLog;
use detente::scenario::{MediatorSettings, Scenario};
use detente::simulate::{ExperimentConfig, Simulation};

fn swap(mediator: Option<MediatorSettings>) -> Simulation {
    let mut s = Scenario::from_path("examples/scenarios/three_way_swap.json").unwrap();
    s.dynamics.get_or_insert_with(Default::default).mediator = mediator;
    Simulation::from_scenario(&s).unwrap()
}

const CFG: ExperimentConfig = ExperimentConfig {
    runs: 40,
    rounds: 4,
    seed: 2024,
};

#[test]
fn without_a_mediator_bilateral_talks_free_nobody() {
    let r = swap(None).experiment(&CFG);
    assert_eq!(r.freed_by_deal.range(), Some((0, 0)));
    assert_eq!(r.runs_without_deal, CFG.runs);
    // No mediator, no mediator counters: results read as before mediators existed.
    assert_eq!(r.counters.packages.count(), 0);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("packages"), "{json}");
}

#[test]
fn the_mediator_carries_out_the_three_way_swap_in_the_first_round() {
    let sim = swap(Some(MediatorSettings::default()));
    let r = sim.experiment(&CFG);
    assert_eq!(r.freed_by_deal.range(), Some((3, 3)));
    assert_eq!(r.counters.freed_by_package.range(), Some((3, 3)));
    assert_eq!(r.counters.packages.range(), Some((1, 1)));
    assert_eq!(r.counters.deals.range(), Some((1, 1)));
    assert_eq!(r.first_deal_round.range(), Some((0, 0)));
    assert_eq!(r.deals_per_round[0], CFG.runs);
    assert_eq!(r.held_at_end.range(), Some((0, 0)));
    assert!(serde_json::to_string(&r).unwrap().contains("\"packages\""));

    let w = sim.world();
    let (summary, trajectory) = sim.run_one(CFG.seed, 0, CFG.rounds);
    assert_eq!(summary.packages, 1);
    let round = &trajectory.rounds[0];
    assert!(round.deals.is_empty(), "no bilateral deal passes");
    let [p] = &round.packages[..] else {
        panic!("one package: {:?}", round.packages);
    };
    let codes: Vec<&str> = p.parties.iter().map(|&g| w.code(g)).collect();
    assert_eq!(codes, ["A", "B", "C"]);
    assert_eq!(p.surplus, 18.0);
    for code in ["A", "B", "C"] {
        let g = w.government_by_code(code).unwrap();
        assert_eq!(p.delta[g.index()], 6.0, "{code}");
        assert_eq!(summary.payoff[g.index()], 6.0, "{code}");
    }
    assert_eq!(p.released.len(), 3);
    assert!(
        p.description.contains("A releases a to B"),
        "{}",
        p.description
    );
    // The record's deal passes the rulebook at the state before it.
    let mut before = p.before.clone().expect("the state before the package");
    let (mut log, mut delta) = (UndoLog::new(), Vec::new());
    assert!(
        sim.rules()
            .check(w, &mut before, &p.deal, &mut log, &mut delta)
            .is_ok()
    );
    let end = sim.run_one(CFG.seed, 0, CFG.rounds).0;
    assert_eq!(end, summary, "a run is reproducible from its seed");
    let mut freed: Vec<&str> = p
        .released
        .iter()
        .map(|&id| w.prisoners()[id.index()].key.as_str())
        .collect();
    freed.sort_unstable();
    assert_eq!(freed, ["a", "b", "c"]);
    assert_eq!(round.released, 3);
}

#[test]
fn a_mediator_that_never_convenes_changes_nothing_but_its_counters() {
    let never = swap(Some(MediatorSettings {
        probability: 0.0,
        ..MediatorSettings::default()
    }))
    .experiment(&CFG);
    assert_eq!(never.freed_by_deal.range(), Some((0, 0)));
    assert_eq!(never.counters.packages.range(), Some((0, 0)));
    assert_eq!(never.counters.packages.count(), CFG.runs);
}

#[test]
fn a_mediator_capped_at_two_parties_finds_nothing() {
    let bilateral = swap(Some(MediatorSettings {
        max_parties: Some(2),
        ..MediatorSettings::default()
    }))
    .experiment(&CFG);
    assert_eq!(bilateral.freed_by_deal.range(), Some((0, 0)));
}

#[test]
fn mediated_results_merge_exactly_across_shards() {
    let sim = swap(Some(MediatorSettings {
        probability: 0.3,
        ..MediatorSettings::default()
    }));
    let full = sim.experiment(&CFG);
    let mut a = sim.run_range(&CFG, 17..CFG.runs, &|_, _| {});
    a.merge(&sim.run_range(&CFG, 0..17, &|_, _| {})).unwrap();
    assert_eq!(a, full);
    // Convening with probability 0.3 per round: some runs wait.
    let rounds: Vec<u32> = full.first_deal_round.iter().map(|(r, _)| r).collect();
    assert!(rounds.len() > 1, "{rounds:?}");
}

#[test]
fn on_belarus_every_package_passes_the_rulebook_and_prisoners_are_conserved() {
    let mut s = Scenario::from_path("examples/scenarios/belarus_2025.json").unwrap();
    s.dynamics.as_mut().unwrap().mediator = Some(MediatorSettings {
        node_limit: 20_000,
        ..MediatorSettings::default()
    });
    let sim = Simulation::from_scenario(&s).unwrap();
    let w = sim.world();
    let mut all = 0;
    for run in 0..3 {
        let (summary, trajectory) = sim.run_one(11, run, 6);
        let mut packages = 0;
        for round in &trajectory.rounds {
            for p in &round.packages {
                packages += 1;
                let mut before = p.before.clone().unwrap();
                let (mut log, mut delta) = (UndoLog::new(), Vec::new());
                let check = sim
                    .rules()
                    .check(w, &mut before, &p.deal, &mut log, &mut delta);
                assert!(check.is_ok(), "{}: {check:?}", p.description);
                assert!(p.delta.iter().all(|x| x.is_finite()));
            }
            assert_eq!(
                round.held + round.released + round.deceased,
                summary.initial_held + round.arrested
            );
        }
        assert_eq!(packages, summary.packages);
        assert!(summary.freed_by_package <= summary.freed_by_deal);
        all += packages;
    }
    // The named prisoners with relief on every sanction the US holds make
    // a package in the first round.
    assert!(all > 0);
}
