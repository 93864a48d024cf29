//! Talks that climb a ladder: episodes with their own deadline, one
//! concession per deal capped by the pair's standing, delisting kept for
//! the top rung, and gestures that raise the standing. Each test runs the
//! Belarus world with the setting it is about and checks the trajectories.

use detente::deal::{ConcessionKind, Deal, UndoLog};
use detente::model::ReliefKind;
use detente::payoff;
use detente::scenario::{Ladder, Scenario};
use detente::simulate::{Simulation, Trajectory};
use serde_json::{Value, json};

fn belarus() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string("examples/scenarios/belarus_2025.json").expect("shipped file"),
    )
    .expect("JSON")
}

/// The Belarus world with a ladder and two-round episodes, nothing fitted:
/// the numbers are round ones chosen for the test.
fn laddered(ladder: Value) -> Value {
    let mut s = belarus();
    let n = &mut s["dynamics"]["negotiation"];
    n["episodes"] = json!({"rounds": 2});
    n["steps_per_round"] = json!(20);
    n["talks_probability"] = json!(1.0);
    n["batches"] = json!([1, 3, 10, 20, 50, 100, 150]);
    n["ladder"] = ladder;
    s
}

fn sim(v: &Value) -> Simulation {
    let scenario = Scenario::from_json_str(&v.to_string()).expect("valid scenario");
    Simulation::from_scenario(&scenario).expect("simulation")
}

fn trajectories(sim: &Simulation, runs: u64, rounds: u32) -> Vec<Trajectory> {
    (0..runs).map(|i| sim.run_one(11, i, rounds).1).collect()
}

/// The demander's concessions in a deal (everything it gives but releases).
fn demander_gives(deal: &Deal, demander: detente::model::GovernmentId) -> Vec<ConcessionKind> {
    deal.concessions
        .iter()
        .filter(|c| c.from == demander && !matches!(c.kind, ConcessionKind::Release { .. }))
        .map(|c| c.kind)
        .collect()
}

#[test]
fn every_deal_gives_one_concession_worth_at_most_the_cap_at_its_standing() {
    let ladder = Ladder {
        first_price: 5.0,
        growth: 2.0,
        delist_from: 0.0,
        note: String::new(),
    };
    let s = sim(&laddered(serde_json::to_value(&ladder).unwrap()));
    let w = s.world();
    let mut deals = 0;
    for t in trajectories(&s, 20, 12) {
        let mut standing = std::collections::BTreeMap::new();
        for round in &t.rounds {
            for d in round.deals.iter().filter(|d| d.passed) {
                let gives = demander_gives(&d.deal, d.demander);
                assert!(gives.len() <= 1, "{}: {gives:?}", d.description);
                // What the concession alone is worth to the holder, at the
                // state before the deal, undiscounted.
                let mut state = d.before.clone().expect("trajectories keep the state");
                let mut only = Deal::new();
                for k in gives {
                    only = only.with(d.demander, d.holder, k);
                }
                let (mut log, mut delta) = (UndoLog::new(), Vec::new());
                payoff::delta(w, &mut state, &only, &mut log, &mut delta);
                let f = payoff::discount(w, d.holder, state.round());
                let worth = delta[d.holder.index()] / f;
                let at: &mut f64 = standing.entry((d.demander, d.holder)).or_default();
                assert!(
                    worth <= ladder.cap(*at) + 1e-9,
                    "{} is worth {worth} to the holder, above the cap {} at standing {at}",
                    d.description,
                    ladder.cap(*at)
                );
                if d.defector.is_none() {
                    *at += 1.0;
                }
                deals += 1;
            }
        }
    }
    assert!(deals >= 20, "only {deals} deals in 20 runs of 12 rounds");
}

#[test]
fn delisting_waits_for_its_rung_while_licences_do_not() {
    let s = sim(&laddered(
        json!({"first_price": 100.0, "growth": 1.0, "delist_from": 3.0}),
    ));
    let (mut licences, mut delistings_early) = (0, 0);
    for t in trajectories(&s, 20, 12) {
        let mut honoured = 0;
        for round in &t.rounds {
            for d in round.deals.iter().filter(|d| d.passed) {
                for k in demander_gives(&d.deal, d.demander) {
                    match k.relief_kind() {
                        Some(ReliefKind::Delist) if honoured < 3 => delistings_early += 1,
                        Some(ReliefKind::Licence) => licences += 1,
                        _ => {}
                    }
                }
                honoured += usize::from(d.defector.is_none());
            }
        }
    }
    assert_eq!(delistings_early, 0);
    assert!(
        licences > 0,
        "a cap of 100 leaves every licence on the table"
    );
}

