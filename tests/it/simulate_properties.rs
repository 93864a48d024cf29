//! Invariants of simulated runs, over random seeds and dynamics: prisoners
//! are conserved in every round, nobody is freed twice while free, relief
//! stays within its level, every executed deal passed the rulebook, payoffs
//! stay finite, and runs are reproducible from their seed.

use detente::deal::ConcessionKind;
use detente::model::PrisonerStatus;
use detente::scenario::Scenario;
use detente::simulate::{Event, Simulation, Trajectory};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Variants of the Belarus scenario that exercise different paths:
/// 0 as shipped; 1 frequent defection, demander first (snapback); 2 eager
/// conceders with suspensions, renewals and escalation on every spike;
/// 3 no arrests, big batches, medical releases.
fn sims() -> &'static Vec<Simulation> {
    static SIMS: OnceLock<Vec<Simulation>> = OnceLock::new();
    SIMS.get_or_init(|| {
        let base = Scenario::from_path("examples/scenarios/belarus_2025.json").unwrap();
        let mut out = vec![Simulation::from_scenario(&base).unwrap()];
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = serde_json::to_value(&base).unwrap();
            f(&mut v);
            let s: Scenario = serde_json::from_value(v).unwrap();
            Simulation::from_scenario(&s).unwrap()
        };
        out.push(edit(&|v| {
            let d = &mut v["dynamics"];
            d["defection"]["probability"] = 0.6.into();
            d["defection"]["initial_trust"] = 0.0.into();
            d["negotiation"]["staging"] = "demander_first".into();
            d["negotiation"]["strategies"]["USA"] = "conceder".into();
            d["negotiation"]["strategies"]["BLR"] = "conceder".into();
            d["negotiation"]["talks_probability"] = 1.0.into();
            v["rules"] = serde_json::json!([{"rule": "holder_releases"}, {"rule": "no_double_release"},
                {"rule": "imposer_relieves"}, {"rule": "reciprocity"}, {"rule": "individual_rationality"}]);
        }));
        out.push(edit(&|v| {
            let d = &mut v["dynamics"];
            d["negotiation"]["strategies"]["USA"] = "conceder".into();
            d["negotiation"]["strategies"]["BLR"] = "conceder".into();
            d["negotiation"]["strategies"]["EU"] = "conceder".into();
            d["negotiation"]["talks_probability"] = 1.0.into();
            d["negotiation"]["relief"] = serde_json::json!(["suspend", "licence"]);
            d["suspensions"]["renewal_probability"] = 0.5.into();
            d["escalation"][0]["spike"] = 0.5.into();
            d["escalation"][0]["probability"] = 1.0.into();
            d["holders"][0]["elasticity"] = 3.0.into();
            d["government_changes"][0]["probability"] = 0.3.into();
        }));
        out.push(edit(&|v| {
            let d = &mut v["dynamics"];
            d["holders"][0]["arrest_rate"] = 0.0.into();
            d["holders"][0]["pardon_rate"] = 0.05.into();
            d["health"]["medical_release_share"] = 0.5.into();
            d["negotiation"]["batches"] = serde_json::json!([5, 200]);
            d["negotiation"]["default_strategy"] = "tit_for_tat".into();
            d["negotiation"]["strategies"] = serde_json::json!({"USA": {"random": {"p_accept": 0.5}}, "BLR": "frequency"});
            v["pools"][0]["health_hazard"] = 0.01.into();
        }));
        out.push(edit(&|v| {
            v["dynamics"]["negotiation"]["default_strategy"] = "lookahead".into();
        }));
        out
    })
}

