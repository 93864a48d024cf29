//! Payoffs booked by the simulator's events (a release at the end of a
//! sentence, a suspension lapsing) include alliance shares, exactly as a
//! deal's payoffs do: an ally gains its weight times its partner's material
//! change whatever caused the change.

use detente::simulate::Simulation;

/// USA values a prisoner BLR holds at 2, BLR at -1 (so no deal frees him:
/// BLR would lose); POL shares half of the USA's gains.
fn scenario(prisoner_extra: &str, rest: &str) -> detente::scenario::Scenario {
    detente::scenario::Scenario::from_json_str(&format!(
        r#"{{"name": "event allies",
        "governments": [{{"id": "USA"}}, {{"id": "BLR"}}, {{"id": "POL"}}],
        "prisoners": [{{"id": "p", "held_by": "BLR", "valued_by": {{"USA": 2.0, "BLR": -1.0}}{prisoner_extra}}}],
        "alliances": [{{"by": "POL", "of": "USA", "weight": 0.5}}]{rest}}}"#
    ))
    .expect("scenario parses")
}

#[test]
fn a_release_at_the_end_of_a_sentence_credits_the_allies() {
    // A sentence of 1 round ends in the events of round 0 with probability
    // 1, before any discounting: USA +2, BLR -1, POL 0.5 × 2 = 1. An empty
    // `dynamics` turns on the end of sentences (its serde default).
    let s = scenario(r#", "sentence_rounds": 1"#, r#", "dynamics": {}"#);
    let sim = Simulation::from_scenario(&s).unwrap();
    let (summary, _) = sim.run_one(1, 0, 3);
    assert_eq!(summary.freed_by_sentence, 1);
    assert_eq!(summary.deals, 0);
    assert_eq!(summary.payoff, vec![2.0, -1.0, 1.0]);
}

#[test]
fn without_the_alliance_the_release_credits_only_those_who_value_it() {
    let mut s = scenario(r#", "sentence_rounds": 1"#, r#", "dynamics": {}"#);
    s.alliances.clear();
    let sim = Simulation::from_scenario(&s).unwrap();
    let (summary, _) = sim.run_one(1, 0, 3);
    assert_eq!(summary.payoff, vec![2.0, -1.0, 0.0]);
}