#[test]
fn without_a_ladder_one_deal_may_carry_several_concessions() {
    // The old layout is still there: one issue per sanction, so a deal can
    // bundle relief on several.
    let mut v = belarus();
    let negotiation = v["dynamics"]["negotiation"].as_object_mut().unwrap();
    negotiation.remove("ladder");
    negotiation.remove("episodes");
    v["dynamics"]["negotiation"]["talks_probability"] = json!(1.0);
    let s = sim(&v);
    let bundled = trajectories(&s, 20, 24).iter().any(|t| {
        t.rounds.iter().any(|r| {
            r.deals
                .iter()
                .any(|d| d.passed && demander_gives(&d.deal, d.demander).len() >= 2)
        })
    });
    assert!(bundled);
}

fn first_deal_rounds(s: &Simulation) -> Vec<u32> {
    (0..40)
        .filter_map(|i| s.run_one(5, i, 24).0.first_deal_round)
        .collect()
}

#[test]
fn episodes_bring_the_first_deal_forward() {
    // Same world, same strategies: conceding over a two-round episode
    // instead of the whole 24-round horizon.
    let mut whole = laddered(json!({"first_price": 1e6, "growth": 1.0}));
    whole["dynamics"]["negotiation"]
        .as_object_mut()
        .unwrap()
        .remove("episodes");
    let episodes = laddered(json!({"first_price": 1e6, "growth": 1.0}));
    let (a, b) = (
        first_deal_rounds(&sim(&whole)),
        first_deal_rounds(&sim(&episodes)),
    );
    let median = |mut x: Vec<u32>| {
        x.sort_unstable();
        x[x.len() / 2]
    };
    assert!(!a.is_empty() && !b.is_empty());
    assert!(
        median(b.clone()) + 6 <= median(a.clone()),
        "episodes {b:?}, whole horizon {a:?}"
    );
}

#[test]
fn release_gestures_free_prisoners_without_a_deal() {
    let mut v = laddered(json!({"first_price": 0.001, "growth": 1.0}));
    // No unilateral pardons of their own, and a cap no concession fits: the
    // only pardons are the gestures, and there is no deal.
    v["dynamics"]["holders"][0]["pardon_rate"] = json!(0.0);
    v["dynamics"]["gestures"] = json!([
        {"by": "BLR", "to": "USA", "kind": "release", "probability": 1.0, "count": 2, "credit": 0.0}
    ]);
    let s = sim(&v);
    for i in 0..5 {
        let (summary, _) = s.run_one(3, i, 6);
        assert_eq!(summary.deals, 0);
        assert_eq!(summary.pardoned, 12, "2 a round for 6 rounds");
    }
}

#[test]
fn gesture_credit_opens_rungs_that_were_closed() {
    // A cap of 1 keeps every concession off the table; a visit a round
    // with a credit of 3 lifts it to 1000 after the first round.
    let closed = laddered(json!({"first_price": 1.0, "growth": 10.0}));
    let mut open = closed.clone();
    open["dynamics"]["gestures"] = json!([
        {"by": "USA", "to": "BLR", "kind": "visit", "probability": 1.0, "credit": 3.0}
    ]);
    let deals = |v: &Value| {
        let s = sim(v);
        (0..10).map(|i| s.run_one(9, i, 6).0.deals).sum::<u32>()
    };
    assert_eq!(deals(&closed), 0);
    assert!(deals(&open) > 0);
}

#[test]
fn bad_ladder_settings_are_refused_with_their_paths() {
    let mut v = laddered(json!({"first_price": 0.0, "growth": 0.5, "delist_from": -1.0}));
    v["dynamics"]["negotiation"]["episodes"] = json!({"rounds": 0});
    v["dynamics"]["gestures"] = json!([
        {"by": "USA", "to": "BLR", "kind": "release", "probability": 2.0},
        {"by": "BLR", "to": "BLR", "kind": "visit", "probability": 0.5, "credit": -1.0}
    ]);
    let err = Scenario::from_json_str(&v.to_string())
        .and_then(|s| s.build().map(|_| ()))
        .expect_err("refused")
        .to_string();
    for path in [
        "$.dynamics.negotiation.ladder.first_price",
        "$.dynamics.negotiation.ladder.growth",
        "$.dynamics.negotiation.ladder.delist_from",
        "$.dynamics.negotiation.episodes.rounds",
        "$.dynamics.gestures[0].probability",
        "$.dynamics.gestures[1].to",
        "$.dynamics.gestures[1].credit",
    ] {
        assert!(err.contains(path), "no {path} in:\n{err}");
    }
}

#[test]
fn a_gesture_between_governments_that_do_not_talk_is_refused() {
    let mut v = laddered(json!({"first_price": 5.0, "growth": 2.0}));
    v["dynamics"]["gestures"] = json!([
        {"by": "BLR", "to": "UKR", "kind": "release", "probability": 0.5}
    ]);
    let scenario = Scenario::from_json_str(&v.to_string()).expect("valid scenario");
    let err = Simulation::from_scenario(&scenario)
        .expect_err("no talks between them")
        .to_string();
    assert!(err.contains("$.dynamics.gestures[0]"), "{err}");
}