/// Replays a trajectory from the initial state and checks every step.
fn check(sim: &Simulation, t: &Trajectory) -> Result<(), TestCaseError> {
    let world = sim.world();
    let mut status: Vec<PrisonerStatus> = (0..world.prisoners().len())
        .map(|p| {
            sim.initial_state()
                .status(detente::model::PrisonerId::new(p))
        })
        .collect();
    let mut log = detente::deal::UndoLog::new();
    let mut delta = Vec::new();
    for rec in &t.rounds {
        for d in &rec.deals {
            if !d.passed {
                prop_assert!(!d.violations.is_empty());
                prop_assert!(d.released.is_empty());
                continue;
            }
            // The agreed deal passes the rulebook at the state before it.
            let mut before = d.before.clone().expect("recorded");
            let ok = sim
                .rules()
                .check(world, &mut before, &d.deal, &mut log, &mut delta);
            prop_assert!(ok.is_ok(), "round {}: {:?}", rec.round, ok);
            for c in &d.deal.concessions {
                if let Some(s) = c.kind.sanction() {
                    prop_assert!(before.relief(s).level <= 1.0);
                }
                if let ConcessionKind::Release { prisoner, .. } = c.kind {
                    prop_assert_eq!(before.status(prisoner), PrisonerStatus::Held);
                }
            }
            for p in &d.released {
                prop_assert_eq!(
                    status[p.index()],
                    PrisonerStatus::Held,
                    "freed twice: {}",
                    p
                );
                status[p.index()] = PrisonerStatus::Released;
            }
            prop_assert!(d.delta.iter().all(|x| x.is_finite()));
        }
        for e in &rec.events {
            match *e {
                Event::Freed { prisoner, .. } => {
                    prop_assert_eq!(
                        status[prisoner.index()],
                        PrisonerStatus::Held,
                        "freed twice: {}",
                        prisoner
                    );
                    status[prisoner.index()] = PrisonerStatus::Released;
                }
                Event::Died { prisoner } => {
                    prop_assert_eq!(status[prisoner.index()], PrisonerStatus::Held);
                    status[prisoner.index()] = PrisonerStatus::Deceased;
                }
                Event::Arrested { prisoner, .. } => {
                    prop_assert_eq!(status[prisoner.index()], PrisonerStatus::AtLarge);
                    status[prisoner.index()] = PrisonerStatus::Held;
                }
                _ => {}
            }
        }
        let count = |s| status.iter().filter(|x| **x == s).count() as u32;
        prop_assert_eq!(count(PrisonerStatus::Held), rec.held);
        prop_assert_eq!(count(PrisonerStatus::Released), rec.released);
        prop_assert_eq!(count(PrisonerStatus::Deceased), rec.deceased);
        // Conservation: held + freed + deceased = initial + arrested.
        prop_assert_eq!(
            rec.held + rec.released + rec.deceased,
            t.initial_held + rec.arrested
        );
        prop_assert!(rec.relief.iter().all(|l| (0.0..=1.0).contains(l)));
        prop_assert!(rec.payoff.iter().all(|x| x.is_finite()));
        prop_assert!(rec.trust.iter().all(|x| (0.0..=1.0).contains(x)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(24)))]

    #[test]
    fn runs_keep_every_invariant(seed in any::<u64>(), run in 0u64..1000, rounds in 1u32..16, variant in 0usize..5) {
        let sim = &sims()[variant];
        let (summary, t) = sim.run_one(seed, run, rounds);
        check(sim, &t)?;
        prop_assert_eq!(
            summary.held_at_end + summary.freed() + summary.deceased,
            summary.initial_held + summary.arrested
        );
        prop_assert!(summary.payoff.iter().all(|x| x.is_finite()));
        prop_assert_eq!(summary.stock.len() as u32, rounds + 1);
        // Same seed, same trajectory.
        let (again, t2) = sim.run_one(seed, run, rounds);
        prop_assert_eq!(&summary, &again);
        prop_assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(&t2).unwrap());
    }
}

#[test]
fn different_seeds_give_different_runs() {
    let sim = &sims()[0];
    let (_, a) = sim.run_one(1, 0, 12);
    let (_, b) = sim.run_one(2, 0, 12);
    let (_, c) = sim.run_one(1, 1, 12);
    let j = |t: &Trajectory| serde_json::to_string(t).unwrap();
    assert_ne!(j(&a), j(&b));
    assert_ne!(j(&a), j(&c));
}

#[test]
fn the_variants_exercise_their_paths() {
    // Over a few runs each variant does what it is there for.
    let total = |v: usize, f: &dyn Fn(&detente::simulate::RunSummary) -> u32| -> u32 {
        (0..8).map(|i| f(&sims()[v].run_one(5, i, 24).0)).sum()
    };
    assert!(
        total(0, &|s| s.deals) > 0,
        "the shipped scenario makes deals"
    );
    assert!(
        total(1, &|s| s.snapbacks) > 0,
        "defection snaps relief back"
    );
    assert!(total(2, &|s| s.escalations) > 0);
    assert!(total(2, &|s| s.government_changes) > 0);
    assert!(total(3, &|s| s.medical) > 0);
    assert_eq!(total(3, &|s| s.arrested), 0);
    assert!(
        total(4, &|s| s.deals) > 0,
        "look-ahead planners make deals too"
    );
}
